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


def _tree(root, files):
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def test_the_code_hash_follows_every_module_and_data_file_and_nothing_else(tmp_path):
    """Two builds of one version differ in their code hash when a module, a data file or a
    file's name differs; compiled bytecode and the docs beside the data do not count."""
    from sim.results.run import tree_sha256

    base = {"model.py": "x = 1\n", "world/data/lines.csv": "id\nL01\n", "a.yaml": "k: 1\n"}
    h = tree_sha256(_tree(tmp_path / "a", base))
    assert h == tree_sha256(_tree(tmp_path / "b", base))  # the same files: the same hash
    assert len(h) == 64 and int(h, 16) >= 0
    for changed in (
        {**base, "model.py": "x = 2\n"},
        {**base, "world/data/lines.csv": "id\nL02\n"},
        {"model2.py": "x = 1\n", "world/data/lines.csv": "id\nL01\n", "a.yaml": "k: 1\n"},
        {**base, "extra.geojson": "{}"},
    ):
        assert tree_sha256(_tree(tmp_path / f"c{len(list(tmp_path.iterdir()))}", changed)) != h
    # a file's bytes moved into its name do not collide
    assert tree_sha256(_tree(tmp_path / "d", {"ab.py": "c"})) != tree_sha256(
        _tree(tmp_path / "e", {"a.py": "bc"})
    )
    ignored = _tree(tmp_path / "f", {**base, "README.md": "notes", "__pycache__/m.py": "y"})
    assert tree_sha256(ignored) == h


def test_a_run_records_the_hash_of_the_code_that_made_it():
    """The manifest's code hash is the hash of the package the run was made with."""
    from pathlib import Path

    import sim
    from sim.model import Model
    from sim.results.run import code_sha256, tree_sha256
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml", ["days=10", "warmup_days=0"])
    r = Model(sc).run()
    assert r.manifest["code_sha256"] == code_sha256() == tree_sha256(Path(sim.__file__).parent)


def test_the_scenario_hash_leaves_out_what_only_the_pages_say():
    """``scenario_sha256`` (every table's metadata, the manifest) is the same for a scenario that
    gains a Chinese description or lists the deadlines its warnings leave aside: the tables of
    its runs stay byte for byte those made before; any setting it simulates changes it."""
    from sim.results.run import scenario_hash
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    path = ROOT / "scenarios" / "hindcast_2025_closure.yaml"
    sc = load_scenario(path)
    assert sc.description_zh and sc.reporting.deadlines_not_judged
    bare = load_scenario(path, ["description_zh=null", "reporting.deadlines_not_judged=null"])
    assert scenario_hash(sc) == scenario_hash(bare)
    assert "description_zh" in sc.to_yaml() and "description_zh" not in bare.to_yaml()
    assert scenario_hash(sc) != scenario_hash(load_scenario(path, ["seed=1"]))
    assert scenario_hash(sc) != scenario_hash(load_scenario(path, ["description=another"]))


def test_a_scenario_that_only_gains_what_the_pages_say_writes_the_same_results_files(tmp_path):
    """What :data:`~sim.results.run.NOT_HASHED` promises, on the files a run writes: a scenario
    without its Chinese description, and one that also leaves a deadline aside, write every
    table, ``summary.json`` and the CSV lists byte for byte alike; only ``scenario.yaml`` and
    the manifest (its hash of that file) differ. The hash alone being equal did not show that
    the numbers are. The teaching world's season reaches its festival goods' deadline: listed
    aside, they are judged as any other (an on-time share in both summaries)."""
    import json

    from sim.experiment.single import run_and_write
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    path = ROOT / "scenarios" / "teaching_small.yaml"
    plain = load_scenario(path, ["description_zh=null"])
    told = load_scenario(path, ["reporting.deadlines_not_judged=[festival_goods]"])
    assert told.description_zh and not plain.description_zh
    run_and_write(plain, None, tmp_path / "plain")
    run_and_write(told, None, tmp_path / "told")
    names = sorted(p.name for p in (tmp_path / "plain").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "told").iterdir())
    differ = [
        n
        for n in names
        if (tmp_path / "plain" / n).read_bytes() != (tmp_path / "told" / n).read_bytes()
    ]
    assert differ == ["manifest.json", "scenario.yaml"]
    assert any(n.endswith(".parquet") for n in names)
    summary = json.loads((tmp_path / "told" / "summary.json").read_text(encoding="utf-8"))
    assert summary["on_time"]["by_category"]["festival_goods"]["share"] is not None
