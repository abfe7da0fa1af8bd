"""The explorer in headless Chromium: a control moved, the views follow; the season plays.

Screenshots go to docs/images when YIWU_UPDATE_SCREENSHOTS=1 (as in tests/output/test_report.py),
else into the test's folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sim.explore.server import ExploreServer, make_server

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "images"


@pytest.fixture(scope="module")
def server() -> Iterator[ExploreServer]:
    srv = make_server(None, 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.explorer.stop()
    srv.server_close()


@pytest.fixture
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("the explorer's browser test needs Debian's chromium and chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    profile = tempfile.mkdtemp()
    args = "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    args += "--disable-background-networking --disable-component-update --disable-sync "
    args += "--disable-dev-shm-usage"
    for arg in [*args.split(), f"--user-data-dir={profile}"]:
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    b = webdriver.Chrome(options=opts, service=webdriver.ChromeService(executable_path=driver))
    b.set_window_size(1400, 1900)
    try:
        yield b
    finally:
        b.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait(browser, script: str, timeout: float = 60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = browser.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {script}")


def _done(browser) -> int:
    """Wait until the newest job has finished all its replications and is drawn."""
    return int(
        _wait(
            browser,
            "const s = document.getElementById('status');"
            "return s.dataset.status === 'done' && s.dataset.done === s.dataset.total "
            "&& document.body.dataset.rendered === s.dataset.job + ':' + s.dataset.done "
            "? Number(s.dataset.job) : 0;",
        )
    )


def _kpi(browser, key: str, side: str) -> float:
    return float(
        browser.execute_script(
            f"return document.querySelector('#kpis tr[data-key=\"{key}\"]').dataset.{side};"
        )
    )


def _shot(browser, name: str, tmp_path: Path) -> Path:
    folder = SHOTS if os.environ.get("YIWU_UPDATE_SCREENSHOTS") == "1" else tmp_path
    out = folder / name
    assert browser.save_screenshot(str(out))
    assert out.stat().st_size > 20_000
    return out


def _severe(browser) -> list[dict]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_fewer_trains_lower_on_time_share_and_throughput(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server.url)
    first = _done(browser)
    assert _kpi(browser, "on_time_pct", "cur") == _kpi(browser, "on_time_pct", "base")
    slider = browser.find_element(By.ID, "in-lines.L01.trains_per_week-slider")
    t0 = time.monotonic()
    for _ in range(6):  # 2 -> 0.5 Madrid trains a week, in steps of 0.25
        slider.send_keys(Keys.ARROW_LEFT)
    assert (
        browser.find_element(By.ID, "in-lines.L01.trains_per_week").get_attribute("value") == "0.5"
    )
    _wait(browser, f"return (document.body.dataset.rendered || '').split(':')[0] > {first};")
    first_view_s = time.monotonic() - t0
    job = _done(browser)
    assert job > first
    base, cur = _kpi(browser, "on_time_pct", "base"), _kpi(browser, "on_time_pct", "cur")
    assert cur < base, (base, cur)
    tb, tc = _kpi(browser, "rail_teu_per_week", "base"), _kpi(browser, "rail_teu_per_week", "cur")
    assert tc < tb, (tb, tc)
    assert "logistics.lines.L01.trains_per_week=0.5" in browser.find_element(By.ID, "command").text
    assert "+      trains_per_week: 0.5" in browser.find_element(By.ID, "diff").text
    # a paired interval with three replications
    cells = browser.find_element(By.CSS_SELECTOR, '#kpis tr[data-key="on_time_pct"]').text
    assert "[" in cells
    # bad input is answered in words next to the control, and nothing is run
    box = browser.find_element(By.ID, "in-buyers.visits_per_day")
    box.clear()
    box.send_keys("99999")
    err = browser.find_element(By.ID, "err-buyers.visits_per_day").text
    assert "From 0 to 5000" in err
    # colours say better or worse, not up or down: fewer trains, longer waits are worse
    verdicts = browser.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('#kpis tbody tr')].map("
        "r => [r.dataset.key, r.querySelector('td:last-child').dataset.verdict]));"
    )
    assert verdicts["on_time_pct"] == "worse" and verdicts["rail_teu_per_week"] == "worse"
    _shot(browser, "explorer.png", tmp_path)
    assert _severe(browser) == []
    print(f"change to first updated views in the browser: {first_view_s:.2f} s")


def test_season_plays_on_the_map(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(server.url)
    _done(browser)
    _wait(browser, "return document.getElementById('anim').dataset.frame !== undefined;")
    browser.find_element(By.ID, "play").click()
    frames = {browser.execute_script("return document.getElementById('anim').dataset.frame;")}
    end = time.monotonic() + 10
    while len(frames) < 5 and time.monotonic() < end:
        time.sleep(0.07)
        frames.add(browser.execute_script("return document.getElementById('anim').dataset.frame;"))
    browser.find_element(By.ID, "play").click()  # pause
    assert len(frames) >= 5, frames
    paused = browser.execute_script("return document.getElementById('anim').dataset.frame;")
    time.sleep(0.3)
    assert browser.execute_script("return document.getElementById('anim').dataset.frame;") == paused
    # the date slider: mid-November trains are under way; at the festival the market is closed
    festival_h = browser.execute_script(
        "const s = document.getElementById('date-slider');"
        "s.value = 1100; s.dispatchEvent(new Event('input'));"
        "return document.querySelectorAll('#anim .train').length;"
    )
    assert festival_h > 0
    assert "closed" not in browser.find_element(By.ID, "frame-status").get_attribute("class")
    browser.execute_script(
        "const s = document.getElementById('date-slider');"
        "s.value = 24 * 138; s.dispatchEvent(new Event('input'));"
    )
    status = browser.find_element(By.ID, "frame-status")
    assert "closed" in status.get_attribute("class")
    assert "Market closed for the Spring Festival" in status.text
    assert browser.find_element(By.ID, "date-label").text == "16 Feb 2026"
    browser.execute_script("document.getElementById('map-card').scrollIntoView();")
    _shot(browser, "explorer_season.png", tmp_path)
    assert _severe(browser) == []


_VISIBLE_TEXT = """
const skip = (e) => e.closest('pre, code, script, style, [translate="no"]')
  || e.closest('#description [lang="en"]') || e.closest('[hidden]');
