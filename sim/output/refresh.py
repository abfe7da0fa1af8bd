"""A reused run folder's ``scenario.yaml`` brought up to date with the scenario file.

An experiment launched again keeps every run folder that is complete and was made from the same
scenario (its :func:`~sim.results.run.scenario_hash`). That hash leaves out the keys that only
say what the pages show (:data:`~sim.results.run.NOT_HASHED`: the Chinese description, the
deadlines the warnings leave aside), so a file that gained one of them reused its old folders,
and the reports, which read the scenario a run folder saved, showed the old description and
warnings. :func:`refresh_scenario` rewrites that folder's ``scenario.yaml`` (and its hash in the
manifest) and nothing else: the tables and the summary are the same bytes.

Notes
-----
The two files change together or not at all, as a reader sees them. Both are first written
beside the old ones (``.scenario.yaml.new``, ``.manifest.json.new``); the manifest's rename is
the commit, then ``scenario.yaml``'s follows, the folder flushed to the disk before and after
the commit (so that a power cut, not only a stopped process, finds the renames in their order).
A process stopped in between leaves a journal that
:func:`finish_refresh` (called before every check of a run folder) reads: a manifest not yet
renamed, nothing was changed (the new files are removed); a manifest renamed, the new scenario
is moved into place. No state in between is ever read as a damaged folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from sim.output.arrow import file_sha256
from sim.output.jsonio import json_text, read_json
from sim.results.run import NOT_HASHED

NEW_SCENARIO = ".scenario.yaml.new"
NEW_MANIFEST = ".manifest.json.new"
"""The journal of a refresh under way: the new files, beside the ones they replace."""


def shown_keys(data: Any) -> dict[str, Any]:
    """The values of the :data:`NOT_HASHED` keys in a scenario's mapping (None where absent)."""
    out: dict[str, Any] = {}
    for key in NOT_HASHED:
        part = data
        for name in key.split("."):
            part = part.get(name) if isinstance(part, dict) else None
        out[key] = part
    return out


def _durable(path: Path, data: bytes) -> None:
    """Write ``path`` and flush it to the disk before it is renamed over anything."""
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _sync_folder(folder: Path) -> None:
    """Flush ``folder``'s entries (the files created and renamed in it) to the disk.

    A rename is durable only once its folder is flushed: without this, a power cut could keep
    ``scenario.yaml``'s rename and lose the manifest's, which came first (a file system may
    write the two in either order), and the folder's next check would undo the refresh with
    the new scenario already in place: a run folder refused, and its run made again. Where a
    folder cannot be opened so (Windows), its renames are as durable as the system makes them.
    """
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # (a file system that cannot flush a folder)
            os.fsync(fd)
    finally:
        os.close(fd)


def finish_refresh(folder: Path) -> None:
    """Complete or undo a refresh of ``folder`` that was stopped (see the module's notes)."""
    new_manifest, new_scenario = folder / NEW_MANIFEST, folder / NEW_SCENARIO
    if new_manifest.exists():  # not committed: the folder is as it was
        new_manifest.unlink()
        with contextlib.suppress(FileNotFoundError):
            new_scenario.unlink()
        return
    if not new_scenario.exists():
        return
    try:
        listed = read_json(folder / "manifest.json")["files"]["scenario.yaml"]["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        listed = None
    if listed is not None and file_sha256(new_scenario) == listed:  # committed: finish it
        os.replace(new_scenario, folder / "scenario.yaml")
    else:  # (a journal left by anything else: the manifest's check says what is wrong)
        new_scenario.unlink()


def refresh_scenario(
    folder: Path, text: str | Callable[[], str], shown: dict[str, Any] | None = None
) -> bool:
    """Make ``text`` (the scenario as the writer would save it now) the ``scenario.yaml`` of
    the complete run folder ``folder`` when they differ in a key :data:`NOT_HASHED` names
    (the only keys two scenarios of one hash can differ in), with its hash in the manifest;
    returns whether it did. The tables and the summary are not touched.

    ``text`` may be a function that makes it, and ``shown`` the scenario's values of those
    keys (:func:`shown_keys` of its mapping): the text is then made only for a folder to
    refresh (writing a scenario in its author's layout is a YAML round trip, and a relaunched
    experiment asks this of every run folder it reuses)."""
    old_path = folder / "scenario.yaml"
    try:
        old = yaml.safe_load(old_path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return False  # (the manifest's check refuses the folder: it is made again)
    if shown is None:
        text = text() if callable(text) else text
        shown = shown_keys(yaml.safe_load(text))
    if shown_keys(old) == shown:
        return False
    text = text() if callable(text) else text
    manifest = read_json(folder / "manifest.json")
    data = text.encode("utf-8")
    entry = manifest["files"]["scenario.yaml"]
    manifest["files"]["scenario.yaml"] = {**entry, "sha256": hashlib.sha256(data).hexdigest()}
    _durable(folder / NEW_SCENARIO, data)
    _durable(folder / NEW_MANIFEST, json_text(manifest).encode("utf-8"))
    _sync_folder(folder)  # both new files on the disk before the commit names them
    os.replace(folder / NEW_MANIFEST, folder / "manifest.json")  # the commit
    _sync_folder(folder)  # the commit on the disk before the scenario it lists moves
    os.replace(folder / NEW_SCENARIO, old_path)
    _sync_folder(folder)
    return True
