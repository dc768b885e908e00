"""The Atom feed: the newest 50 links, newest first, with categories and tags, text kept as text."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from haowen.catalog.load import Catalog, Entry, load_or_exit
from haowen.catalog.model import Link
from haowen.export.feed import CATEGORY_SCHEME, FEED_SIZE, TAG_SCHEME, feed_xml

A = "{http://www.w3.org/2005/Atom}"
HOSTILE = "</title><script>alert(1)</script> & <b>粗</b>"


@pytest.fixture
def catalog(data_copy: Path) -> Catalog:
    """The real catalogue plus three links added later than any other (the middle one hostile)."""
    cat = load_or_exit(data_copy)
    new = [
        Link(url="https://example.com/a", title="第一篇", category="moe", tags=["moe"], added=dt.date(2030, 1, 1)),
        Link(url="https://example.com/b", title=HOSTILE, category="attention", tags=["注意力", "rope"],
             note="<i>备注</i> & 更多", author="某人", added=dt.date(2030, 1, 3)),
        Link(url="https://example.com/c", title="同一天但更靠后", category="moe", added=dt.date(2030, 1, 3)),
    ]
    cat.entries = cat.entries[:1] + [Entry(len(cat.entries) + i, link, 0) for i, link in enumerate(new)] + cat.entries[1:]
    return cat


def _entries(xml: bytes) -> list[ET.Element]:
    return ET.fromstring(xml).findall(f"{A}entry")


def test_newest_fifty_newest_first(catalog: Catalog) -> None:
    root = ET.fromstring(feed_xml(catalog, "https://example.org/haowen/"))
    ids = [e.findtext(f"{A}id") for e in root.findall(f"{A}entry")]
    assert len(ids) == FEED_SIZE
    assert ids[:3] == ["https://example.com/c", "https://example.com/b", "https://example.com/a"]
    assert root.findtext(f"{A}updated").startswith("2030-01-03")


def test_fewer_links_than_fifty(catalog: Catalog) -> None:
    catalog.entries = catalog.entries[:5]
    assert len(_entries(feed_xml(catalog, None))) == 5


def test_entry_carries_category_tags_and_text_as_text(catalog: Catalog) -> None:
    entry = next(e for e in _entries(feed_xml(catalog, None)) if e.findtext(f"{A}id") == "https://example.com/b")
    assert entry.findtext(f"{A}title") == HOSTILE
    assert list(entry.find(f"{A}title")) == []
    assert entry.find(f"{A}link").get("href") == "https://example.com/b"
    assert entry.findtext(f"{A}author/{A}name") == "某人"
    assert entry.findtext(f"{A}summary").startswith("<i>备注</i> & 更多")
    cats = {(c.get("scheme"), c.get("term")): c.get("label") for c in entry.findall(f"{A}category")}
    assert cats == {
        (CATEGORY_SCHEME, "attention"): "大模型基础 / 注意力机制",
        (TAG_SCHEME, "attention"): "Attention",
        (TAG_SCHEME, "rope"): "RoPE",
    }


def test_feed_links_to_itself_and_the_site(catalog: Catalog) -> None:
    root = ET.fromstring(feed_xml(catalog, "https://example.org/haowen"))
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{A}link")}
    assert links == {"self": "https://example.org/haowen/feed.xml", "alternate": "https://example.org/haowen/"}
    assert root.findtext(f"{A}id") == "https://example.org/haowen/feed.xml"


def test_feed_without_site_url_still_has_an_id(catalog: Catalog) -> None:
    root = ET.fromstring(feed_xml(catalog, None))
    assert root.findtext(f"{A}id") == "urn:haowen:feed"
    assert root.findall(f"{A}link") == []
