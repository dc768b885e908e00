"""Build-time parts of discovery: counts, SVG charts, the finder page and the search records it draws."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from haowen.catalog.load import Entry, load_or_exit
from haowen.catalog.model import Link
from haowen.catalog.status import DeadMark
from haowen.catalog.urls import canonical, host, host_label
from haowen.export.feed import add_head_link
from haowen.export.json_doc import dumps
from haowen.site import counts
from haowen.site.context import Site
from haowen.site.entry import render_entry
from haowen.site.pages import finder
from haowen.site.plugin import as_plain_markdown
from haowen.site.search import index
from haowen.site.svgchart import bar_chart

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import generate

SVG = "{http://www.w3.org/2000/svg}"


def test_chart_escapes_labels_and_scales_bars() -> None:
    svg = bar_chart([("<script>x", 10), ("b & c", 5), ("零", 0)], "标题 <x>")
    root = ET.fromstring(svg)
    assert root.findtext(f"{SVG}title") == "标题 <x>"
    assert (root.get("role"), root.get("aria-label")) == ("img", "标题 <x>")  # the chart's text alternative
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    labels = [g.findall(f"{SVG}text")[0].text for g in root.iter(f"{SVG}g")]
    assert labels == ["<script>x", "b & c", "零"]
    assert "<script>" not in svg
    long = ET.fromstring(bar_chart([("很长" * 20, 1)], "t"))
    assert long.find(f"{SVG}g/{SVG}title").text == "很长" * 20 + "：1"


def test_months_without_additions_are_zero(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    link = catalog.links[0]
    catalog.entries = [Entry(0, link.model_copy(update={"added": dt.date(2023, 11, 5)}), 0),
                       Entry(1, link.model_copy(update={"added": dt.date(2024, 2, 1), "url": "https://e.com/x"}), 0)]
    assert counts.by_month(catalog) == [("2023-11", 1), ("2023-12", 0), ("2024-01", 0), ("2024-02", 1)]


def test_category_counts_include_children(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    per = counts.by_category(catalog)
    for cat in catalog.ordered_categories():
        own = sum(1 for link in catalog.links if link.category == cat.id)
        assert per[cat.id] == own + sum(per[c.id] for c in cat.children)
    assert sum(per[c.id] for c in catalog.ordered_categories()) == len(catalog.links)


def _records(site: Site) -> list[list]:
    """The search index's record of every entry, in standing order (what the finder and the search draw)."""
    files = index.build(site)
    return [r for k in range(len(files)) if (text := files.get(f"{json.loads(files['meta.json'])['dir']}/d/{k}.json"))
            for r in json.loads(text)]


def _finder_page(site: Site) -> str:
    return as_plain_markdown(site, finder.render(site))[finder.FINDER]


def test_records_hold_hostile_text_as_data(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    evil = Link(url="https://e.com/y", title="</script><script>alert(1)</script>", category="moe",
                note="<!-- x", added=dt.date(2024, 1, 1))
    catalog.entries = [Entry(0, evil, 0)]
    assert _records(Site(catalog))[0][:3] == [evil.title, evil.url, "e.com"]
    assert "<script>" not in _finder_page(Site(catalog)).split("</h1>")[-1].split('<div class="hw-links')[0]


def test_a_record_per_link_and_html_for_the_first_page_only(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    site = Site(catalog)
    links = index.ranked(site)
    assert len(links) > finder.PAGE_SIZE
    records = _records(site)
    assert [r[:3] for r in records] == [[l.title, l.url, host(l.url)] for l in links]
    assert [r[8] for r in records] == [l.note or "" for l in links]

    def published(l: Link) -> str:
        return "" if l.published is None else str(l.published)

    assert [[r[4], r[7], r[12]] for r in records] == [[int(l.pick), published(l), [[host_label(u), u] for u in l.mirrors] or 0]
                                                      for l in links]
    assert any(r[7] for r in records) and any(r[12] for r in records)
    # server-rendered: the first page, in standing order, with a note for readers without JavaScript
    page = _finder_page(site)
    assert page.count('<div class="hw-link">') == finder.PAGE_SIZE
    shown = re.findall(r'class="hw-link__title">(<span class="hw-pick"[^>]*>★</span>)?<a [^>]*>(.*?)</a>', page)
    assert [(bool(star), html.unescape(t)) for star, t in shown] == [(l.pick, l.title) for l in links[:finder.PAGE_SIZE]]
    assert "<noscript>" in page and "筛选需要 JavaScript" in page


def test_record_tags_have_the_labels_and_hrefs_of_entries(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    site = Site(catalog)
    tables = json.loads(index.build(site)["meta.json"])["tags"]
    links = index.ranked(site)
    tagged = next(i for i, link in enumerate(links) if len(link.tags) > 1)
    anchors = re.findall(r'<a class="hw-tag" href="([^"]*)">#([^<]*)</a>', render_entry(site, finder.FINDER, links[tagged]))
    assert [("../" + tables[t][2], tables[t][1]) for t in _records(site)[tagged][9]] == \
        [(html.unescape(h), html.unescape(label)) for h, label in anchors]


def test_records_mark_dead_links_like_entries(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    first, second = catalog.links[:2]
    dead = {canonical(first.url): DeadMark(dt.date(2025, 3, 4), "https://web.archive.org/web/2025/x"),
            canonical(second.url): DeadMark(None, None)}
    site = Site(catalog, dead=dead)
    by_url = {r[1]: r for r in _records(site)}
    assert by_url[first.url][13] == ["2025-03-04", "https://web.archive.org/web/2025/x"]
    assert by_url[second.url][13] == [None, None]
    assert by_url[catalog.links[2].url][13] == 0


def test_finder_page_does_not_grow_with_the_catalogue(data_copy: Path) -> None:
    """At 100k links the finder was 73 MB of HTML (an entry per link), then the data of every link; now one page."""
    catalog = load_or_exit(data_copy)
    catalog.entries = [Entry(i, link, 0) for i, link in enumerate(generate.generate_links(20_000))]
    page = _finder_page(Site(catalog))
    assert len(page.encode()) < 400_000
    assert page.count('<div class="hw-link">') == finder.PAGE_SIZE


def test_feed_link_is_relative_to_each_page() -> None:
    html = "<html><head><title>x</title></head><body></body></html>"
    assert 'href="feed.xml"' in add_head_link(html, "")
    assert 'href="../../feed.xml"' in add_head_link(html, "categories/moe/")
    assert add_head_link(html, "").count("application/atom+xml") == 1


def test_links_json_items_hold_every_set_field_as_pydantic_dumps_it(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    items = json.loads(dumps(catalog))["links"]
    for link, item in zip(catalog.links, items, strict=True):
        want = link.model_dump(mode="json", exclude_none=True)
        assert {k: v for k, v in item.items() if k not in ("tags", "category_path")} == \
            {k: v for k, v in want.items() if k != "tags"}, link.url
        assert list(item)[:len(want)] == list(want)  # field order as in the model
