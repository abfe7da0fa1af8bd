"""sim.output.install: putting a finished run folder in place (temporary folders, --force, the
umask) and saying why a write failed."""

from __future__ import annotations

from pathlib import Path


def test_a_full_disk_is_said_in_chinese() -> None:
    import errno

    from sim.output.install import _os_error
    from sim.output.saying import in_lang

    exc = _os_error(OSError(errno.ENOSPC, "No space left on device", "/r/x"), Path("/r"))
    assert str(exc).endswith("free some space or write elsewhere with --out")
    assert in_lang(exc.args[0], "zh") == (
        "/r/x：无法写入（设备上没有空间）；请腾出磁盘空间，或用 --out 写到别处"
    )


def test_only_a_run_or_a_partial_run_of_yiwu_sim_may_be_replaced(tmp_path):
    """``--force`` replaces a folder whose manifest names the package, or one holding the
    writer's marker; a folder of the user's, a file and a link are refused, naming the path."""
    import os

    import pytest

    from sim.errors import ResultsError
    from sim.output.install import TMP_MARKER, check_replaceable, run_folder_kind

    run, partial, mine = tmp_path / "run", tmp_path / "partial", tmp_path / "mine"
    for folder in (run, partial, mine):
        folder.mkdir()
    (run / "manifest.json").write_text('{"package": "yiwu-sim"}')
    (partial / TMP_MARKER).write_text("x")
    (mine / "manifest.json").write_text('{"package": "something-else"}')
    assert [run_folder_kind(f) for f in (run, partial, mine)] == ["run", "partial", None]
    check_replaceable(run)
    check_replaceable(partial)
    check_replaceable(tmp_path / "missing")  # nothing there: nothing to refuse
    with pytest.raises(ResultsError, match="is not a yiwu-sim run folder") as got:
        check_replaceable(mine)
    assert str(got.value).startswith(str(mine))
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ResultsError, match="is a file"):
        check_replaceable(tmp_path / "notes.txt")
    os.symlink(run, tmp_path / "link")
    assert run_folder_kind(tmp_path / "link") is None
    with pytest.raises(ResultsError, match="symbolic link"):
        check_replaceable(tmp_path / "link")


def test_stale_temporary_folders_are_removed_only_when_marked_and_their_writer_is_gone(tmp_path):
    import os

    from sim.output.install import TMP_MARKER, current_umask, remove_stale

    dead = tmp_path / ".run.tmp-999999999-a"  # no process has this id
    live = tmp_path / f".run.tmp-{os.getpid()}-b"  # this test's own process
    unmarked = tmp_path / ".run.tmp-999999999-c"
    for folder in (dead, live, unmarked):
        folder.mkdir()
    for folder in (dead, live):
        (folder / TMP_MARKER).write_text("x")
    remove_stale(tmp_path / "run")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, unmarked.name])
    old = os.umask(0o027)
    try:
        assert current_umask() == 0o027
    finally:
        os.umask(old)
