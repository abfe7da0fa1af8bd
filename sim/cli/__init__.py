"""The ``yiwu-sim`` command line: a thin layer over the library.

Commands: ``run`` (simulate a scenario and write a results folder), ``collect`` (gather results
folders into one KPI table), ``warmup`` (suggest a warm-up from daily series), ``validate`` (check
scenario files), ``network`` (list the lines and export the network), ``schema`` (print the
scenario JSON Schema). Errors a user can cause are printed as a message with a non-zero exit
code; ``--debug`` shows the traceback as well. Exit codes: 0 done; 2 the input is wrong (a
scenario, ``--set``, ``--vary``, an option out of its range such as ``--seed -5``,
``--replications 0`` or ``--run-id ../x``: nothing was run); 1 the work could not be done (a
results folder exists, is not a run folder or is damaged, the disk is full, too little memory,
workers kept dying); 130 interrupted.

The package holds one responsibility a module:

- :mod:`sim.cli.entry`: :func:`main`, which reads the arguments, runs the command and turns
  errors into messages and exit codes; :mod:`sim.cli.process`: the exit codes and the command's
  own process (the garbage collector paused for start-up).
- :mod:`sim.cli.parser`: every command and its options (and ``completion``);
  :mod:`sim.cli.options`: the option types and groups several commands share;
  :mod:`sim.cli.help_text`: argparse's help and usage errors in the reader's language.
- :mod:`sim.cli.settings`: what the options ask of the library (overrides, executor, report);
  :mod:`sim.cli.scenario_warnings`: the warnings printed before scenarios run.
- The commands: :mod:`sim.cli.run` (``run``, with replications), :mod:`sim.cli.compare`,
  :mod:`sim.cli.sweep`, :mod:`sim.cli.sensitivity`, :mod:`sim.cli.plan`,
  :mod:`sim.cli.results_folders` (``report``, ``collect``, ``events``, ``warmup``, ``figures``)
  and :mod:`sim.cli.scenario_tools` (``validate``, ``network``, ``schema``, ``explore``).
- :mod:`sim.cli.printing`: lines, warnings, errors and tables as the terminal shows them;
  :mod:`sim.cli.summary`: the summary of a single run.
"""

from __future__ import annotations

from sim.cli.entry import main
from sim.cli.options import POLICY_HELP
from sim.cli.parser import build_parser
from sim.cli.printing import HEADLINE
from sim.cli.summary import print_summary

__all__ = ["HEADLINE", "POLICY_HELP", "build_parser", "main", "print_summary"]
