"""The command's entry (:func:`main`): read the arguments, run the command they name, and turn
what goes wrong into one message in the reader's language and an exit code (0 done; 2 the input
is wrong; 1 the work could not be done; 130 interrupted; 141 the output's reader went away).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from sim.cli import help_text
from sim.cli.help_text import _asked_lang
from sim.cli.parser import build_parser
from sim.cli.printing import _error_text, _lang, _os_words
from sim.cli.process import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_PIPE_CLOSED,
    EXIT_USAGE,
    _quiet_stdout,
    _settle,
    _start,
)
from sim.cli.run import cmd_run
from sim.cli.settings import _warn_unused_precision_options
from sim.errors import ScenarioError, SimError, UsageError


def main(argv: Sequence[str] | None = None, *, own_process: bool = False) -> int:
    """Entry point of ``yiwu-sim``; returns the exit code.

    ``own_process``: the process is the command's own (:mod:`sim.command`), so its start-up
    may run with the garbage collector paused (:func:`_settle`); a caller's process (a test, a
    notebook) is left as it is.
    """
    _start(own_process)
    try:
        return _main(argv)
    except BrokenPipeError:  # while printing --help or a usage error to a closed pipe
        _quiet_stdout()
        return EXIT_PIPE_CLOSED
    finally:
        _settle()


def _top_lang(args: argparse.Namespace, argv: list[str]) -> None:
    """``yiwu-sim --lang zh run ...``: the language given before the command is the command's
    own ``--lang``, unless the command is given one of its own."""
    top = getattr(args, "top_lang", None)
    if top is None or not hasattr(args, "lang") or args.command not in argv:
        return
    after = argv[argv.index(args.command) + 1 :]
    if not any(a == "--lang" or a.startswith("--lang=") for a in after):
        args.lang = top


def _main(argv: Sequence[str] | None) -> int:
    # the help's and the usage errors' language, before the arguments are parsed
    help_text._argv_lang = _asked_lang(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.func is not cmd_run:  # a run settles once its scenario is read
        _settle()
    _top_lang(args, list(sys.argv[1:] if argv is None else argv))
    lang = _lang(args)
    _warn_unused_precision_options(args)
    from sim.output.saying import DEBUG_FORMAT, LogWords

    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format=DEBUG_FORMAT)
    for handler in logging.getLogger().handlers:
        # the library's warnings read as the command's own ("warning: …", "警告：…") in the
        # reader's language; under --debug, with their level and logger's name (and each
        # command of one process, a notebook's or a test's, sets its own)
        handler.setFormatter(LogWords(lang, debug=args.debug))
    from sim.output.glossary import term

    try:
        return int(args.func(args))
    except (ScenarioError, UsageError) as exc:  # the input is wrong: nothing was run
        if args.debug:
            raise
        sys.stderr.write(_error_text(exc, lang) + "\n")
        return EXIT_USAGE
    except SimError as exc:
        if args.debug:
            raise
        sys.stderr.write(_error_text(exc, lang) + "\n")
        return EXIT_ERROR
    except BrokenPipeError:  # the output's reader closed the pipe (| head): nothing to say
        _quiet_stdout()
        return EXIT_PIPE_CLOSED
    except OSError as exc:  # a full disk, a folder one may not write: one line with the path
        if args.debug:
            raise
        where = f"{exc.filename}{'：' if lang == 'zh' else ': '}" if exc.filename else ""
        sys.stderr.write(term("cli:error", lang, text=f"{where}{_os_words(exc, lang)}") + "\n")
        return EXIT_ERROR
    except MemoryError:  # beyond the estimate: one line, not a traceback
        if args.debug:
            raise
        sys.stderr.write(term("cli:error", lang, text=term("cli:oom", lang)) + "\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write(term("cli:interrupted", lang) + "\n")
        return EXIT_INTERRUPTED
