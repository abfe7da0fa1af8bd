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

from sim.output.glossary import term
from sim.results.run import NOT_HASHED

SETTINGS_SAID = 20
"""At most this many differing settings are named in a comparison's reason (then a count of
the rest): every setting a what-if usually changes, not the hundred of two unlike scenarios."""


def setting_differences(
    base: dict[str, Any], other: dict[str, Any], limit: int | None = None, lang: str = "en"
) -> list[str]:
    """``key: a -> b`` for the resolved scenario settings that differ (name, seed and
    description aside; the disruptions as one item, ``disruptions: + BRE 2026-01-06..2026-01-18``
    for each window added, ``-`` for each removed): all of them, or at most ``limit`` and a
    count of the rest in ``lang``. A comparison's page says each reason once, so it names up
    to :data:`SETTINGS_SAID` (a list cut at six hid the seventh behind "... 1 more", in English
    on a Chinese page; two unlike scenarios differ in a hundred settings)."""
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
    for k in keys:
        if k not in grouped:
            items[k] = f"{k}: {_value(fa.get(k, '-'))} -> {_value(fb.get(k, '-'))}"
        elif grouped[k] not in items:
            items[grouped[k]] = f"{'+' if k in fb else '-'} {grouped[k]}"
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
        out.insert(at, "disruptions: " + ", ".join(changed))
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
