"""The exception tree of yiwu-sim.

Every error a user can cause derives from :class:`SimError`; the command line turns these into a
message and a non-zero exit code, never a traceback. Programming errors (bugs) are left as ordinary
Python exceptions so that they stay visible.
"""

from __future__ import annotations

from collections.abc import Iterable


class SimError(Exception):
    """Root of every error that yiwu-sim raises on purpose."""


NOT_SCENARIO = frozenset(
    {"--precision", "--goal", "--method", "--trajectories", "--levels", "--samples",
     "--replications"}
)  # fmt: skip
"""Sources of a :class:`ScenarioError` that are options of an experiment, not values of the
scenario: their problems are headed "invalid --precision", not "invalid scenario --precision"
(the Chinese head, "--precision 有误", never said scenario). A source may name several of
them, joined by ", " (a sensitivity design's ``--levels, --samples``)."""


def is_option(source: str | None) -> bool:
    """Whether ``source`` names options of an experiment (:data:`NOT_SCENARIO`), one or
    several joined by ", ", rather than a scenario file or a scenario's values."""
    return bool(source) and all(s in NOT_SCENARIO for s in str(source).split(", "))


class ScenarioError(SimError):
    """A scenario file (or a ``--set`` override) is unreadable or invalid.

    Parameters
    ----------
    problems
        One line per problem, each naming the key path, the bad value and what is allowed.
    source
        The file (or other origin) the scenario came from, for the message.
    """

    def __init__(self, problems: Iterable[str], source: str | None = None) -> None:
        self.problems = list(problems) or ["unknown problem"]
        self.source = source
        head = f"invalid scenario {source}" if source else "invalid scenario"
        if is_option(source):
            head = f"invalid {source}"
        lines = "\n".join(f"  - {p}" for p in self.problems)
        n = len(self.problems)  # (the glossary's cli:invalid, which says it in Chinese too)
        super().__init__(f"{head}: {n} problem{'' if n == 1 else 's'}\n{lines}")


class UsageError(SimError):
    """An option's value is out of its range (``--replications 0``, ``--jobs -1``): a usage
    error, exit code 2, like a bad scenario; nothing is run."""


class NetworkError(SimError):
    """The network data are inconsistent: an unknown node, a line that is not a connected path."""


class ResultsError(SimError):
    """A results folder is unreadable or incomplete, or would be overwritten."""


class ConservationError(SimError):
    """Orders were lost or duplicated between stages: a bug in the model, never ignored."""
