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


def test_the_platform_is_worded_as_python_words_it_without_running_a_subprocess(monkeypatch):
    """The manifest's platform is ``platform.platform()``'s text wherever the processor's name
    is empty (most Linux machines); it never asks for that name (a ``uname -p`` subprocess)."""
    import platform

    from sim.results.run import platform_text

    if not platform.uname().processor:
        assert platform_text() == platform.platform()

    def no_subprocess(*args, **kwargs):
        raise AssertionError("the platform's text ran a subprocess")

    monkeypatch.setattr("subprocess.check_output", no_subprocess)
    monkeypatch.setattr("subprocess.run", no_subprocess)
    monkeypatch.setattr("subprocess.Popen", no_subprocess)
    monkeypatch.setattr(platform, "_uname_cache", None, raising=False)  # asked afresh
    assert platform_text().startswith(platform.system())
