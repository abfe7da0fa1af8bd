import re
import shutil
import tempfile

import pytest

from sim.errors import ResultsError
from sim.experiment.runs import compare, run_replications, sweep
from sim.model import Model
from sim.output import report
from sim.output.report import build_report
from sim.output.results import write_run
from sim.scenario import read_scenario_file
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"


def test_report_is_rebuilt_without_simulating(run_folder, monkeypatch):
    def no_sim(*a, **k):
        raise AssertionError("the report must not simulate")

    monkeypatch.setattr(Model, "run", no_sim)
    path = build_report(run_folder)
    html = path.read_text()
    svgs = list((run_folder / "figures").glob("*.svg"))
    assert html.count("<figure") == len(svgs) >= 12
    assert "<img " not in html  # figures are inline SVG: nothing to load
    assert (run_folder / "report.md").read_text().startswith("# yiwu-sim report: evil")
    for name in ("last_safe_order.csv", "late_orders.csv"):
        assert (run_folder / name).read_text().count("\n") >= 1


def test_scenario_text_is_escaped(run_folder):
    html = build_report(run_folder).read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


def test_chinese_labels(run_folder):
    html = build_report(run_folder, lang="zh").read_text()
    assert "最晚安全下单日" in html and "口岸每日排队列车数" in html


def _parse(text: str) -> float:
    return float(text.split(" of ")[0].replace(",", "").replace("%", "").strip())


def test_report_numbers_equal_summary_json(run_folder):
    import json
    import re

    html = build_report(run_folder).read_text()
    summary = json.loads((run_folder / "summary.json").read_text())
    rows = re.findall(r"<tr data-key='([^']+)'><td>[^<]*</td><td>([^<]*)</td></tr>", html)
    # the teaching world: no train waits at a crossing, so its border row says so (no number)
    assert len(rows) >= 11
    assert "none: no train that crossed waited for a server" in html
    scale = {"%": 100.0, "t": 1e-3, "m": 1e-6}
    units = {p: u for _, p, u in report.HEADLINE}
    for key, shown in rows:
        value = report._get(summary, key)
        if value is None:
            assert shown == "–", key
            continue
        unit = units.get(key, "%" if key.endswith(".share") else "d")
        expected = value * scale.get(unit, 1.0)
        decimals = len(shown.split(" of ")[0].split(".")[1].split()[0]) if "." in shown else 0
        assert _parse(shown) == pytest.approx(expected, abs=0.5 * 10**-decimals + 1e-9), key
    counted = dict(rows)
    assert _parse(counted["orders.placed_after_warmup"]) == summary["orders"]["placed_after_warmup"]
    assert "after the warm-up" in html


def test_a_short_run_warns_that_deadlines_and_disruptions_are_cut_off(tmp_path):
    sc = load_scenario(ROOT / "scenarios" / "border_disruption_malaszewicze.yaml", ["days=110"])
    warnings = report.horizon_warnings(sc)
    assert any("festival_goods" in w and "days=" in w for w in warnings)
    assert any("disruption of MAL" in w for w in warnings)
    full = load_scenario(ROOT / "scenarios" / "border_disruption_malaszewicze.yaml")
    assert report.horizon_warnings(full) == []


def test_not_a_results_folder(tmp_path):
    with pytest.raises(ResultsError, match="not a results folder"):
        build_report(tmp_path)


def test_replication_comparison_and_sweep_reports(tmp_path):
    sc = load_scenario(TEACHING, ["days=40", "warmup_days=5"])
    rs = run_replications(sc, 2, out=tmp_path)
    html = build_report(rs.folder).read_text()
    assert "replications of" in html and "across replications" in html
    comp = compare([sc, sc], 2, out=tmp_path)
    html = build_report(comp.folder).read_text()
    assert "paired against" in html and "fig-paired_differences" in html
    base = read_scenario_file(TEACHING)
    base.update(days=40, warmup_days=5)
    sw = sweep(base, {"logistics.lines.L01.trains_per_week": [0.5, 1.0]}, 2, out=tmp_path)
    html = build_report(sw.folder).read_text()
    assert html.count("<figure") == 1


