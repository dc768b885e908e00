"""Hostile taxonomy, tag and link texts in a real browser (issue 12, item 3): nothing runs, nothing is added
to the page, and links to subcategory anchors still land on their section."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import hostile

# Elements or attributes the attacks would add if any of them were read as markup.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) if (/^on/i.test(a.name)) found.push(el.tagName + ' ' + a.name);
    if (el.id === 'evil' || el.classList.contains('evil')) found.push(el.tagName + '#evil');
    if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') found.push('img src=x');
    if (el.tagName === 'A' && /^\\s*javascript:/i.test(el.getAttribute('href') || '')) found.push('javascript: link');
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_site(serve: Callable[[Path], str]) -> tuple[str, hostile.Hostile]:
    folder, data = hostile.built_site()
    return serve(folder), data


def _assert_inert(page, dialogs: list[str]) -> None:
    assert page.evaluate("window.__hw_xss") is None
    assert page.evaluate(INJECTED) == []
    assert dialogs == []


def test_hostile_pages_run_nothing_and_titles_read_as_text(page, hostile_site) -> None:
    base, data = hostile_site
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for cat_id in ("cat-0", "cat-1"):
        page.goto(f"{base}categories/{cat_id}/")
        assert page.title() == " ".join(data.category_titles[cat_id].split()) + " - 好文"
        _assert_inert(page, dialogs)
    for path in ["", "recent/", "tags/", "stats/", *(f"tags/{t}/" for t in data.tag_titles)]:
        page.goto(base + path)
        _assert_inert(page, dialogs)
    page.goto(base + "finder/")
    page.fill("input[name=q]", "script")  # the finder draws entries from the search records in the browser
    page.wait_for_selector("#hw-finder[data-ready]:not([data-busy])", state="attached")
    _assert_inert(page, dialogs)
    page.goto(base)
    page.click("input.md-search__input")
    page.keyboard.type("onerror")
    page.wait_for_function("document.querySelector('[data-hw-search]').dataset.query === 'onerror'")
    page.wait_for_selector(".md-search-result__item")
    _assert_inert(page, dialogs)


@pytest.mark.parametrize("sub", ["sub-0-0", "sub-0-1", "sub-0-2", "sub-1-0"])
def test_links_to_subcategory_anchors_land_on_their_section(page, hostile_site, sub: str) -> None:
    base, data = hostile_site
    cat = "cat-" + sub.split("-")[1]
    page.goto(f"{base}categories/{cat}/")
    page.locator(f".md-sidebar--secondary a[href='#{sub}']").click()  # the table of contents
    page.wait_for_url(re.compile(f"#{sub}$"))
    heading = page.locator(f"h2#{sub}")
    assert " ".join(heading.inner_text().replace("¶", "").split()) == " ".join(data.category_titles[sub].split())
    assert heading.evaluate("h => Math.abs(h.getBoundingClientRect().top) < window.innerHeight / 2")
    page.goto(f"{base}categories/{cat}/#{sub}")  # a link from elsewhere
    assert page.locator(f"h2#{sub}").evaluate("h => h.getBoundingClientRect().top < window.innerHeight / 2")
