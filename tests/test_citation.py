"""CITATION.cff is valid YAML with the fields a citation needs, and names this version."""

import yaml

from sim import __version__
from tests.conftest import ROOT


def test_citation_file_names_this_version():
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert data["cff-version"] == "1.2.0" and data["type"] == "software"
    assert {"message", "title", "authors", "version", "license"} <= set(data)
    assert data["version"] == __version__


def test_the_readme_says_how_to_cite_with_this_version():
    """A researcher looking in the README for how to cite found only the manifest's
    ``code_sha256`` ("cite it with the version"), never ``CITATION.cff``. The README names the
    file, the version it holds and what to cite beside it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Citing", 1)[1].split("\n## ", 1)[0]
    assert "`CITATION.cff`" in section and f"version {__version__}" in section
    assert "code_sha256" in section and "seed" in section
