"""Reading paths in a real browser: start-here and 下一篇 links land on the right entry; the finder's kind filter."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import pytest
from test_discovery import _SAME_MARKUP_JS, settled  # the finder-vs-served markup comparison

import reading_fixture
import sitebuild
from haowen.site.context import url_anchor


def anchor(n: int) -> str:
    return url_anchor(f"https://zhuanlan.zhihu.com/p/{n}")


@pytest.fixture(scope="module")
def reading_site(serve: Callable[[Path], str]) -> str:
    scratch = Path(tempfile.mkdtemp(prefix="haowen-reading-browser-"))
    result = sitebuild.build(scratch / "site", reading_fixture.write(scratch / "data"))
    assert result.returncode == 0, result.stderr
    return serve(scratch / "site")


WIDTHS = [1280, 390]  # desktop and phone


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized(browser, request):
    """A page at desktop or phone width; articles (zhihu) are answered here, never from the internet."""
    context = browser.new_context(viewport={"width": request.param, "height": 844}, locale="zh-CN")
    context.route("https://zhuanlan.zhihu.com/**", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body="<title>文章</title><p>文章正文</p>"))
    page = context.new_page()
    yield page
    context.close()


def _in_view(page, element_id: str) -> bool:
    return page.evaluate("""id => {
      const box = document.getElementById(id).getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    }""", element_id)


def _highlighted(page, element_id: str) -> bool:
    """The row holding `element_id` is marked as the target: a bar on its left that other rows lack."""
    return page.evaluate("""id => {
      const row = document.getElementById(id).closest(".hw-link");
      const other = Array.from(document.querySelectorAll(".hw-link")).find(r => r !== row);
      const bar = r => getComputedStyle(r).borderLeftWidth;
      return bar(row) !== "0px" && bar(other) === "0px";
    }""", element_id)


def test_start_here_opens_the_article_in_one_click_and_its_place_is_one_link_away(sized, reading_site: str) -> None:
    page = sized
    page.goto(reading_site + "categories/cuda/")
    block = page.locator("section.hw-start")
    assert block.get_by_role("heading", name="从这里开始").is_visible()
    with page.expect_popup() as popup:
        block.get_by_role("link", name="第 6 篇").click()
    assert popup.value.url == "https://zhuanlan.zhihu.com/p/6"  # the article itself, in a new tab
    popup.value.close()
    block.get_by_role("listitem").filter(has_text="第 6 篇").get_by_role("link", name="目录：Triton").click()
    page.wait_for_function(f"location.hash === '#{anchor(6)}'")
    assert _in_view(page, anchor(6)) and _highlighted(page, anchor(6))


def test_next_and_previous_links_walk_the_series_across_sections(page, reading_site: str) -> None:
    page.goto(reading_site + "categories/cuda/")
    first = page.locator(".hw-link", has=page.locator(f"#{anchor(3)}"))
    assert "系列：CUDA 笔记（第 1/4 篇）" in first.locator(".hw-link__series").inner_text()
    first.get_by_role("link", name="下一篇").click()
    page.wait_for_function(f"location.hash === '#{anchor(5)}'")
    assert _in_view(page, anchor(5))
    third = page.locator(".hw-link", has=page.locator(f"#{anchor(1)}"))
    third.get_by_role("link", name="下一篇").click()  # part 4 is in the Triton section
    page.wait_for_function(f"location.hash === '#{anchor(6)}'")
    assert _in_view(page, anchor(6))
    page.locator(".hw-link", has=page.locator(f"#{anchor(6)}")).get_by_role("link", name="上一篇").click()
    page.wait_for_function(f"location.hash === '#{anchor(1)}'")


def test_series_page_steps_within_the_page_and_marks_the_target(sized, reading_site: str) -> None:
    page = sized
    page.goto(reading_site + "series/cuda-notes/")
    titles = page.locator(".hw-link__title > a").all_inner_texts()
    assert titles == [f"第 {n} 篇" for n in reading_fixture.SERIES_ORDER]
    for here, there in zip(reading_fixture.SERIES_ORDER, reading_fixture.SERIES_ORDER[1:]):
        page.locator(".hw-link", has=page.locator(f"#{anchor(here)}")).get_by_role("link", name="下一篇").click()
        page.wait_for_function(f"location.hash === '#{anchor(there)}'")
        assert urlsplit(page.url).path == "/series/cuda-notes/"  # never leaves the page
        assert _in_view(page, anchor(there)) and _highlighted(page, anchor(there))
    row = page.locator(".hw-link", has=page.locator(f"#{anchor(6)}"))
    with page.expect_popup() as popup:
        row.locator(".hw-link__title > a").click()
    assert popup.value.url == "https://zhuanlan.zhihu.com/p/6"
    row.get_by_role("link", name="目录：Triton").click()
    page.wait_for_url(f"**/categories/cuda/#{anchor(6)}")
    assert _highlighted(page, anchor(6))


def test_series_link_opens_the_series_page_in_order(page, reading_site: str) -> None:
    page.goto(reading_site + "categories/cuda/")
    page.locator(".hw-link__series").first.get_by_role("link", name="CUDA 笔记").click()
    page.wait_for_url("**/series/cuda-notes/")
    titles = page.locator(".hw-link__title > a").all_inner_texts()
    assert titles == [f"第 {n} 篇" for n in reading_fixture.SERIES_ORDER]


def test_reading_paths_items_open_the_article(sized, reading_site: str) -> None:
    page = sized
    page.goto(reading_site + "paths/")
    with page.expect_popup() as popup:
        page.get_by_role("link", name="第 7 篇").click()
    assert popup.value.url == "https://zhuanlan.zhihu.com/p/7"


def test_reading_paths_page_is_in_the_navigation(page, reading_site: str) -> None:
    page.goto(reading_site)
    page.locator("nav.md-nav--primary").get_by_role("link", name="学习路线").first.click()
    page.wait_for_url("**/paths/")


def test_picks_lead_with_a_visible_star_and_the_order_is_stated(sized, reading_site: str) -> None:
    page = sized
    page.goto(reading_site + "categories/cuda/")
    assert page.get_by_text("排序：★ 推荐先读的在前").is_visible()
    rows = page.locator("#cuda-basics ~ .hw-links").first.locator(".hw-link")
    stars = [row.locator(".hw-pick").count() == 1 for row in rows.all()]
    titles = [t.strip() for t in rows.locator(".hw-link__title > a").all_inner_texts()]
    # pick 2, then the series (its pick is part 3), then the dated paper
    assert titles == ["第 2 篇", "第 3 篇", "第 5 篇", "第 1 篇", "第 4 篇"]
    assert stars == [True, False, False, True, False]
    assert rows.first.locator(".hw-pick").is_visible()
    assert rows.first.locator(".hw-pick").get_attribute("aria-label") == "推荐"


def test_home_starts_with_articles_then_the_categories(sized, reading_site: str) -> None:
    page = sized
    page.goto(reading_site)
    first_card = page.locator(".hw-card").first
    box = first_card.bounding_box()
    assert box is not None and box["y"] + box["height"] <= page.viewport_size["height"]  # on the first screen
    assert first_card.locator(".hw-card__meta").inner_text() in ("知乎 · 课程", "知乎 · 代码库", "知乎 · 文章")
    with page.expect_popup() as popup:
        first_card.locator("a.hw-card__title").click()
    assert popup.value.url.startswith("https://zhuanlan.zhihu.com/p/")
    cards_end = page.locator(".hw-topics").bounding_box()
    categories = page.locator("ul.hw-categories").bounding_box()
    assert cards_end is not None and categories is not None and categories["y"] > cards_end["y"]
    hrefs = page.locator("article a[target=_blank][href^='https://zhuanlan']").evaluate_all(
        "links => links.map(a => a.href)")
    assert len(hrefs) == len(set(hrefs))  # nothing listed twice


def test_navigation_reads_home_and_gathers_developer_pages(page, reading_site: str) -> None:
    page.goto(reading_site)
    nav = page.locator("nav.md-nav--primary")
    labels = [t.strip() for t in nav.locator(":scope > ul > li > a, :scope > ul > li > label").all_inner_texts()]
    assert labels[0] == "首页" and "好文" not in labels
    assert labels[-1] == "开发者" and "数据接口" not in labels and "最近添加" in labels


def test_finder_kind_filter_keeps_its_state_in_the_url(page, reading_site: str) -> None:
    page.goto(reading_site + "finder/")
    settled(page)
    page.locator('select[name="kind"]').select_option("repo")
    settled(page)
    titles = page.locator("#hw-finder .hw-link__title").all_text_contents()
    assert titles == ["★第 2 篇 代码库"]  # a start-here pick: the star (read as 推荐, role=img)
    assert parse_qs(urlsplit(page.url).query) == {"kind": ["repo"]}
    page.goto(reading_site + "finder/?kind=paper")
    settled(page)
    assert page.locator('select[name="kind"]').input_value() == "paper"
    assert page.locator("#hw-finder .hw-link__title").all_text_contents() == ["第 4 篇 论文"]
    page.locator('select[name="kind"]').select_option("")
    settled(page)
    assert page.locator("#hw-finder .hw-link").count() == 8


def test_finder_entries_have_the_markup_of_the_served_page(page, reading_site: str) -> None:
    page.goto(reading_site + "finder/")
    settled(page)
    with urlopen(reading_site + "finder/") as response:
        served, drawn = page.evaluate(_SAME_MARKUP_JS, response.read().decode())
    assert len(served) == len(drawn) == 8
    assert drawn == served
    third = page.locator("#hw-finder .hw-link", has_text="第 3 篇")
    assert "发表于 2023-05" in third.inner_text() and "另见：微信" in third.inner_text()
