import csv
import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from sim.errors import NetworkError
from sim.world.network import load_network


@pytest.fixture(scope="module")
def net():
    return load_network()


def test_at_least_twelve_rail_lines_and_a_sea_route(net):
    modes = [line.mode for line in net.lines.values()]
    assert modes.count("rail") >= 12
    assert "sea" in modes


def test_every_line_starts_at_yiwu_and_is_connected(net):
    for line in net.lines.values():
        assert line.path[0] == "YIW"
        assert [e.src for e in line.edges] == list(line.path[:-1])
        assert [e.dst for e in line.edges] == list(line.path[1:])


def test_madrid_has_three_gauge_changes_and_six_crossings(net):
    madrid = net.lines["L01"]
    breaks = [(g.src, g.dst, g.from_mm, g.to_mm) for g in madrid.gauge_breaks]
    assert breaks == [
        ("AKS", "DST", 1435, 1520),
        ("BRE", "MAL", 1520, 1435),
        ("MHG", "IRN", 1435, 1668),
    ]
    assert madrid.borders == ("AKS", "DST", "KRS", "BRE", "MAL", "IRN")


def test_nominal_distance_and_days_of_madrid(net):
    madrid = net.lines["L01"]
    assert madrid.km == pytest.approx(13225)  # sourced 13,052 km
    # running hours + border dwell (6+4.25+1+8.5+24+12) + one terminal day
    expected = (madrid.running_h + 55.75 + 24) / 24
    assert net.nominal_days(madrid) == pytest.approx(expected)
    assert 16 <= net.nominal_days(madrid) <= 21  # sourced 16-21 days


def test_sea_route_uses_rail_to_ningbo_then_sea(net):
    s01 = net.lines["S01"]
    assert [e.mode for e in s01.edges] == ["rail", "sea"]


def test_exports_are_valid_graphml_and_geojson(net, tmp_path):
    graphml, geojson = net.write_exports(tmp_path)
    root = ET.parse(graphml).getroot()
    assert root.tag.endswith("graphml")
    data = json.loads(geojson.read_text())
    kinds = [f["geometry"]["type"] for f in data["features"]]
    assert kinds.count("LineString") == len(net.lines)
    assert kinds.count("Point") == len(net.nodes)


def _copy_data(tmp_path):
    from importlib import resources

    src = resources.files("sim.world.data")
    for name in ("nodes.csv", "edges.csv", "lines.csv"):
        shutil.copyfile(str(src / name), tmp_path / name)


def test_a_line_through_an_unknown_node_is_refused(tmp_path):
    _copy_data(tmp_path)
    lines = tmp_path / "lines.csv"
    text = lines.read_text(encoding="utf-8").replace("YIW-MZL-ZBK", "YIW-XXX-ZBK", 1)
    lines.write_text(text, encoding="utf-8")
    with pytest.raises(NetworkError, match="unknown node 'XXX'"):
        load_network(tmp_path)


def test_a_broken_line_path_is_refused(tmp_path):
    _copy_data(tmp_path)
    lines = tmp_path / "lines.csv"
    text = lines.read_text(encoding="utf-8").replace("YIW-MZL-ZBK", "YIW-ZBK", 1)
    lines.write_text(text, encoding="utf-8")
    with pytest.raises(NetworkError, match="no edge from YIW to ZBK"):
        load_network(tmp_path)


def test_every_node_and_line_has_its_chinese_name(net):
    """Chinese pages name every place and line in Chinese: each has a ``name_zh`` of its own, in
    Chinese characters, that differs from every other one."""
    items = [*net.nodes.values(), *net.lines.values()]
    for item in items:
        assert re.search(r"[\u4e00-\u9fff]", item.name_zh), (item.id, item.name_zh)
        assert not re.search(r"[A-Za-z]", item.name_zh), (item.id, item.name_zh)
        assert item.name_in("zh") == item.name_zh and item.name_in("en") == item.name
    assert len({i.name_zh for i in items}) == len(items)
    assert net.place_name("MAL", "zh") == "马拉舍维奇"
    assert net.place_name("ICB", "zh") == "因切布伦（土库曼斯坦—伊朗边境）"
    assert net.place_name("L10", "zh") == "义乌—莫斯科（满洲里）"
    assert net.place_name("ICB") == "Incheh Burun (TM-IR border)"
    assert net.place_name("XYZ", "zh") == "XYZ"  # not a place of this network: its id


def test_a_missing_or_empty_chinese_name_falls_back_to_english(tmp_path):
    _copy_data(tmp_path)
    nodes = tmp_path / "nodes.csv"
    rows = list(csv.DictReader(nodes.read_text(encoding="utf-8").splitlines()))
    rows[0]["name_zh"] = "  "  # YIW: empty
    with nodes.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    lines = tmp_path / "lines.csv"
    rows = list(csv.DictReader(lines.read_text(encoding="utf-8").splitlines()))
    with lines.open("w", encoding="utf-8", newline="") as f:  # without the column
        w = csv.DictWriter(f, fieldnames=[k for k in rows[0] if k != "name_zh"])
        w.writeheader()
        w.writerows({k: v for k, v in r.items() if k != "name_zh"} for r in rows)
    net = load_network(tmp_path)
    assert net.place_name("YIW", "zh") == "Yiwu West railway station"
    assert net.place_name("MAL", "zh") == "马拉舍维奇"
    assert net.place_name("L01", "zh") == "Yiwu-Madrid" and net.lines["L01"].name_zh == ""


def test_exports_carry_the_chinese_names_beside_the_english(net, tmp_path):
    """GraphML nodes and GeoJSON nodes and lines carry ``name_zh`` (the Chinese a planner in
    Yiwu reads in a GIS); ``name`` stays the English, and the Chinese is written as characters."""
    graphml, geojson = net.write_exports(tmp_path)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(graphml).getroot()
    keys = {k.get("attr.name"): k.get("id") for k in root.findall("g:key", ns)}
    assert "name_zh" in keys and "name" in keys
    yiw = root.find(".//g:node[@id='YIW']", ns)
    values = {d.get("key"): d.text for d in yiw.findall("g:data", ns)}
    assert values[keys["name_zh"]] == "义乌西站" and values[keys["name"]] == net.nodes["YIW"].name
    text = geojson.read_text(encoding="utf-8")
    assert "义乌—马德里" in text and "\\u4e49" not in text
    props = {f["properties"]["id"]: f["properties"] for f in json.loads(text)["features"]}
    assert props["L01"]["name"] == "Yiwu-Madrid" and props["L01"]["name_zh"] == "义乌—马德里"
    assert props["MAL"]["name_zh"] == net.nodes["MAL"].name_zh and props["MAL"]["name_zh"]
    assert all(p["name_zh"] for p in props.values())  # every node and line has its name
