"""The settings two scenarios differ in, as a comparison's reasons name them.

Notes
-----
When a KPI moved between two scenarios, the comparison's *Why* names the resolved settings that
differ (:func:`setting_differences`; name, seed and descriptions aside): a part one side has and
the other lacks (a crossing, the container pools) as one item, the disruptions as one item of
the windows added and removed, and at most :data:`SETTINGS_SAID` of them, then a count of the
rest.
"""

from __future__ import annotations

from typing import Any

from sim.output.glossary import GLOSSARY, term
from sim.results.run import NOT_HASHED

SETTINGS_SAID = 20
"""At most this many differing settings are named in a comparison's reason (then a count of
the rest): every setting a what-if usually changes, not the hundred of two unlike scenarios."""


SETTING_WORDS = ("days", "warmup_days", "start", "scale", "buyers.visits_per_day",
                 "buyers.in_scope_share", "market.merchants")  # fmt: skip
"""Top-level settings the glossary names (``set:days`` ...): the ones a what-if changes most."""


def setting_name(key: str, lang: str = "en") -> str | None:
    """A setting's key path in the words the reports use in ``lang``, or None where they have
    none: a policy by its kind, as a run's report names it (``logistics.mode_choice.rule``:
    "routing", 路径选择; a parameter of it: "routing: rail share"), a line's or a crossing's
    setting by the place's name and the plan's words for it ("Madrid (L01) trains per
    week", 马德里（L01）每周班列数), a destination's share of buyers, and the few top-level
    settings of :data:`SETTING_WORDS`."""
    from sim.scenario.registry import KEYS, kind_of_key

    kind = kind_of_key(key)
    if kind is not None:
        return term(f"rule_kind:{kind}", lang)
    colon = "：" if lang == "zh" else ": "
    for kind, (rule, params) in KEYS.items():  # a parameter of a policy
        # (a rule's own part holds its settings, logistics.mode_choice.rail_share; a rule
        # named beside others, logistics.consolidation.loading, has its params key only)
        own = rule.removesuffix(".rule") if rule.endswith(".rule") else params
        for part in {params, own}:
            if key.startswith(part + "."):
                rest = key[len(part) + 1 :]
                return term(f"rule_kind:{kind}", lang) + colon + _what(rest, lang)
    if key in SETTING_WORDS:
        return term(f"set:{key}", lang)
    parts = key.split(".")
    if len(parts) == 4 and parts[:2] in (["logistics", "lines"], ["logistics", "borders"]):
        return _place(parts[2], lang) + ("" if lang == "zh" else " ") + _what(parts[3], lang)
    if len(parts) == 3 and parts[:2] == ["buyers", "destinations"]:
        return term("set:destination_share", lang, place=_place(parts[2], lang))
    return None


def _what(key: str, lang: str) -> str:
    """The last words of a setting's name: the glossary's (``what:trains per week``), else
    the key with spaces for its underscores (in English; a Chinese page keeps the key)."""
    words = key.replace("_", " ").replace(".", " ")
    if f"what:{words}" in GLOSSARY:
        return term(f"what:{words}", lang)
    return key if lang == "zh" else words


def _place(code: str, lang: str) -> str:
    """A line or a node by its name and code (``Madrid (L01)``, ``马德里（L01）``), as a plan's
    decisions name them; the code alone where the shipped network does not know it."""
    from sim.world.network import place_name

    name = place_name(code, lang)
    if name == code:
        return code
    name = name.removeprefix("义乌—") if lang == "zh" else name.removeprefix("Yiwu-")
    return f"{name}（{code}）" if lang == "zh" else f"{name} ({code})"


def _named(key: str, lang: str) -> str:
    """A setting as a reason names it: its words and, for whoever types it (``--set``), its
    key path as a code span (``routing (`logistics.mode_choice.rule`)``); the key path alone
    where the reports have no words for it."""
    name = setting_name(key, lang)
    if name is None:
        return f"`{key}`"
    return f"{name}（`{key}`）" if lang == "zh" else f"{name} (`{key}`)"


