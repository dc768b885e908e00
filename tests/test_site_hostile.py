"""Hostile texts in every data field, built once into a real site: each shows as itself, nothing runs (issue 12, item 3).

The catalogue (tests/hostile.py) holds ~150 generated texts — markup, attr_list braces, entities, YAML specials
and characters of every allowed Unicode category — as category, subcategory and tag titles, link titles,
notes and authors.  Every HTML page, the feed, links.json and the search index are checked.
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

import hostile
from haowen.catalog.load import load_or_exit
from haowen.export.feed import newest
from haowen.site.context import anchor

SITE_NAME = "好文"


def shown(text: str) -> str:
    """How a text reads on a page: whitespace runs as one space."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def site() -> Path:
    return hostile.built_site()[0]


@pytest.fixture(scope="module")
def data() -> hostile.Hostile:
    return hostile.built_site()[1]


def _page(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / path / "index.html")).getroot()


def _all(root: lxml.html.HtmlElement, tag: str, cls: str, below: str = "") -> list[lxml.html.HtmlElement]:
    """Elements `tag` with class `cls` (then their `below` descendants), as `tag.cls below` selects them."""
    path = f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"
    return root.xpath(path + (f"//{below}" if below else ""))


def _heading_text(el: lxml.html.HtmlElement) -> str:
    for link in el.findall("a[@class='headerlink']"):
        link.drop_tree()
    return shown(el.text_content())


def test_no_page_gains_an_element_attribute_or_script(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        root = lxml.html.parse(str(path)).getroot()
        for el in root.iter(lxml.etree.Element):
            assert not [k for k in el.attrib if k.lower().startswith("on")], (path, el.tag, dict(el.attrib))
            assert "evil" not in (el.get("id") or "").split() + (el.get("class") or "").split(), (path, el.tag)
            assert not (el.get("href") or "").lower().startswith("javascript"), (path, el.get("href"))
            if el.tag == "script" and "__hw_xss" in (el.text or ""):
                assert el.get("type") == "application/json", path  # the finder's data, not code
            assert el.tag != "img" or el.get("src") != "x", path


def test_page_titles_headings_and_anchors_show_the_text_once_escaped(site: Path, data: hostile.Hostile) -> None:
    catalog = load_or_exit(data.data / "links.yaml")
    for cat in catalog.ordered_categories():
        root = _page(site, f"categories/{cat.id}")
        assert root.findtext(".//title") == f"{shown(cat.title)} - {SITE_NAME}"
        assert _heading_text(root.get_element_by_id(cat.id)) == shown(cat.title)
        toc = {a.get("href"): shown(a.text_content()) for a in _all(root, "nav", "md-nav--secondary", "a")}
        for child in cat.children:
            heading = root.get_element_by_id(child.id)
            assert heading.tag == "h2" and _heading_text(heading) == shown(child.title)
            assert toc[f"#{child.id}"] == shown(child.title)
        nav = [shown(a.text_content()) for a in _all(root, "nav", "md-nav--primary", "a")]
        assert shown(cat.title) in nav
        for link in (l for l in catalog.links if catalog.parents[l.category] is cat):
            entry = root.get_element_by_id(anchor(link)).getparent()
            assert shown(_all(entry, "*", "hw-link__title", "a")[0].text_content()) == shown(link.title)
            assert shown(_all(entry, "*", "hw-link__note")[0].text_content()) == shown(link.note)
            labels = [t.text_content() for t in _all(entry, "a", "hw-tag")]
            assert labels == ["#" + shown(data.tag_titles[t]) for t in link.tags]
    for tag_id, label in data.tag_titles.items():
        root = _page(site, f"tags/{tag_id}")
        assert root.findtext(".//title") == f"标签：{shown(label)} - {SITE_NAME}"
        assert _heading_text(root.get_element_by_id("tag")) == f"标签：{shown(label)}"


def test_tag_index_rows_show_every_tag_title(site: Path, data: hostile.Hostile) -> None:
    """Each tag's row on the tag index is a link reading its title (`Attention]: x` once emptied its row)."""
    rows = _page(site, "tags").xpath(".//article//li")
    links = {a.get("href"): shown(a.text_content()) for row in rows for a in row.findall("a")}
    assert all(row.findall("a") for row in rows)
    for tag_id, label in data.tag_titles.items():
        assert links[f"{tag_id}/"] == shown(label)


def test_home_links_reach_every_category(site: Path, data: hostile.Hostile) -> None:
    root = _page(site, "")
    cells = {shown(a.text_content()): a.get("href") for a in root.xpath(".//article//ul[@class='hw-categories']//a")}
    for cat_id in ("cat-0", "cat-1"):
        assert cells[shown(data.category_titles[cat_id])] == f"categories/{cat_id}/"


def test_feed_json_and_search_index_carry_the_texts_unchanged(site: Path, data: hostile.Hostile) -> None:
    catalog = load_or_exit(data.data / "links.yaml")
    feed = lxml.etree.parse(str(site / "feed.xml"))
    atom = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.xpath("//a:entry/a:title/text()", namespaces=atom) == [l.title for l in newest(catalog)]
    doc = json.loads((site / "links.json").read_text(encoding="utf-8"))
    assert [l["title"] for l in doc["links"]] == [l.title for l in catalog.links]
    assert [c["title"] for c in doc["categories"]] == [
        t for cat in catalog.ordered_categories() for t in (cat.title, *(c.title for c in cat.children))]
    meta = json.loads((site / "search/hw/meta.json").read_text(encoding="utf-8"))
    records = [r for chunk in (site / "search/hw" / meta["dir"] / "d").glob("*.json")
               for r in json.loads(chunk.read_text(encoding="utf-8"))]
    rows = {r[6]: r[0] for r in records}
    for link in catalog.links:
        assert rows[f"categories/{catalog.parents[link.category].id}/#{anchor(link)}"] == link.title
    labels = {c[0]: c[1] for c in meta["cats"]}
    for cat in catalog.ordered_categories():
        for child in cat.children:
            if child.id in labels:
                assert labels[child.id] == f"{cat.title} › {child.title}"
