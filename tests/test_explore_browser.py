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
    assert not browser.find_elements(By.ID, "market-closed")
    browser.execute_script(
        "const s = document.getElementById('date-slider');"
        "s.value = 24 * 138; s.dispatchEvent(new Event('input'));"
    )
    assert browser.find_element(By.ID, "market-closed").text.startswith("Market closed")
    assert browser.find_element(By.ID, "date-label").text == "2026-02-16"
    browser.execute_script("document.getElementById('map-card').scrollIntoView();")
    _shot(browser, "explorer_season.png", tmp_path)
    assert _severe(browser) == []
