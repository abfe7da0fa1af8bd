"""The policy registry's account of a failure: a user's policy is named, the model's own code
is not blamed on it."""

from __future__ import annotations

import sys

import pytest

from sim.errors import SimError
from sim.experiment.single import simulate
from sim.scenario import registry
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["days=10", "warmup_days=0"]


def test_a_failure_inside_a_users_policy_names_the_key_class_error_and_line():
    sc = load_scenario(
        TEACHING, [*SHORT, "logistics.mode_choice.rule=tests.policies.plugins:FailsAfter"]
    )
    with pytest.raises(SimError) as err:
        simulate(sc, None)
    text = str(err.value)
    assert text.startswith(
        "logistics.mode_choice.rule: the routing policy 'tests.policies.plugins:FailsAfter' "
        "failed during the run: ZeroDivisionError: the user's policy divided by zero "
        "(plugins.py line "
    )
    assert isinstance(err.value.__cause__, ZeroDivisionError)  # --debug shows the original


def test_an_error_with_no_frame_in_a_users_policy_is_not_blamed_on_one():
    sc = load_scenario(
        TEACHING, [*SHORT, "logistics.mode_choice.rule=tests.policies.plugins:FailsAfter"]
    )
    try:
        raise KeyError("a bug in the model's own code")
    except KeyError as exc:
        assert registry.failed_policy(sc, exc) is None
    shipped = load_scenario(TEACHING, SHORT)
    try:
        raise ZeroDivisionError("no user policy chosen")
    except ZeroDivisionError as exc:
        assert registry.failed_policy(shipped, exc) is None


def test_a_plugin_in_the_working_directory_is_found_by_the_installed_command(tmp_path):
    """The ``yiwu-sim`` script has its own folder, not the working directory, on ``sys.path``
    (unlike ``python -m sim``): a ``my_policies.py`` beside the scenario, where the scenario
    reference says it may be, was refused as not importable. Run as the console script runs
    (a launcher in another folder), with two spawned workers, which must find it too."""
    import os
    import subprocess
    import sys
    import textwrap

    work = tmp_path / "study"
    work.mkdir()
    (work / "my_study_policies.py").write_text(
        textwrap.dedent(
            """
            from sim.policies.routing import RoutingPolicy


            class AllSea(RoutingPolicy):
                def choose(self, batch, view):
                    return self.pick_sea_where_possible(batch)
            """
        ),
        encoding="utf-8",
    )
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "yiwu-sim"  # what pip writes for [project.scripts]
    launcher.write_text(
        "import sys\nfrom sim.command import main\n\nif __name__ == '__main__':\n"
        "    sys.exit(main())\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, str(launcher), "run", str(TEACHING), "--replications", "2",
           "--jobs", "2", "--quiet", "--no-report", "--out", str(tmp_path / "out"),
           "--set", "days=20", "--set", "warmup_days=0",
           "--policy", "routing=my_study_policies:AllSea"]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=work)
    assert done.returncode == 0, done.stderr
    assert "cannot import" not in done.stderr
    reps = sorted((tmp_path / "out" / "teaching-small" / "replications-42").glob("rep-*"))
    assert len(reps) == 2


def test_a_missing_plugin_module_is_still_refused_with_its_key(tmp_path, monkeypatch):
    """Looking in the working directory changes nothing for a module that is nowhere."""
    monkeypatch.chdir(tmp_path)
    before = list(sys.path)
    with pytest.raises(ValueError, match="cannot import module 'no_such_policies'"):
        registry.import_class("no_such_policies:Anything")
    sys.path[:] = before


def test_the_key_naming_a_policy_tells_its_kind() -> None:
    """A plan's page says a decided policy by its kind (``routing: live``), as a run's report
    does, not by ``logistics.mode_choice.rule``."""
    from sim.scenario.registry import KEYS, kind_of_key

    assert kind_of_key("logistics.mode_choice.rule") == "routing"
    assert kind_of_key("logistics.consolidation.rollover.rule") == "rollover"
    assert all(kind_of_key(key) == kind for kind, (key, _) in KEYS.items())
    assert kind_of_key("logistics.mode_choice.params") is None  # its parameters: no policy
    assert kind_of_key("logistics.lines.L01.trains_per_week") is None