def setting_differences(
    base: dict[str, Any],
    other: dict[str, Any],
    limit: int | None = None,
    lang: str = "en",
    named: bool = False,
) -> list[str]:
    """``key: a -> b`` for the resolved scenario settings that differ (name, seed and
    description aside; the disruptions as one item, ``disruptions: + BRE 2026-01-06..2026-01-18``
    for each window added, ``-`` for each removed): all of them, or at most ``limit`` and a
    count of the rest in ``lang``. A comparison's page says each reason once, so it names up
    to :data:`SETTINGS_SAID` (a list cut at six hid the seventh behind "... 1 more", in English
    on a Chinese page; two unlike scenarios differ in a hundred settings). ``named``: each
    setting in the reports' words with its key path as a code span (:func:`_named`): the
    comparison's *Why* listed bare key paths (``logistics.mode_choice.rule: share ->
    cheapest``) where the rest of the reports say "routing"."""
    fa, fb = _flat(base), _flat(other)
    # (and the keys that change no number, NOT_HASHED: a translation, the deadlines left aside)
    skip = ("name", "description", "seed", "disruptions.", *NOT_HASHED)
    keys = sorted(k for k in set(fa) | set(fb) if fa.get(k) != fb.get(k) and not k.startswith(skip))
    keys = [k for k in keys if not k.endswith(".description")]
    # a part added or removed whole (a crossing, the container pools) as one item: its every
    # setting took the list's places and hid the policies behind "... more"
    whole: dict[str, list[str]] = {}
    for k in keys:
        if (k in fa) != (k in fb):
            whole.setdefault(_absent_from(k, fb if k in fa else fa), []).append(k)
    grouped = {k: p for p, ks in whole.items() if len(ks) > 1 for k in ks}
    items: dict[str, str] = {}
    colon = "：" if named and lang == "zh" else ": "
    for k in keys:
        if k not in grouped:
            shown = _named(k, lang) if named else k
            items[k] = f"{shown}{colon}{_value(fa.get(k, '-'))} -> {_value(fb.get(k, '-'))}"
        elif grouped[k] not in items:
            part = _named(grouped[k], lang) if named else grouped[k]
            items[grouped[k]] = f"{'+' if k in fb else '-'} {part}"
    keys = sorted(items)
    out = [items[k] for k in keys]
    # the disruptions as one item, each window added or removed, in the sorted place of its
    # key: one item a window's every field took up the list and hid the policies behind it
    was, now = base.get("disruptions") or [], other.get("disruptions") or []
    added = [d for d in now if d not in was]
    removed = [d for d in was if d not in now]
    # the same window told another way (another announcement, a deeper cut): its changes, not
    # "+ MAL 2025-10-06..2025-11-30, - MAL 2025-10-06..2025-11-30", which read as no change
    changed = []
    for d in added:
        twin = next((r for r in removed if _same_window(r, d)), None)
        if twin is None:
            changed.append(f"+ {_window(d)}")
            continue
        removed.remove(twin)
        fields = sorted(k for k in set(d) | set(twin) if d.get(k) != twin.get(k))
        changed.append(
            f"{_window(d)} "
            + "; ".join(
                f"{k}: {_value(twin.get(k, '-'))} -> {_value(d.get(k, '-'))}" for k in fields
            )
        )
    changed += [f"- {_window(d)}" for d in removed]
    if changed:
        at = sum(k < "disruptions" for k in keys)
        head = (term("set:disruptions", lang) + colon) if named else "disruptions: "
        out.insert(at, head + ", ".join(changed))
        keys.insert(at, "disruptions")
    if limit is not None and len(keys) > limit:
        out = [*out[:limit], term("why_more", lang, n=len(keys) - limit)]
    return out


def _value(v: Any) -> str:
    """A setting's value as a scenario file writes it: ``true``, not Python's ``True``; 2 trains
    a week, not the resolved scenario's ``2.0`` (the reason read "trains_per_week: 2.0 -> 1.0"
    for a file that says 2 and 1, and "enabled: True -> False")."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def _flat(d: Any, prefix: str = "") -> dict[str, Any]:
    """A scenario's settings as ``dotted.key -> value`` (list items by their index)."""
    out: dict[str, Any] = {}
    if isinstance(d, dict):
        for k, v in d.items():
            out.update(_flat(v, f"{prefix}{k}."))
    elif isinstance(d, list):
        for i, v in enumerate(d):
            out.update(_flat(v, f"{prefix}{i}."))
    else:
        out[prefix[:-1]] = d
    return out


def _absent_from(key: str, flat: dict[str, Any]) -> str:
    """The shortest prefix of ``key`` (by its dotted parts) that no setting of ``flat`` lies
    under: the part of the scenario the other side does not have at all."""
    parts = key.split(".")
    for n in range(1, len(parts) + 1):
        prefix = ".".join(parts[:n])
        if prefix not in flat and not any(k.startswith(prefix + ".") for k in flat):
            return prefix
    return key


def _same_window(a: Any, b: Any) -> bool:
    """Whether two disruptions hit the same place over the same dates (they may differ in
    anything else: when they were announced, how deep they cut)."""
    keys = ("target", "id", "start", "end")
    return isinstance(a, dict) and isinstance(b, dict) and all(a.get(k) == b.get(k) for k in keys)


def _window(d: Any) -> str:
    """A disruption in a few words: what it hits and when (``BRE 2026-01-06..2026-01-18``)."""
    if not isinstance(d, dict):
        return str(d)
    return f"{d.get('id', d.get('target', '?'))} {d.get('start', '?')}..{d.get('end', '?')}"
