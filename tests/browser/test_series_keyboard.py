"""Series navigation by keyboard alone: Tab reaches 下一篇 with a visible focus ring, Enter lands on the next part."""

from __future__ import annotations

from urllib.parse import urlsplit

from test_a11y import focus_ring, tab_to

import sitebuild
from haowen.catalog.load import load_or_exit
from haowen.site.context import anchor


def _series_parts(series_id: str) -> list:
    catalog = load_or_exit(sitebuild.ROOT / "data" / "links.yaml")
    return sorted((link for link in catalog.links if link.series == series_id), key=lambda link: link.part)


def test_next_part_by_keyboard_from_the_series_page(page, site_url: str) -> None:
    first, second = _series_parts("bbuf-cuda-notes")[:2]
    page.goto(site_url + "series/bbuf-cuda-notes/")
    tab_to(page, 'a[rel="next"]', limit=120)
    assert focus_ring(page), "聚焦的“下一篇”链接看不出焦点"
    assert page.evaluate("document.activeElement.textContent") == "下一篇"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).fragment == anchor(second)
    target = page.locator(f"#{anchor(second)}")
    assert target.is_visible() and target.inner_text().startswith(second.title)
    assert first.part == 1 and second.part == 2
