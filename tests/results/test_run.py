"""The provenance a run records: installed versions read as importlib.metadata reads them."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, distributions, version

import pytest

from sim.results.run import dependency_versions, installed_version


def test_every_installed_version_reads_as_importlib_metadata_reads_it():
    names = {d.metadata["Name"] for d in distributions()}
    assert len(names) > 10  # the test environment's packages, this one's among them
    assert {n: installed_version(n) for n in names} == {n: version(n) for n in names}


def test_the_manifest_lists_the_dependencies_versions():
    found = dependency_versions()
    assert found["numpy"] == version("numpy") and found["pyarrow"] == version("pyarrow")
    assert set(found) >= {"python", "simpy", "networkx", "pydantic", "PyYAML"}


def test_a_package_that_is_not_installed_says_so():
    with pytest.raises(PackageNotFoundError):
        installed_version("no-such-package-for-yiwu-sim")
