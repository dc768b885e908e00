"""Issue 25 on a phone (390 px): the statistics stay readable, with one direction for time."""

from __future__ import annotations

import pytest


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    yield context.new_page()
    context.close()


def test_chart_labels_render_at_12px_or_more_on_a_phone(phone, site_url: str) -> None:
    phone.goto(site_url + "stats/")
    sizes = phone.evaluate("""() => Array.from(document.querySelectorAll("svg.hw-chart"), svg =>
      parseFloat(getComputedStyle(svg.querySelector("text")).fontSize) * svg.getScreenCTM().a)""")
    assert len(sizes) >= 4 and min(sizes) >= 12, sizes
    clipped = phone.evaluate("""() => Array.from(document.querySelectorAll("svg.hw-chart text[text-anchor=end]"))
      .filter(t => t.getBoundingClientRect().left < t.closest("svg").getBoundingClientRect().left - 0.5).length""")
    assert clipped == 0  # no label runs past the chart's left edge


def test_tables_are_folded_and_time_runs_oldest_first(phone, site_url: str) -> None:
    phone.goto(site_url + "stats/")
    tables = phone.locator("details.hw-stat__table")
    assert tables.count() == 4 and phone.locator("details.hw-stat__table[open]").count() == 0
    assert not phone.locator("#by-month ~ .hw-stat table").first.is_visible()
    months = phone.locator("#by-month ~ .hw-stat").first
    chart = months.locator("svg text[text-anchor=end]").all_text_contents()
    months.locator("summary").click()
    table = months.locator("tbody td:first-child").all_text_contents()
    assert chart == table == sorted(table) and len(table) >= 2
