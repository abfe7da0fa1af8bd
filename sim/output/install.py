"""Installing a run folder safely: a temporary folder beside it, then one rename.

A writer marks its temporary folder as a partial run (:data:`TMP_MARKER`), removes only the
stale temporary folders of writers that no longer run, and replaces an existing folder only with
``force`` and only when it is a run of this program (:func:`check_replaceable`), never a folder of
the user's.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from sim.errors import ResultsError
from sim.output.jsonio import read_limited
from sim.output.saying import said
from sim.scenario import Scenario

log = logging.getLogger(__name__)


def _os_error(exc: OSError, where: Path) -> ResultsError:
    """One line for an operating-system error while writing: the path and the reason."""
    path = exc.filename or where
    if isinstance(exc, FileExistsError) and not Path(path).is_dir():
        # a folder asked for (--out) where a file is: "File exists" said less than this
        exc = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), path)
    reason = exc.strerror or str(exc) or type(exc).__name__
    hint = said("err:disk_full") if exc.errno == errno.ENOSPC else ""
    return ResultsError(said("err:cannot_write", path=path, reason=reason, hint=hint))


def _pid_of(name: str) -> int | None:
    """The process id in a temporary name ``.<run>.tmp-<pid>-<random>`` (or ``.old-``)."""
    for tag in (".tmp-", ".old-"):
        if tag in name:
            try:
                return int(name.split(tag, 1)[1].split("-", 1)[0])
            except ValueError:
                return None
    return None


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a live process of another user
        return True
    return True


TMP_MARKER = ".yiwu-sim-partial"
"""A file the writer puts in each temporary folder it makes (and removes just before the
folder becomes the run folder): what marks a folder as a partial run of this program, which
stale-folder clean-up and ``--force`` may remove; a folder without it (or a manifest) is the
user's and is never removed."""


def _mark(tmp: Path) -> None:
    (tmp / TMP_MARKER).write_bytes(b"a partial run folder of yiwu-sim; safe to remove\n")


def remove_stale(folder: Path) -> None:
    """Remove temporary folders of ``folder`` left by writers that no longer run (killed);
    a live writer's temporary folder is never touched, nor a folder not marked as one of
    this program's (:data:`TMP_MARKER`), whatever its name."""
    for stale in folder.parent.glob(f".{folder.name}.*-*"):
        ours = stale.is_dir() and not stale.is_symlink() and (stale / TMP_MARKER).is_file()
        tagged = ".tmp-" in stale.name or ".old-" in stale.name
        if ours and tagged and not _alive(_pid_of(stale.name)):
            shutil.rmtree(stale, ignore_errors=True)


MAX_MANIFEST_BYTES = 16 << 20
"""Largest ``manifest.json`` read (a full-scale year's takes about 3 kB)."""


def run_folder_kind(folder: Path) -> str | None:
    """``"run"`` if ``folder`` is a run folder yiwu-sim wrote (its ``manifest.json`` names
    the package), ``"partial"`` if it holds this program's temporary marker, else None (a
    folder of the user's, a file, a link, or nothing)."""
    if folder.is_symlink() or not folder.is_dir():
        return None
    if (folder / TMP_MARKER).is_file() and not (folder / TMP_MARKER).is_symlink():
        return "partial"
    manifest = folder / "manifest.json"
    if manifest.is_symlink():
        return None
    try:
        data = json.loads(read_limited(manifest, MAX_MANIFEST_BYTES).decode("utf-8"))
    except (ResultsError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    return "run" if isinstance(data, dict) and data.get("package") == "yiwu-sim" else None


def check_replaceable(folder: Path) -> None:
    """Refuse to replace ``folder`` unless it is a complete or partial run of this program:
    ``--force`` replaces run folders only, never a folder of the user's that happens to have
    the run's path.

    Raises
    ------
    ResultsError
        Naming the folder and why it is not replaced.
    """
    folder = Path(folder)
    if folder.is_symlink():
        raise ResultsError(
            f"{folder} is a symbolic link; yiwu-sim does not replace links (remove it, or "
            "pass the folder it points to as --out)"
        )
    if not folder.exists():
        return
    if not folder.is_dir():
        raise ResultsError(f"{folder} is a file, not a run folder; --force does not replace it "
                           "(move it, or choose another --out or --run-id)")  # fmt: skip
    if run_folder_kind(folder) is None:
        raise ResultsError(
            f"{folder} exists and is not a yiwu-sim run folder (no manifest.json written by "
            "yiwu-sim); --force replaces run folders only: move it, or choose another --out "
            "or --run-id"
        )


_EXISTS = {errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR}


def _install(tmp: Path, folder: Path, force: bool) -> None:
    """Rename the complete ``tmp`` to ``folder``; an existing folder is replaced only with
    ``force`` (moved aside under a name of this process, then removed)."""
    for _ in range(10):  # another forced writer may move the folder between our two renames
        try:
            os.rename(tmp, folder)  # refuses a non-empty folder: never replaces silently
            return
        except OSError as exc:
            if exc.errno not in _EXISTS:
                raise
        if not force:
            raise ResultsError(
                f"{folder} was written by another run meanwhile; this run's results were not "
                "kept (pass --force to replace it)"
            )
        check_replaceable(folder)  # again: the folder may have changed since the run began
        trash = Path(
            tempfile.mkdtemp(prefix=f".{folder.name}.old-{os.getpid()}-", dir=folder.parent)
        )
        _mark(trash)
        try:
            os.rename(folder, trash / "run")
        except FileNotFoundError:  # another writer moved it away first: try again
            shutil.rmtree(trash, ignore_errors=True)
            continue
        try:
            os.rename(tmp, folder)
        except OSError as exc:
            try:  # put the old run back rather than lose it
                os.rename(trash / "run", folder)
                shutil.rmtree(trash, ignore_errors=True)
            except OSError:
                log.warning("the replaced run is kept in %s", trash / "run")
            if exc.errno not in _EXISTS:
                raise
            continue
        shutil.rmtree(trash, ignore_errors=True)
        return
    raise ResultsError(f"{folder}: other writers kept replacing it; try again")


def current_umask() -> int:
    """The process's umask, read without changing it where Linux shows it (``os.umask``
    would set it for a moment, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def run_dir(root: Path, sc: Scenario, run_id: str) -> Path:
    """Where a run of ``sc`` with ``run_id`` is stored under ``root``."""
    return root / sc.name / run_id
