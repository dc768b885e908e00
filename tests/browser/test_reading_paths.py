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


def _in_view(page, element_id: str) -> bool:
    return page.evaluate("""id => {
      const box = document.getElementById(id).getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    }""", element_id)


def test_start_here_link_goes_to_the_entry(page, reading_site: str) -> None:
    page.goto(reading_site + "categories/cuda/")
    block = page.locator("section.hw-start")
    assert block.get_by_role("heading", name="从这里开始").is_visible()
    assert block.get_by_role("listitem").all_inner_texts() == ["第 1 篇", "第 2 篇 代码库", "第 6 篇"]
    block.get_by_role("link", name="第 6 篇").click()
    page.wait_for_function(f"location.hash === '#{anchor(6)}'")
    assert _in_view(page, anchor(6))
    assert page.locator(f"#{anchor(6)}").inner_text() == "第 6 篇"


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


def test_series_link_opens_the_series_page_in_order(page, reading_site: str) -> None:
    page.goto(reading_site + "categories/cuda/")
    page.locator(".hw-link__series").first.get_by_role("link", name="CUDA 笔记").click()
    page.wait_for_url("**/series/cuda-notes/")
    titles = page.locator(".hw-link__title > a").all_inner_texts()
    assert titles == [f"第 {n} 篇" for n in reading_fixture.SERIES_ORDER]


def test_reading_paths_page_is_in_the_navigation(page, reading_site: str) -> None:
    page.goto(reading_site)
    page.locator("nav.md-nav--primary").get_by_role("link", name="学习路线").first.click()
    page.wait_for_url("**/paths/")
    page.get_by_role("link", name="第 7 篇").click()
    page.wait_for_function(f"location.hash === '#{anchor(7)}'")
    assert urlsplit(page.url).path == "/categories/moe/"


def test_finder_kind_filter_keeps_its_state_in_the_url(page, reading_site: str) -> None:
    page.goto(reading_site + "finder/")
    settled(page)
    page.locator('select[name="kind"]').select_option("repo")
    settled(page)
    titles = page.locator("#hw-finder .hw-link__title").all_text_contents()
    assert titles == ["★从这里开始：第 2 篇 代码库"]  # a start-here pick: the star and, for screen readers, its meaning
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