const out = [];
const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walk.nextNode()) {
  const n = walk.currentNode, p = n.parentElement;
  if (!p || skip(p) || p.closest('title')) continue;
  if (n.textContent.trim()) out.push(n.textContent.trim());
}
for (const e of document.querySelectorAll('[title], [aria-label]')) {
  if (skip(e)) continue;
  for (const a of ['title', 'aria-label']) if (e.getAttribute(a)) out.push(e.getAttribute(a));
}
return out;
"""

_ENGLISH_WORDS = (
    r"\b(the|and|of|per|to|at|by|with|from|for|trains?|days?|hours?|week|baseline|current"
    r"|waits?|queue\w*|crossing|market|line|yard|seed|replications?|play|download)\b"
)


def _english_left(browser, glossary: dict, controls: list) -> list[str]:
    import re

    texts = browser.execute_script(_VISIBLE_TEXT)
    english = {v["en"] for v in glossary.values() if v["en"] != v["zh"] and len(v["en"]) > 3}
    english |= {c["label"] for c in controls} | {c["help"] for c in controls if c["help"]}
    left = [t for t in texts if t in english]
    left += [t for t in texts if re.search(_ENGLISH_WORDS, t, re.IGNORECASE)]
    return left


def _init(server) -> dict:
    import json
    import urllib.request

    with urllib.request.urlopen(server.url + "api/init") as r:
        return json.loads(r.read())


# a 14-day closure of Małaszewicze over Christmas: trains queue there, and the page says why
CLOSED = "#closure.start=2025-12-20&closure.days=14&sel=MAL&t=2000"


def test_chinese_leaves_no_english_interface_string(server, browser, tmp_path):
    import re

    from selenium.webdriver.common.by import By

    init = _init(server)
    browser.get(server.url + CLOSED.replace("#", "#lang=en&"))
    _done(browser)
    _wait(browser, "return document.querySelectorAll('#detail-now tbody tr').length > 0;")
    assert _english_left(browser, init["i18n"], init["controls"])  # the check sees English
    browser.find_element(By.ID, "lang").click()
    assert browser.execute_script("return document.documentElement.lang;") == "zh-CN"
    assert "lang=zh" in browser.current_url
    left = _english_left(browser, init["i18n"], init["controls"])
    assert left == [], left
    # the status says what the run reached, in Chinese (it read "Starting…" again, translated)
    status = browser.find_element(By.ID, "status")
    assert status.get_attribute("data-status") == "done"
    assert status.text.startswith(init["i18n"]["done"]["zh"].split("{")[0])
    # every Latin word left is a code (a place or line id, TEU), a proper name (Natural Earth,
    # the outlines' source) or the button back to English
    ids = set(init["map"]["nodes"]) | set(init["map"]["lines"])
    latin = {w for t in browser.execute_script(_VISIBLE_TEXT)
             for w in re.findall(r"[A-Za-z]{3,}", t)}  # fmt: skip
    assert latin - ids <= {"TEU", "Natural", "Earth", "English"}, latin - ids
    assert "口岸关闭" in browser.find_element(By.ID, "detail-now").text
    assert browser.find_element(By.ID, "date-label").text == "2025年12月23日"
    # the heading's colon is the Chinese one (it read "义乌仿真 · 探索器: teaching-small")
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading.startswith("义乌仿真 · 探索器：teaching-small"), heading
    browser.execute_script("document.getElementById('map-card').scrollIntoView();")
    _shot(browser, "explorer_zh.png", tmp_path)
    # the choice survives a reload without the address (localStorage)
    browser.get(server.url)
    _wait(browser, "return document.documentElement.lang === 'zh-CN';")
    browser.find_element(By.ID, "lang").click()  # back to English for the other tests
    assert browser.execute_script("return document.documentElement.lang;") == "en"
    assert _severe(browser) == []


def test_map_labels_never_overlap(server, browser):
    for lang in ("en", "zh"):
        browser.get(f"{server.url}#lang={lang}")
        _done(browser)
        boxes = browser.execute_script(
            "return [...document.querySelectorAll('#map .labels text')].map(t => {"
            "const b = t.getBBox();"
            "return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height];});"
        )
        assert len(boxes) >= 10, boxes
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2]
                assert apart, (lang, a, b)
        legend = browser.find_element("id", "map-legend").text
        # the chosen crossing's dark red circle is explained, and a crossing's tooltip is words
        assert ("crossing chosen" in legend) if lang == "en" else ("所选的口岸" in legend), legend
        tip = browser.execute_script(
            "return document.querySelector('#node-MAL title').textContent;"
        )
        assert tip == ("Malaszewicze · mean wait before service: 0 hours" if lang == "en"
                       else "马拉舍维奇 · 平均排队等待：0 小时"), tip  # fmt: skip
        assert ("TEU" in legend) and len(
            browser.find_elements("css selector", "#map .outline path")
        ) > 20


def test_a_slider_change_updates_the_views_within_a_second(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server.url + "#lang=en")
    first = _done(browser)
    slider = browser.find_element(By.ID, "in-lines.L12.trains_per_week-slider")
    before = _kpi(browser, "trains_per_week", "cur")
    times = []
    for _ in range(5):
        t0 = time.monotonic()
        slider.send_keys(Keys.ARROW_RIGHT)
        _wait(browser, f"return (document.body.dataset.rendered || '').split(':')[0] > {first};")
        times.append(time.monotonic() - t0)
        first = _done(browser)
    median = sorted(times)[2]
    assert (
        browser.find_element(By.ID, "in-lines.L12.trains_per_week").get_attribute("value") == "3.25"
    )
    assert _kpi(browser, "trains_per_week", "cur") > before
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    if median >= 1.0 and load > 2:
        pytest.xfail(f"machine overloaded ({load:.1f} runnable per core): median {median:.2f} s")
    assert median < 1.0, times
    print(f"slider key press to updated views: {times}")


def test_clicking_a_crossing_shows_its_queue_and_why(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "#lang=en&closure.start=2025-12-20&closure.days=14")
    _done(browser)
    assert browser.find_element(By.ID, "detail").get_attribute("data-kind") == ""
    browser.find_element(By.CSS_SELECTOR, "#map circle#node-MAL").click()
    _wait(browser, "return document.getElementById('detail').dataset.kind === 'crossing';")
    assert "Malaszewicze" in browser.find_element(By.ID, "detail-title").text
    assert browser.find_elements(By.CSS_SELECTOR, "#detail-chart polygon")  # queue over time
    assert browser.find_elements(By.CSS_SELECTOR, "#detail-chart .date-tick")
    worst = browser.find_element(By.ID, "detail-worst").text
    assert "crossing closed" in worst
    browser.execute_script(
        "const s = document.getElementById('date-slider');"
        "s.value = 2000; s.dispatchEvent(new Event('input'));"
    )
    rows = browser.find_elements(By.CSS_SELECTOR, "#detail-now tbody tr[data-reason]")
    assert rows and {r.get_attribute("data-reason") for r in rows} <= {
        "closed",
        "no_server",
        "none",
    }
    assert "crossing closed" in browser.find_element(By.ID, "detail-now").text
    # on the map the same trains queue beside the crossing, with the reason in their tooltip
    queued = browser.find_elements(By.CSS_SELECTOR, '#anim rect.queued[data-node="MAL"]')
    assert queued
    assert "crossing closed" in queued[0].find_element(By.TAG_NAME, "title").get_attribute(
        "textContent"
    )
    # a line, and the Yiwu yard with why containers wait there
    browser.execute_script(
        "document.querySelector('#map path[data-line=\"L01\"]')"
        ".dispatchEvent(new MouseEvent('click', {bubbles: true}));"
    )
    _wait(browser, "return document.getElementById('detail').dataset.kind === 'line';")
    assert "queueing at" in browser.find_element(By.ID, "detail-now").text
    browser.find_element(By.CSS_SELECTOR, "#map circle#node-YIW").click()
    _wait(browser, "return document.getElementById('detail').dataset.kind === 'yard';")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#detail-chart polygon")) == 3
    assert "waiting for a departure" in browser.find_element(By.ID, "detail").text
    browser.find_element(By.CSS_SELECTOR, "#map circle#node-MAL").click()
    browser.execute_script("document.getElementById('map-card').scrollIntoView();")
    _shot(browser, "explorer_waits.png", tmp_path)
    assert _severe(browser) == []


def test_the_address_restores_the_settings_after_reload(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server.url + "#lang=en")
    first = _done(browser)
    browser.find_element(By.ID, "in-crossing").send_keys("ALT")  # another crossing
    box = browser.find_element(By.ID, "in-buyers.visits_per_day")
    box.clear()
    box.send_keys("1200")
    browser.find_element(By.ID, "in-seed").send_keys(Keys.TAB)
    _wait(browser, f"return (document.body.dataset.rendered || '').split(':')[0] > {first};")
    browser.find_element(By.CSS_SELECTOR, "#map circle#node-YIW").click()
    browser.execute_script(
        "const s = document.getElementById('date-slider');"
        "s.value = 1500; s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change'));"
    )
    address = browser.current_url
    assert "buyers.visits_per_day=1200" in address and "sel=YIW" in address
    browser.refresh()
    _done(browser)
    assert browser.find_element(By.ID, "in-buyers.visits_per_day").get_attribute("value") == "1200"
    assert browser.find_element(By.ID, "in-crossing").get_attribute("value") == "ALT"
    assert browser.find_element(By.ID, "detail").get_attribute("data-kind") == "yard"
    assert browser.find_element(By.ID, "date-slider").get_attribute("value") == "1500"
    assert "buyers.visits_per_day=1200" in browser.find_element(By.ID, "command").text
    # a shared address opens the same view in a fresh browser profile (no localStorage)
    browser.execute_script("localStorage.clear();")
    browser.get("about:blank")
    browser.get(address)
    _done(browser)
    assert browser.find_element(By.ID, "in-buyers.visits_per_day").get_attribute("value") == "1200"


# the teaching scenario with a closure and the policies that answer back (see docs/explorer.md)
POLICIES = (
    "closure.start=2025-12-20&closure.days=14&mode_choice.rule=live&train_routing=avoid_closed"
    "&consolidation.rollover=live&dispatch.rule=demand&pricing.rule=live&sailings.rule=carriers"
)


def test_the_page_says_in_words_what_changed_and_what_is_clear(server, browser, tmp_path):
    import re

    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}#lang=en")
    _done(browser)
    assert "Nothing is changed yet" in browser.find_element(By.ID, "summary").text
    browser.get(f"{server.url}#lang=en&{POLICIES}")
    browser.refresh()
    _done(browser)
    said = browser.find_element(By.ID, "summary-changed").text
    for words in ("How an order picks rail or sea: share → live", "Freight rates: fixed → live",
                  "Malaszewicze closed from 20 Dec 2025 for 14 days"):  # fmt: skip
        assert words in said, said
    # a clear difference is a sentence with its verdict; the others are named as maybe chance
    moved = browser.find_element(By.ID, "summary-moved").text
    assert "Throughput by rail: up from" in moved and "(better)" in moved, moved
    chance = browser.find_element(By.ID, "summary-chance").text
    assert "may be chance" in chance and "Lead time by rail" in chance, chance
    # a difference shown with a verdict never reads as zero (a queue of 0.03 trains was "+0
    # worse"), and one whose interval includes 0 says it may be chance
    rows = browser.execute_script(
        "return [...document.querySelectorAll('#kpis tbody tr')].map(r => {"
        "const td = r.querySelector('td:last-child');"
        "return [r.dataset.key, td.dataset.verdict, td.textContent, td.className];});"
    )
    for key, verdict, text, cls in rows:
        if verdict:
            assert not re.match(r"^[+-]?0(\s|\[|$)", text), (key, text)
        if "[" in text and "*" not in text and verdict:
            assert "unclear" in cls and "may be chance" in text, (key, text)
    queue = next(r for r in rows if r[0] == "queue.MAL")
    assert queue[1] == "worse" and queue[2].startswith("+0.0"), queue
    # the same in Chinese, with no English left in it
    browser.find_element(By.ID, "lang").click()
    zh = browser.find_element(By.ID, "summary").text
    assert "你修改了" in zh and "马拉舍维奇自2025年12月20日起关闭 14 天" in zh, zh
    assert not re.search(r"\b(from|to|the|up|down|may|chance)\b", zh), zh
    browser.find_element(By.ID, "lang").click()
    # one run: no interval, and the page says the differences may be chance
    browser.get(f"{server.url}#lang=en&replications=1&lines.L01.trains_per_week=0.5")
    browser.refresh()
    _done(browser)
    text = browser.find_element(By.ID, "summary").text
    assert "Trains per week, L01 Yiwu-Madrid: 2 → 0.5." in text, text
    assert "with one run there is no interval" in text
    assert "L01 Yiwu-Madrid: the last safe order date is" in text and "days earlier" in text
    # while the first of five pairs is in, the page says the others are running (a seed and a
    # setting no other test runs: a cached pair would be drawn with the next ones at once)
    browser.get(f"{server.url}#lang=en&replications=5&seed=7&lines.L10.trains_per_week=1.25")
    browser.refresh()
    how = _wait(
        browser,
        "const s = document.getElementById('status').dataset;"
        "return document.body.dataset.rendered === s.job + ':1' "
        "&& document.getElementById('summary-how').textContent;",
    )
    assert "after the first of 5 paired runs (the others are running)" in how, how
    _done(browser)
    how = browser.find_element(By.ID, "summary-how").text
    assert "over 5 paired runs" in how, how
    # the policies that answer back, against the scenario as loaded (docs/explorer.md's figure)
    browser.get(
        f"{server.url}#lang=en&dispatch.rule=demand&pricing.rule=live&sailings.rule=carriers"
    )
    browser.refresh()
    _done(browser)
    said = browser.find_element(By.ID, "summary").text
    assert "Extra and cancelled trains: fixed → demand" in said, said
    _shot(browser, "explorer_policies.png", tmp_path)
    print(said)
    assert _severe(browser) == []


def test_a_date_outside_the_run_is_refused_in_the_pages_language(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}#lang=zh")
    first = _done(browser)
    browser.execute_script(
        "const e = document.getElementById('in-closure.start');"
        "e.value = '2027-01-01'; e.dispatchEvent(new Event('change'));"
    )
    err = _wait(browser, "return document.getElementById('err-closure.start').textContent;")
    assert err == "须为运行期内的日期：2025-10-01 至 2026-02-27。", err
    time.sleep(0.3)  # nothing is sent, nothing runs
    assert browser.find_element(By.ID, "status").get_attribute("data-job") == str(first)
    assert "closure.start" not in browser.current_url


def test_an_address_edited_in_an_open_page_shows_its_setting(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}#lang=en")
    first = _done(browser)
    # a link a classmate sent, pasted into the same tab: no reload, only the address changes
    browser.execute_script("location.hash = 'lang=zh&lines.L01.trains_per_week=0.5&sel=MAL';")
    _wait(browser, f"return (document.body.dataset.rendered || '').split(':')[0] > {first};")
    _done(browser)
    box = browser.find_element(By.ID, "in-lines.L01.trains_per_week")
    assert box.get_attribute("value") == "0.5"
    assert "logistics.lines.L01.trains_per_week=0.5" in browser.find_element(By.ID, "command").text
    assert browser.execute_script("return document.documentElement.lang;") == "zh-CN"
    assert browser.find_element(By.ID, "detail").get_attribute("data-kind") == "crossing"
    browser.find_element(By.ID, "lang").click()  # back to English for the other tests
    assert _severe(browser) == []


def test_digits_typed_in_a_box_run_only_the_value_typed(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}#lang=en")
    first = _done(browser)
    box = browser.find_element(By.ID, "in-buyers.visits_per_day")
    box.clear()  # an empty box is refused in words, and nothing runs
    box.send_keys("99999")  # 9, 99, 999 and 9999 are in range on the way to a refused value
    assert "From 0 to 5000" in browser.find_element(By.ID, "err-buyers.visits_per_day").text
    time.sleep(0.8)
    assert browser.find_element(By.ID, "status").get_attribute("data-job") == str(first)
    assert "visits_per_day" not in browser.current_url
    box.clear()
    box.send_keys("2400")  # one run of 2400, not of 2, 24 and 240 before it
    _wait(browser, f"return (document.body.dataset.rendered || '').split(':')[0] > {first};")
    _done(browser)
    assert "buyers.visits_per_day=2400" in browser.find_element(By.ID, "command").text
    jobs = browser.execute_script("return Number(document.getElementById('status').dataset.job);")
    assert jobs == first + 1, (first, jobs)
    assert _severe(browser) == []


def test_no_chart_text_is_cut_off(server, browser):
    """Every word of every chart (ticks, units, legends) lies inside its chart's frame: a legend
    drawn on the frame's bottom edge lost the tails of its letters ("waited at crossings")."""
    cut = []
    for lang in ("en", "zh"):
        for sel in ("L01", "MAL", "YIW"):
            browser.get(
                f"{server.url}#lang={lang}&closure.start=2025-12-20&closure.days=14&sel={sel}"
            )
            browser.refresh()
            _done(browser)
            _wait(browser, "return document.querySelectorAll('#detail-chart text').length > 0;")
            cut += browser.execute_script(
                "const out = [];"
                "for (const svg of document.querySelectorAll('#chart-weekly, #chart-queue, "
                "#chart-lead, #detail-chart')) {"
                "  const vb = svg.viewBox.baseVal;"
                "  for (const t of svg.querySelectorAll('text')) {"
                "    const b = t.getBBox();"
                "    if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > vb.width + 0.5"
                "        || b.y + b.height > vb.height + 0.5)"
                "      out.push([svg.id, t.textContent, b.x, b.y, b.width, b.height]);"
                "  }"
                "}"
                "return out;"
            )
    assert cut == [], cut


