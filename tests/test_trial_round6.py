"""Round-6 trial: scenarios of one's own at the edges of what the keys allow, every command on
them, and what each prints against the files it writes."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from sim.model import Model
from sim.world.inputs import validate_data

# Madrid (rail through Dostyk, or sea) and Almaty (rail through Khorgos), 40 days, one category
# of goods due 25 days after the order
OWN_WORLD: dict[str, Any] = {
    "name": "own-world",
    "start": "2025-10-01",
    "days": 40,
    "seed": 3,
    "scale": 0.1,
    "market": {
        "categories": [
            {"name": "goods", "share": 1.0, "deadline": {"kind": "days_after_order", "days": 25}}
        ]
    },
    "buyers": {"visits_per_day": 1600, "in_scope_share": 0.05,
               "destinations": {"MAD": 0.5, "ALA": 0.5}},  # fmt: skip
    "logistics": {
        "only_lines": ["L01", "L12", "S01"],
        "lines": {"L01": {"trains_per_week": 2}},
        "mode_choice": {"rule": "live"},
    },
}
DOSTYK_CLOSED_ALL_RUN = {
    "target": "node", "id": "DST", "start": "2025-10-01", "end": "2025-11-09",
    "servers_factor": 0,
}  # fmt: skip


def _world(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(OWN_WORLD)
    for key, value in changes.items():
        *path, last = key.split("__")
        d = data
        for p in path:
            d = d.setdefault(p, {})
        d[last] = value
    return data


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    import yaml

    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the explorer


def test_the_explorer_shows_zero_on_time_as_zero_not_as_no_data():
    """Goods due the day after the order: every one of 1,004 orders judged arrives late
    (``on_time.share`` 0.0 in summary.json), and the explorer's on-time KPI was ``None`` —
    the page showed a dash, as for a run with no deadline at all, and no difference against
    the baseline."""
    from sim.explore.digest import digest

    data = _world()
    data["market"]["categories"][0]["deadline"]["days"] = 1
    result = Model(validate_data(data, "t")).run()
    assert result.summary["on_time"]["orders"] > 0
    assert result.summary["on_time"]["share"] == 0.0
    assert digest(result)["kpis"]["on_time_pct"] == 0.0
