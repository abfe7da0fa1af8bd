"""The explorer's page in headless Chromium: a closure whose end is told later (its two
controls, the address, the summary in words and the command), and the packaged teaching
scenario named by its file name when the explorer runs outside a checkout."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sim.explore.server import ExploreServer
from tests.explore.serving import start as _start
from tests.explore.serving import stop as _stop
from tests.test_explore_browser import (  # noqa: F401 (fixture)
    _done,
    _english_left,
    _init,
    _severe,
    _wait,
    browser,
)


@pytest.fixture(scope="module")
def server() -> Iterator[ExploreServer]:
    srv = _start()
    yield srv
    _stop(srv)


# Małaszewicze closed for 10 days from 3 November, live routing and detours, its end told on
# the eighth day (open-ended until then); one replication, to answer quickly
TOLD_LATE = ("closure.start=2025-11-03&closure.days=10&closure.end_told_days=8"
             "&mode_choice.rule=live&train_routing=avoid_closed&replications=1")  # fmt: skip


def _text(page, element_id: str) -> str:
    return page.execute_script(f"return document.getElementById('{element_id}').textContent;")


def test_an_end_told_later_is_kept_in_the_address_and_said_in_both_languages(
    server,
    browser,  # noqa: F811
):
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}#lang=en&{TOLD_LATE}")
    first = _done(browser)
    assert browser.find_element(By.ID, "in-closure.end_told_days").get_attribute("value") == "8"
    said = _text(browser, "summary-changed")
    assert ("Malaszewicze closed from 3 Nov 2025 for 10 days, its end told 8 days after it began "
            "(until then expected to last indefinitely)") in said, said  # fmt: skip
    assert "end_announced: 2025-11-11," in _text(browser, "command")
    assert "expected_days" not in _text(browser, "command")
    # two weeks expected until then, typed in its box: the address, the words and the command
    box = browser.find_element(By.ID, "in-closure.expected_days")
    box.clear()
    box.send_keys("14")
    _wait(browser, f"return (document.body.dataset.rendered || '').split(':')[0] > {first};")
    second = _done(browser)
    assert "closure.expected_days=14" in browser.current_url
    assert "(until then expected to last 14 more days)" in _text(browser, "summary-changed")
    assert "end_announced: 2025-11-11, expected_days: 14," in _text(browser, "command")
    browser.refresh()  # the address restores both
    assert _done(browser) > second
    assert browser.find_element(By.ID, "in-closure.expected_days").get_attribute("value") == "14"
    browser.find_element(By.ID, "lang").click()
    said = _text(browser, "summary-changed")
    assert "马拉舍维奇自2025年11月3日起关闭 10 天，" in said
    assert "，开始后第 8 天才公布结束时间（此前预期还将关闭 14 天）" in said
    assert "按实时网络" in _text(browser, "ctl-closure.end_told_days")
    browser.find_element(By.ID, "lang").click()  # back to English for the other tests
    assert _severe(browser) == []


def test_the_trains_that_went_round_the_closed_crossing_are_said_under_its_chart(
    server,
    browser,  # noqa: F811
):
    """Małaszewicze closed 1-14 December with detours on: every Madrid train of the window went
    round it, and the crossing's part of the page had nothing to say of them (an empty table of
    the longest waits, and the map drawing them through the closed crossing). The page says how
    many went round and the km they added, and that no train waited there, in both languages."""
    went = ("closure.start=2025-12-01&closure.days=14&mode_choice.rule=live"
            "&train_routing=avoid_closed&replications=1&sel=MAL")  # fmt: skip
    browser.get(f"{server.url}#lang=en&{went}")
    _done(browser)
    said = _wait(browser, "return (document.getElementById('detail-detoured') || {}).textContent;")
    assert said.startswith("In the run on the map, 4 Yiwu trains went round Malaszewicze while "
                           "it was closed (800 km more in all)"), said  # fmt: skip
    assert _text(browser, "detail-worst").endswith("No train waited here this season.")
    browser.get(f"{server.url}#lang=zh&{went}")
    _done(browser)
    said = _wait(browser, "return (document.getElementById('detail-detoured') || {}).textContent;")
    assert "有 4 列义乌班列在马拉舍维奇关闭期间绕行（共多行驶 800 公里）" in said, said
    assert _text(browser, "detail-worst").endswith("本季没有列车在此等待。")
    assert _severe(browser) == []


def test_with_no_live_rule_the_page_says_the_end_told_late_changes_nothing(server, browser):  # noqa: F811
    browser.get(f"{server.url}#lang=zh&closure.start=2025-11-03&closure.days=10"
                "&closure.end_told_days=8&replications=1")  # fmt: skip
    _done(browser)
    said = _text(browser, "summary-changed")
    assert "所选规则都不读取实时网络状态，结束时间何时公布不改变结果" in said, said
    browser.get(f"{server.url}#lang=en&closure.start=2025-11-03&closure.days=10"
                "&closure.end_told_days=8&pricing.rule=live&replications=1")  # fmt: skip
    _done(browser)
    said = _text(browser, "summary-changed")  # live prices read it: no such words
    assert "its end told 8 days after it began" in said and "changes nothing" not in said


def test_a_bad_end_told_value_is_refused_in_the_pages_language(server, browser):  # noqa: F811
    import time

    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}#lang=zh")
    first = _done(browser)
    browser.get(f"{server.url}#lang=zh&closure.days=5&closure.end_told_days=2.5")
    err = _wait(browser, "return document.getElementById('err-closure.end_told_days')"
                ".textContent;")  # fmt: skip
    assert err == "请输入整数。", err
    box = browser.find_element(By.ID, "in-closure.expected_days")
    box.clear()
    box.send_keys("-3")
    err = _wait(browser, "return document.getElementById('err-closure.expected_days')"
                ".textContent;")  # fmt: skip
    assert err == "范围：0 至 60 天。", err
    time.sleep(0.5)  # nothing ran
    assert browser.find_element(By.ID, "status").get_attribute("data-job") == str(first)


def test_outside_a_checkout_the_page_names_the_packaged_file_and_offers_it(
    browser,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """The heading read "teaching-small (/…/site-packages/sim/explore/teaching_small.yaml)":
    it reads "teaching-small (teaching_small.yaml)", the command names that file, and the
    page offers it to save, in English and in Chinese."""
    from selenium.webdriver.common.by import By

    monkeypatch.chdir(tmp_path)
    srv = _start()
    try:
        browser.get(srv.url + "#lang=en")
        _done(browser)
        heading = browser.find_element(By.TAG_NAME, "h1").text
        assert heading == "yiwu-sim explorer: teaching-small (teaching_small.yaml)", heading
        assert _text(browser, "command").startswith("yiwu-sim run teaching_small.yaml --seed 42")
        shipped = browser.find_element(By.ID, "shipped")
        assert shipped.is_displayed()
        assert shipped.text == ("teaching_small.yaml is the teaching scenario shipped with "
                                "yiwu-sim: save it and run the command above in the folder you "
                                "saved it to.")  # fmt: skip
        link = browser.find_element(By.ID, "download-shipped").get_attribute("href")
        assert link == srv.url + "download/teaching_small.yaml"
        browser.find_element(By.ID, "lang").click()
        assert shipped.text.startswith("teaching_small.yaml 是义乌仿真自带的教学情景：保存此文件")
        init = _init(srv)
        assert _english_left(browser, init["i18n"], init["controls"]) == []
        browser.find_element(By.ID, "lang").click()
        assert _severe(browser) == []
    finally:
        _stop(srv)