def test_words_in_the_who_waits_tables_read_from_the_left_like_their_heading(server, browser):
    for sel, cols in (("MAL", {1: "line", 4: "why"}), ("L01", {1: "where", 2: "why"})):
        browser.get(
            f"{server.url}#lang=en&closure.start=2025-12-20&closure.days=14&sel={sel}&t=2000"
        )
        browser.refresh()
        _done(browser)
        _wait(browser, "return document.querySelectorAll('#detail-now tbody tr').length > 0;")
        for i, name in cols.items():
            aligns = browser.execute_script(
                f"return [...document.querySelectorAll('#detail-now tr')].map(r => r.cells[{i}])"
                ".filter(Boolean).map(c => [c.textContent, getComputedStyle(c).textAlign]);"
            )
            assert aligns[0][0] == name and {a for _, a in aligns} == {"left"}, (sel, aligns)


def test_a_value_out_of_range_in_an_address_is_refused_in_the_pages_language(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}#lang=zh&replications=99&mode_choice.rule=magic")
    browser.refresh()
    _wait(browser, "return document.getElementById('status').dataset.status === 'error';")
    assert browser.find_element(By.ID, "err-replications").text == "范围：1 至 20 次。"
    said = browser.find_element(By.ID, "err-mode_choice.rule").text
    assert said.startswith("请从以下选项中选择：按比例；最快"), said


