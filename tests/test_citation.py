"""CITATION.cff is valid YAML with the fields a citation needs, and names this version."""

import yaml

from sim import __version__
from tests.conftest import ROOT


def test_citation_file_names_this_version():
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert data["cff-version"] == "1.2.0" and data["type"] == "software"
    assert {"message", "title", "authors", "version", "license"} <= set(data)
    assert data["version"] == __version__
