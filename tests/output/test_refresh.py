"""A reused run folder's scenario.yaml brought up to date (sim.output.refresh): both files
change or neither, as a reader sees them, wherever the process is stopped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sim.output.refresh import (
    NEW_MANIFEST,
    NEW_SCENARIO,
    finish_refresh,
    refresh_scenario,
    shown_keys,
)
from sim.output.results import verify_run


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One short run folder of the teaching world, summaries only."""
    import sim.experiment.runs as runs
    import sim.experiment.tasks as tasks
    from tests.experiment.test_runs import _sc

    folder = tmp_path_factory.mktemp("made") / "rep-000"
    tasks._simulate_and_write(runs.Task(_sc(), 3, folder, summaries_only=True))
    return folder


def _copy(made: Path, to: Path) -> Path:
    import shutil

    return Path(shutil.copytree(made, to / "rep-000"))


def _new_text(folder: Path) -> str:
    text = (folder / "scenario.yaml").read_text(encoding="utf-8")
    return text.replace("\nstart:", "\ndescription_zh: 新的说明\nstart:", 1)


def test_the_text_is_made_only_for_a_folder_to_refresh(made: Path, tmp_path: Path) -> None:
    """A relaunched experiment asks every folder it reuses; the scenario's text in its author's
    layout (a YAML round trip) is made only where a shown key differs."""
    import yaml

    folder = _copy(made, tmp_path)
    old = (folder / "scenario.yaml").read_text(encoding="utf-8")

    def unwanted() -> str:
        raise AssertionError("the text was made for a folder already up to date")

    assert not refresh_scenario(folder, unwanted, shown_keys(yaml.safe_load(old)))
    new = _new_text(folder)
    assert refresh_scenario(folder, lambda: new, shown_keys(yaml.safe_load(new)))
    assert (folder / "scenario.yaml").read_text(encoding="utf-8") == new
    verify_run(folder)


def test_only_a_key_the_hash_leaves_out_makes_a_refresh(made: Path, tmp_path: Path) -> None:
    folder = _copy(made, tmp_path)
    old = (folder / "scenario.yaml").read_text(encoding="utf-8")
    assert not refresh_scenario(folder, old + "\n# a comment changes nothing\n")
    assert (folder / "scenario.yaml").read_text(encoding="utf-8") == old
    assert refresh_scenario(folder, _new_text(folder))
    assert "新的说明" in (folder / "scenario.yaml").read_text(encoding="utf-8")
    verify_run(folder)


@pytest.mark.parametrize("stop", ["scenario written", "manifest written", "committed"])
def test_a_refresh_stopped_anywhere_leaves_a_folder_that_checks(
    made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: str
) -> None:
    """The process stopped after writing the new scenario, after the new manifest, or after
    the manifest's rename (the commit): the next check of the folder undoes the first two
    (the folder as it was) and finishes the third (the new scenario in place)."""
    import sim.output.refresh as refresh

    folder = _copy(made, tmp_path)
    old = (folder / "scenario.yaml").read_bytes()
    text = _new_text(folder)
    real_durable, real_replace = refresh._durable, os.replace
    calls = {"durable": 0, "replace": 0}

    def durable(path: Path, data: bytes) -> None:
        calls["durable"] += 1
        if stop == "scenario written" and calls["durable"] == 2:
            raise KeyboardInterrupt
        real_durable(path, data)

    def replace(src: object, dst: object) -> None:
        calls["replace"] += 1
        if stop == "manifest written" and calls["replace"] == 1:
            raise KeyboardInterrupt
        if stop == "committed" and calls["replace"] == 2:
            raise KeyboardInterrupt
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(refresh, "_durable", durable)
    monkeypatch.setattr(refresh.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        refresh_scenario(folder, text)
    monkeypatch.undo()
    verify_run(folder)  # no state in between reads as a damaged folder
    assert not (folder / NEW_SCENARIO).exists() and not (folder / NEW_MANIFEST).exists()
    now = (folder / "scenario.yaml").read_bytes()
    assert now == (text.encode("utf-8") if stop == "committed" else old)


def test_a_stray_journal_is_removed_and_the_folder_checked_as_it_is(
    made: Path, tmp_path: Path
) -> None:
    folder = _copy(made, tmp_path)
    (folder / NEW_SCENARIO).write_text("name: other\n", encoding="utf-8")
    finish_refresh(folder)
    assert not (folder / NEW_SCENARIO).exists()
    verify_run(folder)


def test_the_commit_reaches_the_disk_between_the_new_files_and_the_scenarios_rename(
    made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system may write two renames in either order unless their folder is flushed in
    between: a power cut that kept scenario.yaml's rename and lost the manifest's would have
    the next check undo the refresh with the new scenario in place, refusing the folder. The
    folder is flushed after the new files are written, after the commit and at the end."""
    import sim.output.refresh as refresh

    folder = _copy(made, tmp_path)
    done: list[str] = []
    real_replace, real_sync = os.replace, refresh._sync_folder

    def replace(src: object, dst: object) -> None:
        done.append(f"rename {Path(str(dst)).name}")
        real_replace(src, dst)  # type: ignore[arg-type]

    def sync(at: Path) -> None:
        assert at == folder
        done.append("flush")
        real_sync(at)

    monkeypatch.setattr(refresh.os, "replace", replace)
    monkeypatch.setattr(refresh, "_sync_folder", sync)
    assert refresh_scenario(folder, _new_text(folder))
    assert done == ["flush", "rename manifest.json", "flush", "rename scenario.yaml", "flush"]
    monkeypatch.undo()
    verify_run(folder)