def _chrome():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("headless browser check needs Debian's chromium and chromium-driver packages")
    webdriver = pytest.importorskip("selenium.webdriver")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    profile = tempfile.mkdtemp()
    # no background networking: this machine's network is closed, and the profile is a fresh one
    args = "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    args += "--disable-background-networking --disable-component-update --disable-sync "
    args += "--disable-dev-shm-usage"
    for arg in [*args.split(), f"--user-data-dir={profile}"]:
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=driver)
    return webdriver.Chrome(options=opts, service=service), profile


SHOTS = ROOT / "docs" / "images"


def _open_and_check(browser, path, title):
    browser.set_window_size(1150, 1000)
    browser.get(path.resolve().as_uri())
    boxes = browser.execute_script(
        "return Array.from(document.querySelectorAll('figure svg'))"
        ".map(s => [s.getBoundingClientRect().width, s.getBoundingClientRect().height]);"
    )
    assert boxes and all(w > 100 and h > 40 for w, h in boxes), boxes
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    assert browser.title == title
    return len(boxes)


def _screenshot(browser, name, tmp_path, height=2600):
    """A screenshot of the page top (``height`` px); into docs/images when
    YIWU_UPDATE_SCREENSHOTS=1, else into the test's folder."""
    import os

    folder = SHOTS if os.environ.get("YIWU_UPDATE_SCREENSHOTS") == "1" else tmp_path
    browser.set_window_size(1150, height)
    out = folder / name
    assert browser.save_screenshot(str(out))
    assert out.stat().st_size > 20_000
    return out


def test_report_opens_in_headless_chromium(run_folder):
    path = build_report(run_folder)
    browser, profile = _chrome()
    try:
        assert _open_and_check(browser, path, "yiwu-sim report: evil") >= 12
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_screenshots_of_the_default_run_and_the_disruption_comparison(tmp_path):
    browser, profile = _chrome()
    try:
        default = ROOT / "scenarios" / "spring_festival_2026.yaml"
        sc = load_scenario(default)
        folder = write_run(Model(sc).run(), tmp_path / "run")
        path = build_report(folder)
        _open_and_check(browser, path, "yiwu-sim report: spring-festival-2026")
        _screenshot(browser, "report_default.png", tmp_path, height=2400)
        browser.execute_script("document.getElementById('fig-last_order').scrollIntoView()")
        _screenshot(browser, "report_last_order.png", tmp_path, height=1500)
        disrupted = ROOT / "scenarios" / "border_disruption_malaszewicze.yaml"
        comp = compare([sc, load_scenario(disrupted)], 2, out=tmp_path, progress=False)
        path = build_report(comp.folder)
        _open_and_check(browser, path, "yiwu-sim comparison")
        _screenshot(browser, "report_compare.png", tmp_path, height=2400)
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_an_interrupted_report_leaves_no_half_made_figures_folder(run_folder, monkeypatch):
    before = build_report(run_folder).read_bytes()

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "write_rows_csv", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_report(run_folder)
    assert not list(run_folder.glob(".figures.tmp-*"))
    assert not list(run_folder.glob(".*.tmp-*"))
    assert (run_folder / "report.html").read_bytes() == before  # the last report is intact


