"""Messages said again in the reader's language: the command line's half of the glossary.

The library words its warnings and errors in English (a notebook, a log file read them so).
:func:`said` builds such a message from a glossary key and fields, and the message keeps them,
so the command line, which knows ``--lang``, renders it again with :func:`in_lang`. Two kinds of
English are read back instead: log records whose template is a ``log:`` entry
(:class:`LogWords`, which also says a logged :func:`said` message from its key, and writes every
log line as the command's own warnings read, "warning: …", "警告：…"), and a scenario's problems,
worded by the scenario checks and pydantic below this layer, which the ``scn:`` templates of
:mod:`sim.output.glossary_messages` read (a problem no template reads stays in English) unless
it was raised as a :class:`sim.problems.Problem`, which keeps its code and values and is said
from them without reading anything back; the ``res:`` templates of
:mod:`sim.output.glossary_commands` read the results and experiment layers' refusals the same
way, and the ``os:`` entries what the system said went wrong ("No space left on device"). Key
paths, values and lists of what is allowed are fields: they read the same in both languages.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from sim.output.glossary import GLOSSARY, term
from sim.output.glossary_messages import Said
from sim.problems import READER_WORDS, Kinds, Problem, template_pattern


def said(key: str, **fields: Any) -> Said:
    """The message ``key`` in English, keeping its key and fields so that the command line can
    say it again in the reader's language (:func:`in_lang`)."""
    return Said(key, term(key, "en", **fields), fields)


DEBUG_FORMAT = "%(levelname)s %(name)s: %(message)s"
"""A log line under ``--debug``: the level and the logger's name help whoever debugs."""


class LogWords(logging.Formatter):
    """The command line's log lines in ``lang``, as the command's own warnings and errors read
    ("warning: {text}", "警告：{text}"): a logging call whose template is the English of a
    ``log:`` entry of the glossary, or whose message is a :func:`said` message, is written in
    ``lang`` (the library logs in English, for notebooks and log files), and its level is
    said the way the command says its own. ``debug`` (``--debug``): the English line with the
    level and the logger's name (:data:`DEBUG_FORMAT`) and any traceback, for developers."""

    def __init__(self, lang: str = "en", debug: bool = False) -> None:
        super().__init__(DEBUG_FORMAT)
        self.lang = lang
        self.debug = debug
        self.templates = {
            e["en"]: e.get(lang) or e["en"] for k, e in GLOSSARY.items() if k.startswith("log:")
        }

    def format(self, record: logging.LogRecord) -> str:
        if self.debug:
            return super().format(record)
        text = self.message(record)
        if record.levelno >= logging.ERROR:
            return term("cli:error", self.lang, text=text)
        if record.levelno >= logging.WARNING:
            return term("cli:warning", self.lang, text=text)
        return text  # (shown only when a caller lowers a logger's level without --debug)

    def message(self, record: logging.LogRecord) -> str:
        """The record's message in ``lang``: a :func:`said` message from its key and fields,
        a ``log:`` template in its words in ``lang``, anything else in its English (a
        translation that does not fit its values too)."""
        if isinstance(record.msg, Said) and not record.args:
            return in_lang(record.msg, self.lang)
        said = self.templates.get(str(record.msg))
        if said is not None and self.lang != "en":
            try:
                return said % record.args if record.args else said
            except (TypeError, ValueError):  # a translation that does not fit: the English
                pass
        return record.getMessage()


@lru_cache(maxsize=1)
def _read_back() -> list[tuple[re.Pattern[str], str]]:
    """The ``scn:`` templates as patterns over their English (fields as groups), the longest
    literal first: "greater than or equal to {x}" before "greater than {x}"; a template's
    form for a count of one too ("... and 1 more problem"), read back to the same key."""
    out = []
    for key, entry in GLOSSARY.items():
        if not key.startswith(("scn:", "arg:", "res:", "os:")) or key in ("scn:got", "arg:error"):
            continue
        for english in (entry["en"], entry.get("en_one")):
            if english:
                out.append((template_pattern(english), key))
    # the YAML reader's own words, without the cure our English adds to them
    out += [(template_pattern(words), key) for key, words in READER_WORDS.items()]
    # a template opening with words before one opening with a field (whose field would
    # swallow the words: "value 'x' cannot be read: … 'x' is not a valid date"), then the
    # longest words first
    return sorted(
        out,
        key=lambda pk: (
            pk[0].pattern.startswith("(?P<"),
            -len(re.sub(r"\(\?P<\w+>\.\+\?\)", "", pk[0].pattern)),
        ),
    )


def _problem(text: str, lang: str, literal_start: bool = False) -> str | None:
    """One scenario problem ("what is wrong", with or without "(got value)") in ``lang`` by
    the ``scn:`` templates, or None when none reads it; ``literal_start``: only by templates
    that open with words, not a field (a whole line "not valid YAML at …: why" is one problem
    before it is "a path: a problem")."""
    got = re.fullmatch(r"(.*) \(got (.*)\)", text, re.S)
    body = got.group(1) if got else text
    for pattern, key in _read_back():
        if literal_start and pattern.pattern.startswith("(?P<"):
            continue
        m = pattern.match(body)
        if m:
            fields = _joined(m.groupdict(), lang)
            if "why" in fields:  # a reason is a problem of its own ("duplicate key 'name'")
                fields["why"] = _problem(fields["why"], lang) or fields["why"]
            try:
                said = term(key, lang, **fields)
            except (KeyError, IndexError, ValueError):  # a message never stops an error
                return None
            return term("scn:got", lang, text=said, value=got.group(2)) if got else said
    return None


