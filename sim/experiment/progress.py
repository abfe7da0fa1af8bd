"""The progress bar of an experiment's runs, and the words it is written in.

An experiment shows one tqdm bar per batch of runs (``runs: 40%|████ | 4/10 [00:03<00:05,
1.20run/s]``). The experiment layer has no language: a caller that knows the reader's (the
command line's ``--lang``) passes :class:`BarWords` as the experiment's ``progress`` instead
of ``True``, and the bar is then written in those words, its rate included (tqdm's own
``run/s`` / ``s/run`` is English and cannot be translated by a unit alone). Without words the
bar is tqdm's own, as it always was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tqdm import tqdm


@dataclass(frozen=True)
class BarWords:
    """The words of the bar, in one language.

    ``bar_format`` is a tqdm ``bar_format`` that may also use ``{rate_words}``: the rate in
    these words (``rate`` with ``{x}`` runs a second when a run takes less than a second,
    ``rate_inv`` with ``{x}`` seconds a run otherwise, ``rate_unknown`` before the first run
    ends). ``labels`` say the experiment's labels (``compare``, ``sweep``, ...) in the language;
    a label not in it (a scenario's name) is shown as it is.
    """

    bar_format: str
    rate: str
    rate_inv: str
    rate_unknown: str
    labels: Mapping[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:  # words given: the bar is wanted
        return True

    def desc(self, label: str) -> str:
        """The bar's label in these words."""
        return self.labels.get(label, label)

    def rate_text(self, rate: float | None) -> str:
        """Runs a second (or seconds a run, when a run takes longer than a second)."""
        if not rate:
            return self.rate_unknown
        if rate < 1:
            return self.rate_inv.format(x=f"{1 / rate:.2f}")
        return self.rate.format(x=f"{rate:.2f}")


class Progress(tqdm):
    """tqdm without its monitor thread: every finished run redraws the bar, so nothing needs
    a thread to refresh it, and none is left running for up to 10 s after the bar closes (in a
    notebook or a server that starts experiments, threads would otherwise pile up).

    With ``words`` the bar is written in them (:class:`BarWords`)."""

    monitor_interval = 0

    def __init__(self, *args: Any, words: BarWords | None = None, **kwargs: Any) -> None:
        self.words = words
        if words is not None:
            kwargs["bar_format"] = words.bar_format
        super().__init__(*args, **kwargs)

    @property
    def format_dict(self) -> dict[str, Any]:
        d = super().format_dict
        words = getattr(self, "words", None)  # (tqdm reads it while it is being set up)
        if words is not None:
            rate = d.get("rate")
            if rate is None and d.get("elapsed"):  # as tqdm does: the mean rate so far
                rate = (d["n"] - (d.get("initial") or 0)) / d["elapsed"]
            d = {**d, "rate_words": words.rate_text(rate)}
        return d