def test_the_report_says_what_dispatch_and_carriers_changed(tmp_path):
    """With demand-driven trains and the carriers' sailings policy the key figures say how many
    trains were added and cancelled and how many sailings were blanked, in English and in
    Chinese; with the published timetable they say nothing of it."""
    from pathlib import Path

    from sim.cli import main

    teaching = Path(__file__).resolve().parents[2] / "scenarios" / "teaching_small.yaml"
    for lang, words in (("en", "extra trains added"), ("zh", "加开班列")):
        out = tmp_path / lang
        args = ["run", str(teaching), "--set", "logistics.dispatch.rule=demand", "--set",
                "logistics.sailings.rule=carriers", "--out", str(out), "--lang", lang,
                "--quiet"]  # fmt: skip
        assert main(args) == 0
        page = next(out.rglob("report.html")).read_text(encoding="utf-8")
        assert words in page
    plain = tmp_path / "plain"
    assert main(["run", str(teaching), "--out", str(plain), "--quiet"]) == 0
    page = next(plain.rglob("report.html")).read_text(encoding="utf-8")
    assert "extra trains added" not in page and "sailings blanked" not in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_report_from_the_run_in_memory_equals_one_from_its_folder(tmp_path, lang):
    """The results folder keeps what it worked out (daily table, planner's rows) with the run
    for the report that follows; the report is the same as one rebuilt from the files."""
    from sim.experiment.single import run_and_write

    sc = load_scenario(TEACHING, ["days=60"])
    run = run_and_write(sc, None, tmp_path / "run")
    assert set(run.derived) == {"daily", "planner"}  # worked out once, by the writer
    files = ("report.html", "report.md", "last_safe_order.csv", "late_orders.csv")
    build_report(tmp_path / "run", lang=lang, run=run)
    in_memory = {n: (tmp_path / "run" / n).read_bytes() for n in files}
    figures = {p.name: p.read_bytes() for p in (tmp_path / "run" / "figures").iterdir()}
    build_report(tmp_path / "run", lang=lang)  # from the files alone
    assert {n: (tmp_path / "run" / n).read_bytes() for n in files} == in_memory
    assert {p.name: p.read_bytes() for p in (tmp_path / "run" / "figures").iterdir()} == figures


def test_section_headings_are_short_titles_with_their_explanation_below():
    assert report.section_heading("Key figures") == ("Key figures", "")
    assert report.section_heading("Why: each KPI that moved") == ("Why", "Each KPI that moved.")
    assert report.section_heading("最晚安全下单日：当日下单") == ("最晚安全下单日", "当日下单。")
    assert report.section_heading("Note: ends (so).") == ("Note", "Ends (so).")
    assert report.section_heading(": no title") == (": no title", "")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_heading_of_a_run_report_is_a_title_not_a_paragraph(run_folder, lang):
    import re

    html = build_report(run_folder, lang=lang).read_text()
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert len(headings) >= 4 and all(len(h) <= 40 for h in headings), headings
    assert html.count("<p class='explains'>") >= 2  # the last safe dates and the late orders
    md = (run_folder / "report.md").read_text()
    assert all(len(line) <= 43 for line in md.splitlines() if line.startswith("## "))