def _joined(fields: dict[str, Any], lang: str) -> dict[str, Any]:
    """``fields`` with the joining words inside a value in ``lang``: 'batched' or 'per_actor',
    --set warmup_days=75, or 0, a position 0 to 1."""
    if lang != "zh":
        return fields
    out = dict(fields)
    for name, old, new in (("choices", "' or '", "' 或 '"), ("hint", ", or ", "，或 "),
                           ("within", " to ", " 至 ")):  # fmt: skip
        if isinstance(out.get(name), str):
            out[name] = out[name].replace(old, new)
    return out


def _said_problem(p: Problem, lang: str) -> str:
    """A :class:`~sim.problems.Problem` in ``lang`` from its code and values: "key.path：what
    is wrong（给出的值：value）", the key path, the values and what is allowed as they were
    given; its English when the glossary has no wording of its code in ``lang``."""
    fields = {k: _kinds(v, lang) if isinstance(v, Kinds)
              else in_lang(v, lang) if isinstance(v, Said | Problem) else _system(v, lang)
              for k, v in _joined(p.fields, lang).items()}  # fmt: skip
    if isinstance(fields.get("why"), str) and not isinstance(p.fields.get("why"), Said | Problem):
        # a reason in a third party's words (the YAML reader's): read back where a template can
        fields["why"] = _problem(fields["why"], lang) or fields["why"]
    try:
        body = term(p.code, lang, **fields)
    except (KeyError, IndexError, ValueError):  # a message never stops an error
        return str(p)
    if p.got is not None:
        body = term("scn:got", lang, text=body, value=p.got)
    text = f"{p.where}{'：' if lang == 'zh' else ': '}{body}" if p.where else body
    if p.cut is not None and len(text) > p.cut:  # cut as its English was (a line's length)
        text = text[: p.cut - 3] + "..."
    return text


def _kinds(kinds: Kinds, lang: str) -> str:
    """The counts by kind of the closing "... and N more problems" line in ``lang``: each kind
    named from its code's wording in ``lang`` (a kind without a code by reading its English
    back, else as it is), the kinds that read alike added up, the five largest."""
    named: dict[str, int] = {}
    for code, english, n in kinds.counts:
        name = _kind_name(code, english, lang)
        named[name] = named.get(name, 0) + n
    top = sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    return term("kinds:sep", lang).join(
        term("kinds:count", lang, kind=name, n=f"{n:,}") for name, n in top
    )


def _kind_name(code: str | None, english: str, lang: str) -> str:
    """A kind of problem in ``lang``: the first words of its code's wording there, before a
    value and before the first clause's end (未知的键 {name}；允许的键：… is 未知的键)."""
    template = GLOSSARY.get(code, {}).get(lang) if code else None
    for words in re.split(r"\{[^}]*\}", template or ""):
        words = re.split(r"[；;（(：:，,。]", words, maxsplit=1)[0].strip(" .…")
        if words:
            return words
    if english:
        return _problem(english, lang) or english
    return term("kinds:other", lang)


def in_lang(text: str, lang: str = "en") -> str:
    """``text`` in ``lang``: a :class:`Said` message rendered again from its key and fields
    (fields that are messages too, in ``lang`` as well); a scenario's problem, "key.path: what
    is wrong (got value)", said in ``lang`` from its code and values when it is a
    :class:`~sim.problems.Problem`, else read back by the ``scn:`` templates (the key path and
    the value as they are; English when no template reads it); any other text as it is."""
    if lang == "en" or not isinstance(text, str):  # (an error's argument may be a path)
        return str(text)
    if isinstance(text, Problem):
        return _said_problem(text, lang)
    if not isinstance(text, Said):
        if (said := _problem(text, lang, literal_start=True)) is not None:
            return said
        start = 0
        while (at := text.find(": ", start)) >= 0:  # "point {...}: key.path: problem" too
            said = _problem(text[at + 2 :], lang)
            if said is not None:
                return f"{text[:at]}：{said}"
            start = at + 2
        return _problem(text, lang) or str(text)  # a problem of the whole run (its size)
    fields = {k: in_lang(v, lang) if isinstance(v, Said) else _system(v, lang)
              for k, v in text.fields.items()}  # fmt: skip
    return term(text.key, lang, **fields)


@lru_cache(maxsize=2)
def _system_words(lang: str) -> dict[str, str]:
    """The system's own words for the common OS errors (``os:`` entries), by their English."""
    return {e["en"]: e.get(lang) or e["en"] for k, e in GLOSSARY.items() if k.startswith("os:")}


def _system(value: Any, lang: str) -> Any:
    """A field that is what the system said went wrong ("No space left on device"), in
    ``lang``; any other field as it is."""
    return _system_words(lang).get(value, value) if isinstance(value, str) else value