# Małaszewicze closed from 20 February 2026 for 14 days: past the run's end (27 February)
LATE = "closure.start=2026-02-20&closure.days=14&sel=MAL"


def test_a_closure_in_the_runs_last_days_shows_the_trains_it_holds(server, browser, tmp_path):
    """The closure's trains are still waiting when the run ends, in no crossings row: the page
    showed no change at all. It now counts them, says how long they have waited so far (at
    least that long), in the comparison, in words and at the crossing, in both languages."""
    import re

    from selenium.webdriver.common.by import By

    init = _init(server)
    browser.get(f"{server.url}#lang=en&{LATE}")
    browser.refresh()
    _done(browser)
    held = _kpi(browser, "held.MAL", "cur")
    assert held >= 1 and _kpi(browser, "held.MAL", "base") == 0
    assert _kpi(browser, "wait_held_h.MAL", "cur") > _kpi(browser, "wait_held_h.MAL", "base")
    table = browser.find_element(By.ID, "kpis").text
    assert "Trains still held at Malaszewicze when the run ends" in table, table
    moved = browser.find_element(By.ID, "summary-moved").text
    assert "Trains still held at Malaszewicze when the run ends" in moved, moved
    said = browser.find_element(By.ID, "summary-held").text
    assert re.search(r"When the run ends \(27 Feb 2026\), Malaszewicze is still closed", said)
    assert "it reopens on 6 Mar 2026" in said and "at least" in said, said
    assert "not in the wait of the trains served" in said, said
    detail = browser.find_element(By.ID, "detail-held").text
    assert "still held here when the run ends" in detail, detail
    # the daily queue draws them (dashed), and its note says which part they are
    note = browser.find_element(By.ID, "queue-note").text
    assert "Dashed: with the trains still waiting when the run ends" in note, note
    assert "held by the closure" in note, note
    assert browser.find_elements(By.CSS_SELECTOR, "#chart-queue polyline.still-cur")
    tip = browser.execute_script("return document.querySelector('#node-MAL title').textContent;")
    assert "trains still held when the run ends" in tip, tip
    # at the end of the season the table of who is here says they are not in it
    browser.execute_script(
        "const s = document.getElementById('date-slider');"
        "s.value = s.max; s.dispatchEvent(new Event('input'));"
    )
    now = browser.find_element(By.ID, "detail-now").text
    assert "Nobody waits here" not in now and "still held here" in now, now
    # and the animation draws them waiting at the crossing, one square each of Yiwu's
    listed = browser.find_elements(By.CSS_SELECTOR, '#detail-now tr[data-still="held"]')
    squares = browser.find_elements(By.CSS_SELECTOR, '#anim rect.still[data-node="MAL"]')
    assert len(listed) == len(squares) >= 1
    browser.execute_script("document.getElementById('summary').scrollIntoView();")
    _shot(browser, "explorer_held_en.png", tmp_path)
    # in Chinese, with no English left
    browser.find_element(By.ID, "lang").click()
    said = browser.find_element(By.ID, "summary-held").text
    assert "运行结束时（2026年2月27日），马拉舍维奇仍关闭" in said, said
    assert "2026年3月6日" in said and "至少" in said, said
    assert _english_left(browser, init["i18n"], init["controls"]) == []
    assert "运行结束时仍滞留在此" in browser.find_element(By.ID, "detail-held").text
    _shot(browser, "explorer_held_zh.png", tmp_path)
    browser.find_element(By.ID, "lang").click()  # back to English for the other tests
    assert _severe(browser) == []