def test_two_windows_at_one_crossing_are_warned_of_once_by_the_later(tiny):
    from sim.output.report_parts import horizon_warnings
    from sim.world.inputs import validate_data

    tiny["disruptions"] = [
        {"target": "node", "id": "ALT", "start": d, "end": d, "servers_factor": 0}
        for d in ("2025-09-28", "2025-09-20")
    ]
    (w,) = [w for w in horizon_warnings(validate_data(tiny, "t")) if "disruption of" in w]
    assert w.startswith("disruption of ALT (28 Sep 2025–28 Sep 2025)")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_run_without_a_calendar_deadline_says_why_it_has_no_last_safe_date(tmp_path, lang):
    """Goods due a number of days after each order have no last safe order date: the report
    had the heading over an empty table; now it says why, and draws no table."""
    path = tmp_path / "own.yaml"
    path.write_text(
        "name: own\nstart: '2025-10-01'\ndays: 30\nseed: 3\nscale: 0.1\n"
        "market:\n  categories:\n    - {name: goods, share: 1.0, deadline: "
        "{kind: days_after_order, days: 25}}\n"
        "buyers: {in_scope_share: 0.05, destinations: {MAD: 0.5, ALA: 0.5}}\n"
        "logistics: {only_lines: [L01, L12, S01]}\n"
    )
    folder = write_run(Model(load_scenario(path)).run(), tmp_path / "run")
    html = build_report(folder, lang=lang).read_text()
    safe = html.split("<h2>", 3)[2]  # the key figures, then the last safe order date
    assert safe.startswith(("Last safe order date</h2>", "最晚安全下单日</h2>"))
    assert "<table" not in safe and ("None in this run." in safe or "本次运行无此项" in safe)
    md = (folder / "report.md").read_text()
    title = "## Last safe order date\n" if lang == "en" else "## 最晚安全下单日\n"
    md_safe = md[md.index(title) :].split("\n## ")[0]
    assert "None in this run." in md_safe or "本次运行无此项" in md_safe
    assert "|" not in md_safe  # no table


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_one_replications_page_claims_no_interval_anywhere(tmp_path, lang):
    """One replication's page said "one run gives no interval" at the top, then "mean ± 95 %
    half-width" over its last safe order dates and "mean and 95 % interval across
    replications" under its figures."""
    from sim.cli import main

    args = ["run", str(TEACHING), "--replications", "1", "--quiet", "--lang", lang,
            "--out", str(tmp_path)]  # fmt: skip
    assert main(args) == 0
    md = next(tmp_path.glob("*/replications-*/report.md")).read_text(encoding="utf-8")
    assert "| L01 | MAD |" in md, md  # the dates are there
    for claim in ("95 % interval", "95 % half-width", "95%区间", "95% 半宽"):
        assert claim not in md, (claim, md)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_queue_panels_shade_the_scenario_s_closure_of_a_crossing(tmp_path, lang):
    """A planner reading a closure's report sees when the crossing was closed in its queue panel:
    the window is shaded with its dates as a tooltip and the note says what the grey is. The
    teaching world with Malaszewicze closed 1-14 December holds four Madrid trains there."""
    from html import escape

    from sim.output.labels import label

    closure = ("disruptions=[{target: node, id: MAL, start: 2025-12-01, end: 2025-12-14, "
               "servers_factor: 0}]")  # fmt: skip
    sc = load_scenario(TEACHING, [closure])
    html = build_report(write_run(Model(sc).run(), tmp_path / "run"), lang=lang).read_text()
    queues = re.search(r"<figure id='fig-queues'>.*?</figure>", html, re.S)
    assert queues
    tip = "MAL: closed 1 Dec – 14 Dec" if lang == "en" else "MAL: 关闭 12月1日 – 12月14日"
    assert f"<title>{tip}</title>" in queues[0]
    # the panel's title in the page's punctuation (a Chinese title had English commas)
    head = re.search(r">(MAL[:：][^<]*)</text>", queues[0])
    assert head, queues[0][:400]
    if lang == "zh":
        assert re.fullmatch(r"MAL：平均 [\d.]+，峰值 \d+（12月\d+日）", head[1]), head[1]
    else:
        assert re.fullmatch(r"MAL: mean [\d.]+, peak \d+ \(\d+ Dec\)", head[1]), head[1]
    assert escape(label("queue_note_disrupted", lang).strip()) in queues[0]
    # the shaded window spans the 14 closed days of the panel's 150: 1 Dec is day 61
    rect = re.search(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*><title>MAL:', queues[0])
    assert rect
    assert abs(float(rect[2]) / 250 * 150 - 14) < 0.1  # panels are 250 px wide for 150 days


def test_queue_panels_without_a_disruption_have_no_shaded_window(run_folder):
    html = build_report(run_folder).read_text()
    queues = re.search(r"<figure id='fig-queues'>.*?</figure>", html, re.S)
    assert queues and "closed" not in queues[0] and "Grey between dashes" not in queues[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_closure_s_run_report_says_what_the_closure_held(tmp_path, lang):
    """A planner reading the report of a closure's run found the closure in the scenario's
    description only: which Yiwu trains it held, how long, and whether their goods still made
    their deadlines was said in a comparison's Why alone. The run's report now says it, first,
    from the run's own tables: the teaching world with Malaszewicze closed 1-14 December holds
    its four Madrid trains there."""
    import numpy as np

    from sim.output.labels import label

    closure = ("disruptions=[{target: node, id: MAL, start: 2025-12-01, end: 2025-12-14, "
               "servers_factor: 0}]")  # fmt: skip
    run = Model(load_scenario(TEACHING, [closure])).run()
    c = run.tables["crossings"]
    held = int(((c["border"] == "MAL") & (c["wait_h"] > 24)).sum())
    folder = write_run(run, tmp_path / "run")
    build_report(folder, lang=lang)
    md = (folder / "report.md").read_text(encoding="utf-8")
    sections = md.split("\n## ")
    title = label("disrupted_title", lang).split(":" if lang == "en" else "：")[0]
    assert sections[1].startswith(title)  # the first section after the key figures
    said = sections[1]
    if lang == "en":
        assert f"Malaszewicze (MAL) disrupted 2025-12-01 to 2025-12-14: {held} Yiwu trains " in said
        assert "replication" not in said  # one run: nothing to count over
    else:
        zh = f"马拉舍维奇（MAL）在 2025年12月1日至2025年12月14日受到干扰：{held} 列义乌班列在"
        assert zh in said
    assert np.isclose(held, 4)


def test_a_run_without_a_disruption_has_no_disruption_section(run_folder):
    from sim.output.labels import label

    build_report(run_folder)
    title = label("disrupted_title").split(":")[0]
    assert f"## {title}" not in (run_folder / "report.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_late_orders_are_said_as_none_with_why_not_as_all_0_groups(tmp_path, lang):
    """A run whose deadline falls after its end judges no order: the late orders' section said
    "all 0 groups"; it says none could be judged, and why."""
    sc = load_scenario(TEACHING, ["days=30", "warmup_days=0"])
    folder = write_run(Model(sc).run(), tmp_path / "short")
    md = (build_report(folder, lang=lang).parent / "report.md").read_text(encoding="utf-8")
    part = md.split("## Late orders" if lang == "en" else "## 迟到订单", 1)[1].split("![", 1)[0]
    assert "0 groups" not in part and "0 组" not in part
    assert ("no deadline falls within the run" if lang == "en" else "运行期内没有截止日") in part


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "sets",
    [
        ["buyers.visits_per_day=0", "online.orders_per_day=0"],  # no demand at all
        ["market.categories.0.share=0", "market.categories.1.share=1"],  # no festival goods
    ],
    ids=["no-demand", "no-deadline-goods"],
)
def test_late_orders_with_none_placed_say_so_not_that_no_deadline_falls_in_the_run(
    tmp_path, lang, sets
):
    """The teaching world's festival (17 Feb 2026) falls within its 150 days; with no order of
    a category with a deadline placed (no demand, or the festival goods' share at 0) the late
    orders' section said "none could be judged, as no deadline falls within the run", which is
    false. It says that no order with a deadline was placed (trial14)."""
    sc = load_scenario(TEACHING, [*sets, "days=150"])
    folder = write_run(Model(sc).run(), tmp_path / "none")
    md = (build_report(folder, lang=lang).parent / "report.md").read_text(encoding="utf-8")
    part = md.split("## Late orders" if lang == "en" else "## 迟到订单", 1)[1].split("![", 1)[0]
    assert "no deadline falls within the run" not in part and "运行期内没有截止日" not in part
    said = (
        "no order with a deadline was placed after the warm-up"
        if lang == "en"
        else "预热期后没有带截止日的订单"
    )
    assert said in part, part


def test_late_orders_of_a_world_without_deadlines_say_no_category_has_one(tmp_path):
    """With no category that has a deadline, the late orders' section says that, not that no
    deadline falls within the run (trial14)."""
    sc = load_scenario(TEACHING, ["market.categories.0.deadline={kind: none}"])
    folder = write_run(Model(sc).run(), tmp_path / "nodl")
    md = (build_report(folder).parent / "report.md").read_text(encoding="utf-8")
    part = md.split("## Late orders", 1)[1].split("![", 1)[0]
    assert "no goods category has a deadline" in part, part


def test_a_runs_report_says_which_decisions_other_rules_than_the_defaults_took(run_folder):
    """A report of a run with live routing, live prices and demand-driven trains read like one
    of the defaults: nothing said that the freight cost held congestion surcharges or that
    trains were added. The intro now names the rules that are not the defaults, in English
    and Chinese; a run of the defaults says nothing of it."""
    from sim.output.report import decisions_line

    sets = ["logistics.mode_choice.rule=live", "logistics.pricing.rule=live",
            "logistics.dispatch.rule=demand", "buyers.reaction=lost_sale",
            "engine=per_actor"]  # fmt: skip
    sc = load_scenario(TEACHING, sets)
    assert decisions_line(sc, "en") == (
        "Decided by other rules than the defaults: routing 'live'; dispatch of trains "
        "'demand'; prices 'live'; buyers 'lost_sale'; engine 'per_actor' (docs/model.md); "
        "every other decision by its default rule."
    )
    zh = decisions_line(sc, "zh")
    assert zh.startswith("以下决策采用非默认规则：路径选择 'live'；班列调度 'demand'；运价 'live'")
    assert decisions_line(load_scenario(TEACHING), "en") is None
    # the default run's report has no such line; a report's intro has it where there is one
    page = build_report(run_folder).read_text(encoding="utf-8")
    assert "other rules than the defaults" not in page
    folder = write_run(Model(load_scenario(TEACHING, ["days=20", sets[1]])).run(),
                       run_folder.parent / "priced")  # fmt: skip
    build_report(folder, lang="zh")
    import html

    assert "运价 'live'" in html.unescape((folder / "report.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_option_in_a_warning_and_a_value_with_its_interval_stay_on_one_line(tmp_path, lang):
    """The Chinese report of a run too short for its deadline broke its warning's
    "（--set days=140）" between the two hyphens ("-" at a line's end, "-set days=140" below),
    and a sweep's table of paired differences broke "-0.40 ± 0.16 *" after its "±". Options
    with their values and interval cells are kept whole; a key path in a column heading may
    break after its dots instead, so the table still fits the page."""
    mapping = {**read_scenario_file(TEACHING), "days": 20, "warmup_days": 2}
    sw = sweep(mapping, {"logistics.lines.L01.trains_per_week": [2, 1]}, 2, out=tmp_path)
    build_report(sw.folder, lang)
    page = (sw.folder / "report.html").read_text(encoding="utf-8")
    assert "<span class='nw'>--set days=140</span>" in page
    assert "white-space:nowrap" in page.split("</style>", 1)[0]
    paired = page.split("<table>")[-1]  # the paired differences, the page's last table
    assert "<td class='iv'>" in paired and " ± " in paired
    assert "<th>logistics.<wbr>lines.<wbr>L01.<wbr>trains_per_week</th>" in paired


def test_a_column_of_prose_reads_from_the_left_heading_and_every_cell():
    """A comparison's Why set its long cells on the left and its short ones ("mean lead time,
    days" alone) on the right, under headings on the right: one column, two alignments. A
    column with a long cell is prose: its heading and every cell read from the left; a column
    of numbers stays on the right."""
    from sim.output.report import _table_html

    long = "The scenarios differ in: logistics.lines.L01.trains_per_week: 2 -> 1."
    html = "".join(_table_html(["scenario", "KPI", "reason", "n"],
                               [["one", "mean lead time, days", long, "3"],
                                ["two", "rail lead time mean, days; CO2e, tonnes; freight cost",
                                 "short", "4"]]))  # fmt: skip
    rows = re.findall(r"<tr>(.*?)</tr>", html)
    cells = [re.findall(r"<t[hd]([^>]*)>", r) for r in rows]
    left = " style='text-align:left'"
    for row in cells:
        assert row[1] == left and row[2] == left, row  # prose columns, heading included
        assert row[3] == "", row  # the numbers' column as it was
    # Chinese characters count twice: the Chinese Why's KPI column (20 characters) is prose
    zh = "".join(
        _table_html(["情景", "指标"], [["one", "平均交货周期（天）；铁路平均交货周期（天）"]])
    )
    assert zh.count(left) == 2, zh


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_run_without_a_warm_up_says_so_not_after_the_warm_up_from_day_0(tmp_path, lang):
    """trial18: the tutorial's my_first.yaml has no warm-up; its command line said "no
    warm-up: every order placed is counted" and its report "Every count is of orders placed
    after the warm-up (from Wed 01 Oct 2025, day 0)", a warm-up the scenario does not have.
    A run with one keeps its sentence."""
    sc = load_scenario(TEACHING, ["days=10", "warmup_days=0"])
    folder = write_run(Model(sc).run(), tmp_path / "none")
    md = (build_report(folder, lang=lang).parent / "report.md").read_text(encoding="utf-8")
    if lang == "en":
        assert "No warm-up: every count is of all the orders placed (from Wed 01 Oct 2025)" in md
        assert "after the warm-up" not in md.split("## ", 1)[0]
    else:
        assert "无预热期：所有计数均为全部下单的订单（自 2025年10月1日 起）" in md
        assert "预热期后" not in md.split("## ", 1)[0]
    sc = load_scenario(TEACHING, ["days=10", "warmup_days=2"])
    folder = write_run(Model(sc).run(), tmp_path / "two")
    md = (build_report(folder, lang=lang).parent / "report.md").read_text(encoding="utf-8")
    assert ("after the warm-up (from Fri 03 Oct 2025, day 2)" if lang == "en" else
            "预热期后（自 2025年10月3日，第 2 天起）") in md  # fmt: skip


def test_a_sweeps_wide_table_scrolls_in_its_own_box_not_the_page(tmp_path):
    """trial18: a sweep's paired differences, a column per KPI, ran off the right edge of the
    page (1,100 px wide), the page itself scrolling sideways and the columns past the window
    cut off in a screenshot. The table scrolls in a box of the page's width."""
    base = read_scenario_file(TEACHING)  # the whole season: its deadline's columns too
    sw = sweep(base, {"logistics.lines.L01.trains_per_week": [0.5, 1.0]}, 2, out=tmp_path)
    path = build_report(sw.folder)
    browser, profile = _chrome()
    try:
        _open_and_check(browser, path, "yiwu-sim sweep")
        page, window = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth];"
        )
        assert page <= window, (page, window)
        box = browser.execute_script(
            "const t = [...document.querySelectorAll('table')].pop();"
            "const b = t.parentElement;"
            "return [b.className, b.scrollWidth, b.clientWidth, document.body.clientWidth];"
        )
        assert box[0] == "wide" and box[1] > box[2] and box[2] <= box[3], box
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_a_key_path_in_a_reason_is_a_code_span_in_the_page():
    """A comparison's reason names a setting in words and its key path as a Markdown code
    span (report.md shows it so): the page shows it as ``<code>``, the text around it
    escaped as every value is."""
    from sim.output.report import _table_html

    reason = "The scenarios differ in: routing (`logistics.mode_choice.rule`): share -> <b>."
    html = "".join(_table_html(["scenario", "reason"], [["one", reason]]))
    assert "routing (<code>logistics.mode_choice.rule</code>): share -&gt; &lt;b&gt;." in html
