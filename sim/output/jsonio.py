"""Strict JSON for a results folder: written without NaN or Infinity, read within bounds.

Every JSON file yiwu-sim writes (summary, manifest, aggregates, plans) goes through
:func:`json_text`; every one read from a results folder through :func:`read_json`, which
refuses a file that is not regular, too large, too deeply nested or holding numbers out of range,
naming the file.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sim.errors import ResultsError


def finite_json(data: Any) -> Any:
    """``data`` with every non-finite float (NaN, +-Infinity) as None: strict JSON has no
    such numbers (Python's ``json`` would write ``NaN`` and ``Infinity``, which other readers
    refuse), and a KPI that cannot be computed or overflowed is written as ``null``."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: finite_json(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [finite_json(v) for v in data]
    return data


def json_text(data: Any, default: Callable[[Any], Any] | None = None) -> str:
    """Strict JSON text of ``data`` (non-finite numbers as null, see :func:`finite_json`),
    indented, with a final newline: every JSON file yiwu-sim writes. ``default`` converts
    what JSON has no type for, as in :func:`json.dumps`."""
    text = json.dumps(finite_json(data), indent=2, allow_nan=False, default=default)
    return text + "\n"


MAX_JSON_BYTES = 16 << 20
"""Largest JSON file of a results folder that is read (a full-scale year's manifest and
summary take a few kB; a larger one was not written by yiwu-sim)."""
MAX_JSON_DEPTH = 64
"""Deepest nesting of a JSON file of a results folder that is read (yiwu-sim writes five)."""


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Only a regular file is opened (a FIFO would block for ever, ``/dev/zero`` never ends),
    without following a last symbolic link to somewhere else unnoticed, and at most
    ``limit + 1`` bytes are read whatever the file claims its size is.

    Raises
    ------
    ResultsError
        Naming the file: missing, not a regular file, unreadable or larger than ``limit``.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ResultsError(f"{path}: file is missing") from None
    except OSError as exc:
        raise ResultsError(f"{path}: unreadable ({exc.strerror or exc})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ResultsError(f"{path}: not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ResultsError(f"{path}: unreadable ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ResultsError(f"{path}: larger than {limit:,} bytes; not a file yiwu-sim wrote")
    return data


def json_depth(data: Any) -> int:
    """How deeply ``data`` nests (a number: 0), counted without recursion."""
    deepest, todo = 0, [(data, 0)]
    while todo:
        item, depth = todo.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            todo.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            todo.extend((v, depth + 1) for v in item)
    return deepest


def read_json(path: Path, limit: int = MAX_JSON_BYTES) -> dict[str, Any]:
    """A JSON object from a file of a results folder: bounded in size and nesting, numbers
    finite and within a float (a 400-digit integer is refused, not read)."""
    raw = read_limited(path, limit)

    def number(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"the number {text[:20]}... is out of range")
        return value

    def integer(text: str) -> int:
        if len(text.lstrip("-")) > 19:  # beyond a 64-bit integer: no count or seed is
            raise ValueError(f"the integer {text[:20]}... has more than 19 digits")
        return int(text)

    def constant(text: str) -> Any:
        raise ValueError(f"{text} is not JSON (non-finite numbers are written as null)")

    try:
        data = json.loads(raw.decode("utf-8"), parse_float=number, parse_int=integer,
                          parse_constant=constant)  # fmt: skip
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ResultsError(f"{path}: damaged ({str(exc)[:200]})") from None
    if json_depth(data) > MAX_JSON_DEPTH:
        raise ResultsError(f"{path}: damaged (nested more than {MAX_JSON_DEPTH} levels deep)")
    if not isinstance(data, dict):
        raise ResultsError(
            f"{path}: damaged (a JSON object was expected, got {type(data).__name__})"
        )
    return data