def test_the_date_box_says_its_date_in_the_pages_language(server, browser, tmp_path):
    """A date box shows the browser's format (02/20/2026 in an English browser, also on the
    Chinese page); the date chosen is said beside it in the page's own language, and a screen
    reader reads it with the box."""
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}#lang=zh&closure.start=2026-02-20&closure.days=14")
    browser.refresh()
    _done(browser)
    said = browser.find_element(By.ID, "date-closure.start")
    assert said.text == "2026年2月20日"
    box = browser.find_element(By.ID, "in-closure.start")
    assert "date-closure.start" in box.get_attribute("aria-describedby").split()
    # picked in the box: said at once, before the run
    browser.execute_script(
        "const e = document.getElementById('in-closure.start');"
        "e.value = '2026-01-03'; e.dispatchEvent(new Event('input'));"
    )
    assert said.text == "2026年1月3日"
    browser.execute_script(
        "document.getElementById('in-closure.start').dispatchEvent(new Event('change'));"
    )
    _wait(browser, "return location.hash.includes('closure.start=2026-01-03');")
    _done(browser)
    browser.find_element(By.ID, "lang").click()
    assert browser.find_element(By.ID, "date-closure.start").text == "3 Jan 2026"
    # typed as an American browser's box takes it (month, day, year): said in the page's words
    if browser.execute_script("return navigator.language;") == "en-US":
        box = browser.find_element(By.ID, "in-closure.start")
        box.click()
        box.send_keys("02202026")
        _wait(browser, "return document.getElementById('in-closure.start').value === '2026-02-20';")
        assert browser.find_element(By.ID, "date-closure.start").text == "20 Feb 2026"
    # a date outside the run: nothing said beside the box, the error says why
    browser.execute_script(
        "const e = document.getElementById('in-closure.start');"
        "e.value = '2027-01-01'; e.dispatchEvent(new Event('change'));"
    )
    assert browser.find_element(By.ID, "date-closure.start").text == ""
    _done(browser)
    assert _severe(browser) == []


# Małaszewicze closed from 1 February 2026 for 25 days: open again on the 26th, two days before
# the run ends, with a backlog its servers have not cleared by then
BACKLOG = "closure.start=2026-02-01&closure.days=25&sel=MAL"


def test_the_trains_still_waiting_at_the_end_are_drawn_and_told_apart(server, browser, tmp_path):
    """The trains still queued at the open crossing when the run ends (every server busy with
    the reopening's backlog) were counted nowhere, and neither they nor the trains a closure
    holds were drawn. Now the comparison counts the queued ones apart from the held, the daily
    queue chart draws the part still waiting when the run ended (dashed, named in its legend
    and note), the crossing's chart has a part of its own, and the animation keeps each of
    them waiting at the crossing up to the end, in English and in Chinese."""
    import re

    from selenium.webdriver.common.by import By

    init = _init(server)
    browser.get(f"{server.url}#lang=en&{BACKLOG}")
    browser.refresh()
    _done(browser)
    queued = _kpi(browser, "queued.MAL", "cur")
    assert queued >= 1 and _kpi(browser, "queued.MAL", "base") == 0
    assert not browser.find_elements(By.CSS_SELECTOR, '#kpis tr[data-key="held.MAL"]')
    table = browser.find_element(By.ID, "kpis").text
    assert "Trains still queued at Malaszewicze when the run ends (open, every server" in table
    assert "counting the trains still waiting when the run ends" in table
    said = browser.find_element(By.ID, "summary-queued").text
    assert re.search(r"When the run ends \(27 Feb 2026\), Malaszewicze is open but every server "
                     r"is busy", said), said  # fmt: skip
    assert not browser.find_elements(By.ID, "summary-held")
    # the daily queue chart: the part still waiting when the run ended, dashed, in its legend
    chart = browser.find_element(By.ID, "chart-queue")
    assert chart.find_elements(By.CSS_SELECTOR, "polyline.still-cur")
    assert not chart.find_elements(By.CSS_SELECTOR, "polyline.still-base")
    assert "current: still waiting when the run ended (dashed)" in chart.text, chart.text
    note = browser.find_element(By.ID, "queue-note").text
    assert "queued, open with every server busy" in note and "held by" not in note, note
    tip = browser.execute_script("return document.querySelector('#node-MAL title').textContent;")
    assert "trains still queued when the run ends (open, every server busy)" in tip, tip
    # the crossing's card: its chart has the part, and says so
    detail = browser.find_element(By.ID, "detail-queued").text
    assert "still queue here when the run ends" in detail and "open, every server busy" in detail
    legend = browser.find_element(By.ID, "detail-chart").text
    assert "Train still waiting when the run ended" in legend, legend
    # the season's end: each Yiwu train of the backlog listed and drawn waiting at the crossing
    browser.execute_script(
        "const s = document.getElementById('date-slider');"
        "s.value = s.max; s.dispatchEvent(new Event('input'));"
    )
    listed = browser.find_elements(By.CSS_SELECTOR, '#detail-now tr[data-still="queued"]')
    squares = browser.find_elements(By.CSS_SELECTOR, '#anim rect.still[data-node="MAL"]')
    assert len(listed) == len(squares) >= 1
    assert "still queued here when the run ends" in listed[0].text, listed[0].text
    title = squares[0].find_element(By.TAG_NAME, "title").get_attribute("textContent")
    assert "still waiting when the run ended" in title, title
    legend = browser.find_element(By.ID, "map-legend").text
    assert "Train still waiting when the run ended" in legend
    # a week before the end only those that had come by then are drawn
    browser.execute_script(
        "const s = document.getElementById('date-slider');"
        "s.value = s.max - 24 * 8; s.dispatchEvent(new Event('input'));"
    )
    early = browser.find_elements(By.CSS_SELECTOR, '#anim rect.still[data-node="MAL"]')
    assert len(early) < len(squares)
    browser.execute_script(
        "const s = document.getElementById('date-slider');"
        "s.value = s.max; s.dispatchEvent(new Event('input'));"
        "document.getElementById('map-card').scrollIntoView();"
    )
    _shot(browser, "explorer_still_en.png", tmp_path)
    browser.execute_script("document.getElementById('chart-queue').scrollIntoView();")
    _shot(browser, "explorer_still_chart_en.png", tmp_path)
    # in Chinese, with no English left
    browser.find_element(By.ID, "lang").click()
    said = browser.find_element(By.ID, "summary-queued").text
    assert "运行结束时（2026年2月27日），马拉舍维奇开放，但通道均忙" in said, said
    chart = browser.find_element(By.ID, "chart-queue").text
    assert "当前：运行结束时仍在等待（虚线）" in chart, chart
    assert "排队（口岸开放，通道均忙）" in browser.find_element(By.ID, "queue-note").text
    assert "运行结束时仍在等待的列车" in browser.find_element(By.ID, "detail-chart").text
    listed = browser.find_elements(By.CSS_SELECTOR, '#detail-now tr[data-still="queued"]')
    assert "运行结束时仍在此排队" in listed[0].text
    assert _english_left(browser, init["i18n"], init["controls"]) == []
    browser.execute_script("document.getElementById('map-card').scrollIntoView();")
    _shot(browser, "explorer_still_zh.png", tmp_path)
    browser.execute_script("document.getElementById('chart-queue').scrollIntoView();")
    _shot(browser, "explorer_still_chart_zh.png", tmp_path)
    browser.find_element(By.ID, "lang").click()  # back to English for the other tests
    assert _severe(browser) == []


def test_a_click_on_a_train_over_yiwu_chooses_yiwu(server, browser):
    """A train's dot leaving Yiwu sits over its node: a click there is meant for Yiwu (the
    tutorial's "click Yiwu" did nothing on such days); the dot keeps its tooltip."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    browser.get(server.url + "#lang=en&lines.L01.trains_per_week=0.5")
    _done(browser)
    covered = browser.execute_script(
        "const s = document.getElementById('date-slider');"
        "const yiw = document.querySelector('#map circle#node-YIW');"
        "for (let t = 0; t <= Number(s.max); t += 3) {"
        "  s.value = t; s.dispatchEvent(new Event('input'));"
        "  const r = yiw.getBoundingClientRect();"
        "  const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
        "  if (top && top.classList.contains('train')) return t;"
        "}"
        "return null;"
    )
    assert covered is not None, "no hour with a train's dot over Yiwu"
    dot = browser.execute_script(
        "const r = document.querySelector('#map circle#node-YIW').getBoundingClientRect();"
        "return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
    )
    assert "TEU" in dot.find_element(By.TAG_NAME, "title").get_attribute("textContent")
    # a second train on the same spot (two leaving at one hour): the click must not pass from
    # one dot to the other without end
    moved = browser.execute_script(
        "const dots = [...document.querySelectorAll('#anim circle.train')];"
        "const top = arguments[0], other = dots.find((d) => d !== top);"
        "if (!other) return false;"
        "other.setAttribute('cx', top.getAttribute('cx'));"
        "other.setAttribute('cy', top.getAttribute('cy'));"
        "return true;",
        dot,
    )
    assert moved, "one train under way only"
    yiw = browser.find_element(By.CSS_SELECTOR, "#map circle#node-YIW")
    ActionChains(browser).move_to_element(yiw).click().perform()  # where a person clicks
    _wait(browser, "return document.getElementById('detail').dataset.kind === 'yard';", 10)
    assert _severe(browser) == []


# one run, and a closure in its last days that holds one train at Malaszewicze when it ends
ONE = "closure.start=2026-02-25&closure.days=14&sel=MAL&replications=1"


def test_a_count_of_one_is_said_in_the_singular_on_the_page(server, browser, tmp_path):
    """The page said "1 trains ... are still held" and "closed for 1 days": each sentence that
    counts chooses the glossary's form for one (words.js's t(), as the server's text()), the
    tooltip, the sentences in words and the units after a number alike; Chinese unchanged."""
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}#lang=en&{ONE}")
    browser.refresh()
    _done(browser)
    assert _kpi(browser, "held.MAL", "cur") == 1
    said = browser.find_element(By.ID, "summary-held").text
    assert "holds 1 train (1 from Yiwu): it is not in the wait of the trains served" in said, said
    detail = browser.find_element(By.ID, "detail-held").text
    assert "1 train (1 from Yiwu) is still held here when the run ends" in detail, detail
    tip = browser.execute_script("return document.querySelector('#node-MAL title').textContent;")
    assert "1 train still held when the run ends (closed)" in tip, tip
    moved = browser.find_element(By.ID, "summary-moved").text
    assert "up from 0 to 1 train (worse)" in moved, moved
    status = browser.find_element(By.ID, "status").text
    assert status.startswith("Done: 1 replication of the baseline"), status
    for text in (said, detail, tip, moved, status):
        assert "1 trains" not in text and "1 replications" not in text, text
    _shot(browser, "explorer_one_en.png", tmp_path)
    browser.find_element(By.ID, "lang").click()
    said = browser.find_element(By.ID, "summary-held").text
    assert "滞留 1 列列车（其中 1 列自义乌发出）" in said, said
    tip = browser.execute_script("return document.querySelector('#node-MAL title').textContent;")
    assert "运行结束时仍有 1 列滞留（口岸关闭）" in tip, tip
    browser.find_element(By.ID, "lang").click()  # back to English for the other tests
    assert _severe(browser) == []


def test_the_hours_trains_still_waiting_have_waited_read_as_one_hour_or_hours(server, browser):
    """The held and queued sentences said "{mean} hours" whatever the number: a mean the
    page shows as 1 read "1 hours". Each number now carries its own unit (words.js's
    waitedWords, the glossary's unit.hours), in the summary and at the crossing alike."""
    browser.get(f"{server.url}#lang=en&{ONE}")
    browser.refresh()
    _done(browser)
    words = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('./static/words.js').then((m) => done(["
        "  m.waitedWords({ waited_h_mean: 1, waited_h_max: 2.5 }),"
        "  m.t('sum_held', { n: 2, ...m.waitedWords({ waited_h_mean: 1.04, waited_h_max: 1 }) }),"
        "]));"
    )
    assert words[0] == {"mean": "1", "max": "2.5", "mean_unit": "hour", "max_unit": "hours"}
    assert "waited 1 hour there so far on average, the longest 1 hour," in words[1], words[1]
    assert "1 hours" not in words[1]
    assert _severe(browser) == []


def test_a_train_waiting_at_a_closed_crossing_is_not_said_to_be_served(server, browser):
    """At a closed Małaszewicze the table of the trains there on 5 December listed the one
    Madrid train, its reason "crossing closed", and in the column of its service "23.8 (being
    served: gauge change and customs)": a waiting train said to be served. A train not in
    service at the moment shown says what its service is ("gauge change and customs"); the one
    being served then says "being served", in Chinese too."""
    browser.get(
        f"{server.url}#lang=en&lines.L01.trains_per_week=0.5&closure.start=2025-12-01"
        "&closure.days=14&sel=MAL&t=1560"
    )
    browser.refresh()
    _done(browser)
    _wait(browser, "return document.querySelectorAll('#detail-now tbody tr').length > 0;")
    # every moment from 5 December (hour 1560, closed) to 26 December (hour 2064): the cells
    # of the service column of each train there, with the reason of its wait
    seen = browser.execute_script(
        "const s = document.getElementById('date-slider'), out = [];"
        "for (let h = 1560; h <= 2064; h += 6) {"  # (the slider steps by 6 h)
        "  s.value = h; s.dispatchEvent(new Event('input'));"
        "  for (const r of document.querySelectorAll('#detail-now tbody tr[data-reason]'))"
        "    out.push([Number(s.value), r.cells[0].textContent, r.dataset.reason,"
        "              r.cells[5].textContent]);"
        "}"
        "return out;"
    )
    closed = [x for x in seen if x[0] < 1800]  # (the crossing reopens on 15 Dec, hour 1800)
    assert closed and {x[2] for x in closed} == {"closed"}, seen[:3]
    wrong = [x for x in closed if "being served" in x[3] or "(gauge change and" not in x[3]]
    assert not wrong, wrong[:3]
    served = [x for x in seen if "being served" in x[3]]
    assert served and all(x[0] >= 1800 for x in served), served[:3]  # after the reopening
    worst = browser.find_element("id", "detail-worst").text
    assert "crossing closed" in worst and "being served" not in worst, worst
    browser.find_element("id", "lang").click()
    browser.execute_script(
        "const s = document.getElementById('date-slider');"
        "s.value = 1560; s.dispatchEvent(new Event('input'));"
    )
    now = browser.find_element("id", "detail-now").text
    assert "口岸关闭" in now and "（换轨与海关）" in now and "办理中" not in now, now
    browser.find_element("id", "lang").click()  # back to English for the other tests
    assert _severe(browser) == []


def test_the_hours_of_the_who_waits_tables_are_said_to_the_tenth(server, browser):
    """Małaszewicze closed 1-14 December: the longest waits of the season gave the four Madrid
    trains' service as "18.1", "26", "32.3" and "53.6" hours down one column, 26.0 written
    without its zero as if rounder than the rest. The hours waited and served are said to the
    tenth (a zero stays 0), in both tables and in Chinese."""
    import re

    browser.get(f"{server.url}#lang=en&closure.start=2025-12-01&closure.days=14&sel=MAL&t=1560")
    browser.refresh()
    _done(browser)
    _wait(browser, "return document.querySelectorAll('#detail-worst tbody tr').length > 3;")
    for lang in ("en", "zh"):
        cells = browser.execute_script(
            "return [...document.querySelectorAll('#detail-worst tbody tr[data-reason], "
            "#detail-now tbody tr[data-reason]')].map(r => [r.cells[3].textContent, "
            "r.cells[5].textContent]);"
        )
        assert len(cells) > 4, cells
        for waited, served in cells:
            for h in (waited, served.split("（")[0].split(" (")[0]):
                assert h in ("0", "–") or re.fullmatch(r"[\d,]+\.\d", h), (lang, h, cells)
        browser.find_element("id", "lang").click()
    said = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('./static/words.js').then((m) => done("
        "  [m.tenths(26), m.tenths(262.8), m.tenths(0), m.tenths(null), m.tenths(1234.56)]));"
    )
    assert said == ["26.0", "262.8", "0", "–", "1,234.6"], said
    assert _severe(browser) == []


def test_a_last_safe_date_moves_by_the_days_between_the_dates_it_names(server, browser):
    """With Madrid's trains at 0.5 a week the card said "the last safe order date is 55 days
    earlier, 18 Nov 2025 instead of 13 Jan 2026": 56 days apart (the mean paired difference,
    -55.3, beside two dates each rounded from its own mean). The sentence counts the days
    between the dates it names, in English and Chinese; the table keeps the mean difference
    with its interval."""
    import re
    from datetime import date, datetime

    browser.get(f"{server.url}#lang=en&lines.L01.trains_per_week=0.5")
    browser.refresh()
    _done(browser)
    text = browser.find_element("id", "summary").text
    said = re.search(r"L01 Yiwu-Madrid: the last safe order date is (\d+) days? earlier, "
                     r"(\d+ \w+ \d{4}) instead of (\d+ \w+ \d{4})", text)  # fmt: skip
    assert said, text
    cur, base = (datetime.strptime(said[i], "%d %b %Y").date() for i in (2, 3))
    assert int(said[1]) == (base - cur).days, said[0]
    browser.find_element("id", "lang").click()
    zh = browser.find_element("id", "summary").text
    said = re.search(
        r"最晚安全下单日提前 (\d+) 天，由(\d+)年(\d+)月(\d+)日变为(\d+)年(\d+)月(\d+)日", zh
    )
    assert said, zh
    base, cur = date(*map(int, said.groups()[1:4])), date(*map(int, said.groups()[4:7]))
    assert int(said[1]) == (base - cur).days, said[0]
    browser.find_element("id", "lang").click()
    assert _severe(browser) == []


def test_the_time_a_train_arrived_is_said_to_the_minute(server, browser):
    """The who-waits tables said a train "arrived 4 Dec 01:00" that came at 01:12 (the hour,
    floored, then ":00"): with its 262.8 h of waiting it read as served before the crossing
    reopened at midnight. The time is said to the minute."""
    browser.get(f"{server.url}#lang=en")
    browser.refresh()
    _done(browser)
    said = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('./static/words.js').then((m) => done("
        "  [m.clock(63 * 24 + 1.2), m.clock(63 * 24 + 1.2 + 262.8), m.clock(5), m.clock(23.999)]"
        "));"
    )
    assert said == ["3 Dec 01:12", "14 Dec 00:00", "1 Oct 05:00",
                    "1 Oct 23:59"], said  # fmt: skip


def test_a_baseline_and_a_setting_are_said_with_one_number_of_decimals(server, browser):
    """With Madrid's trains at 0.5 a week the page said the rail lead time went "up from 20 to
    23.1 days": 19.97 written without its zero beside 23.1. Numbers read side by side (the
    sentence, the table's two columns, the lead time chart's two bars of a mode) take one number
    of decimals; a zero stays 0, and a thousands separator is not read as decimals."""
    browser.get(f"{server.url}#lang=en")
    browser.refresh()
    _done(browser)
    said = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('./static/words.js').then((m) => done(["
        "  m.fmtAlike([19.97, 23.1]), m.fmtAlike([0, 0.082]), m.fmtAlike([1234.5, 1300]),"
        "  m.fmtAlike([85.4, 78.4]), m.fmtAlike([null, 2]), m.fmtAlike([6, 4.6])"
        "]));"
    )
    assert said == [["20.0", "23.1"], ["0", "0.082"], ["1,234.5", "1,300.0"],
                    ["85.4", "78.4"], ["–", "2"], ["6.0", "4.6"]], said  # fmt: skip
    import re

    browser.get(f"{server.url}#lang=en&lines.L01.trains_per_week=0.5")
    browser.refresh()
    _done(browser)

    def decimals(s: str) -> int | None:  # None: a zero or no value, which stay as they are
        return None if s in ("0", "–") else len(s.split(".")[1]) if "." in s else 0

    rows = browser.execute_script(
        "return [...document.querySelectorAll('#kpis tbody tr')]"
        ".map(r => [r.cells[1].textContent, r.cells[2].textContent]);"
    )
    # and the lead time chart's bars, baseline beside setting (they read "20" beside "22.9"
    # where the table read 20.0 and 22.9)
    said = browser.execute_script(  # each mode's two values, then its name
        "return [...document.querySelectorAll('#chart-lead text[font-size=\"11\"]')]"
        ".map(t => t.textContent);"
    )
    assert len(said) == 6 and said[2] == "rail" and said[5] == "sea", said
    bars = [said[0], said[1], said[3], said[4]]
    assert bars[:2] == [rows[3][0], rows[3][1]], (bars, rows)  # rail, as in the table's row
    pairs = [
        *rows,
        (bars[0], bars[1]),
        (bars[2], bars[3]),
        *re.findall(r"from (\S+) to (\S+)", browser.find_element("id", "summary").text),
    ]
    assert len(pairs) > 4, pairs
    for a, b in pairs:
        assert None in (decimals(a), decimals(b)) or decimals(a) == decimals(b), (a, b, pairs)


# Małaszewicze closed 1-14 December with avoid_closed: Madrid trains go round it via Lithuania
DETOUR = "closure.start=2025-12-01&closure.days=14&train_routing=avoid_closed&sel=MAL"


def test_a_train_that_went_round_a_closed_crossing_moves_along_the_path_it_took(
    server, browser, tmp_path
):
    """The map drew a train that went round Małaszewicze along its line, through the closed
    crossing (the page said so). It moves along the path it took: the part off its line
    dashed in the line's colour while a train is on it, with Kena and Mockava, which no line
    of the map passes, as circles named in their tooltips; the legend says what the dashes
    are, and the crossing's sentence no longer says "along its own line"."""
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}#lang=en&{DETOUR}")
    browser.refresh()
    _done(browser)
    said = browser.find_element(By.ID, "detail-detoured").text
    assert "went round Malaszewicze" in said and "along the path it took (dashed)" in said, said
    found = browser.execute_script(
        "const s = document.getElementById('date-slider');"
        "for (let h = 1200; h < 2200; h += 3) {"
        "  s.value = h; s.dispatchEvent(new Event('input'));"
        "  if (document.querySelector('#anim path.detour')) return h;"
        "}"
        "return null;"
    )
    assert found is not None, "no train on a detour all December"
    detour = browser.find_element(By.CSS_SELECTOR, "#anim path.detour")
    assert detour.get_attribute("data-line") == "L01"
    circles = browser.find_elements(By.CSS_SELECTOR, "#anim circle.detour-crossing")
    assert {c.get_attribute("data-node") for c in circles} == {"KEN", "MCK"}
    legend = browser.find_element(By.ID, "map-legend").text
    assert "Path of a train going round a closed crossing" in legend, legend
    browser.execute_script("document.getElementById('map-card').scrollIntoView();")
    _shot(browser, "explorer_detour_en.png", tmp_path)
    browser.find_element(By.ID, "lang").click()
    assert "绕开关闭口岸的列车路径" in browser.find_element(By.ID, "map-legend").text
    assert "地图沿其实际绕行路径绘制" in browser.find_element(By.ID, "detail-detoured").text
    init = _init(server)
    assert _english_left(browser, init["i18n"], init["controls"]) == []
    browser.find_element(By.ID, "lang").click()  # back to English for the other tests
    assert _severe(browser) == []


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "No train of this line waited at a crossing this season."),
        ("zh", "本季该线路没有列车在口岸等待。"),
    ],
)
def test_a_line_none_of_whose_trains_waited_says_so_under_its_longest_waits(
    server, browser, lang, said
):
    """trial18: with Malaszewicze closed and the Madrid trains sent round it, *Who waits at
    L01 Yiwu-Madrid* showed "The longest waits of the season" over a table of headings alone;
    a crossing's table said "No train waited here this season", a line's nothing."""
    browser.get(f"{server.url}#lang={lang}&sel=L01")
    browser.refresh()
    _done(browser)
    rows = _wait(
        browser,
        "const b = document.querySelector('#detail-worst tbody');"
        "return b && b.rows.length ? [...b.rows].map(r => r.textContent) : null;",
    )
    assert rows == [said], rows


def test_a_lines_train_that_went_round_a_closed_crossing_says_so_in_its_table(server, browser):
    """trial18: with Malaszewicze closed and ``avoid_closed``, the map drew a Madrid train
    dashed round it, but *Trains of the line under way* said "moving" with no reason, alike for
    the trains on their line and the one going round. The one going round says which crossing
    of its line it goes round, in the page's language; the others say nothing more."""
    closed = "closure.start=2025-12-20&closure.days=14&train_routing=avoid_closed"
    browser.get(f"{server.url}#lang=en&{closed}&sel=L01&t=2050")  # 25 December
    browser.refresh()
    _done(browser)
    rows = _wait(
        browser,
        "const b = document.querySelector('#detail-now tbody');"
        "return b && b.rows.length ? [...b.rows].map(r => [...r.cells].map(c => c.textContent))"
        " : null;",
    )
    why = [r[2] for r in rows if r[1] == "moving"]
    assert "going round Malaszewicze (closed)" in why and "" in why, rows
    assert set(why) == {"", "going round Malaszewicze (closed)"}, rows
    browser.find_element("id", "lang").click()
    zh = browser.execute_script(
        "return [...document.querySelectorAll('#detail-now tbody tr')]"
        ".map(r => r.cells[2].textContent);"
    )
    assert "绕开关闭的马拉舍维奇" in zh, zh
    browser.find_element("id", "lang").click()  # back to English for the other tests
    assert _severe(browser) == []


def test_a_difference_is_that_of_the_two_values_the_table_shows(server, browser):
    """With L01 at 0.5 a week the table read "Trains from Yiwu (per week) | 6.0 | 4.6 | -1.5
    [-1.5, -1.5]": each number rounded on its own (about 6.04 and 4.57), and 6.0 - 4.6 is -1.4.
    The values and their difference take the decimals that make the values as shown subtract
    to the difference as shown, in English and Chinese."""
    import re

    browser.get(f"{server.url}#lang=en")
    browser.refresh()
    _done(browser)
    said = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('./static/words.js').then((m) => done(["
        "  m.fmtWithDiff(6.04, 4.57, -1.47, -1.48, -1.46),"
        "  m.fmtWithDiff(85.4, 78.4, -7.0, -9.1, -4.9),"
        "  m.fmtWithDiff(20.01, 20.04, 0.03, 0.01, 0.05),"
        "  m.fmtWithDiff(0, 2, 2, null, null), m.fmtWithDiff(null, 2, null, null, null),"
        "  m.fmtWithDiff(19.97, 23.1, 3.13, 2.9, 3.4),"
        "  m.fmtWithDiff(19.96, 23.14, 3.18, 2.95, 3.41)"
        "]));"
    )
    assert said == [
        ["6.04", "4.57", "-1.47", "-1.48", "-1.46"],
        ["85.4", "78.4", "-7.0", "-9.1", "-4.9"],
        ["20.01", "20.04", "0.03", "0.01", "0.05"],
        ["0", "2", "2", "–", "–"],
        ["–", "2", "–", "–", "–"],
        ["20.0", "23.1", "3.1", "2.9", "3.4"],  # they agree as written: as before
        ["19.96", "23.14", "3.18", "2.95", "3.41"],  # 20.0 and 23.1 beside 3.2 did not
    ], said

    def number(s: str) -> float:
        return float(s.replace(",", "").replace("+", ""))

    for lang in ("en", "zh"):
        browser.get(f"{server.url}#lang={lang}&lines.L01.trains_per_week=0.5")
        browser.refresh()
        _done(browser)
        rows = browser.execute_script(
            "return [...document.querySelectorAll('#kpis tbody tr')]"
            ".map(r => [r.cells[1].textContent, r.cells[2].textContent, r.cells[3].textContent]);"
        )
        checked = 0
        for base, cur, diff in rows:
            shown = re.match(r"[+-]?[\d,]+(?:\.(\d+))?", diff)
            if "–" in (base, cur) or not shown:
                continue
            nd = len(shown.group(1) or "")
            apart = number(cur) - number(base)
            assert abs(apart - number(shown.group(0))) < 0.5 * 10**-nd, (lang, base, cur, diff)
            checked += 1
        assert checked >= 5, rows
