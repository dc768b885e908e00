"""Build-time parts of discovery: counts, SVG charts and the finder's embedded data."""

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


def test_finder_data_cannot_close_its_script_element(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    evil = Link(url="https://e.com/y", title="</script><script>alert(1)</script>", category="moe",
                note="<!-- x", added=dt.date(2024, 1, 1))
    catalog.entries = [Entry(0, evil, 0)]
    text = finder.data_json(Site(catalog))
    assert "<" not in text
    assert json.loads(text)["links"][0][:3] == [evil.title, evil.url, evil.note]


def _finder_page(site: Site) -> str:
    return as_plain_markdown(site, finder.render(site))[finder.FINDER]


def _finder_data(page: str) -> dict:
    return json.loads(re.search(r"data-finder-data>(.*?)</script>", page).group(1))


def test_finder_data_has_a_row_per_link_and_html_for_the_first_page_only(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    links = catalog.links
    assert len(links) > finder.PAGE_SIZE
    page = _finder_page(Site(catalog))
    data = _finder_data(page)
    assert [row[:3] for row in data["links"]] == [[l.title, l.url, l.note or ""] for l in links]
    assert [data["hosts"][row[5]] for row in data["links"]] == [host(l.url) for l in links]
    assert [data["cats"][row[3]] for row in data["links"]] == [[l.category, catalog.parents[l.category].id]
                                                                for l in links]
    def published(l: Link) -> str:
        return "" if l.published is None else str(l.published)

    def mirrors(l: Link) -> list[list[str]] | int:
        return [[host_label(u), u] for u in l.mirrors] or 0

    assert [row[6:] for row in data["links"]] == [[finder.year(l), finder.KINDS.index(l.kind), published(l), mirrors(l)]
                                                  for l in links]
    assert any(row[8] for row in data["links"]) and any(row[9] for row in data["links"])
    # server-rendered: the first page, in catalogue order, with a note for readers without JavaScript
    assert page.count('<div class="hw-link">') == finder.PAGE_SIZE
    assert [html.unescape(t) for t in re.findall(r'class="hw-link__title">(?:<span class="hw-pick"[^>]*>★</span>)?<a [^>]*>(.*?)</a>',
                                                      page)] == \
        [l.title for l in links[:finder.PAGE_SIZE]]
    assert "<noscript>" in page and "筛选需要 JavaScript" in page


def test_finder_tags_are_embedded_once_with_the_labels_and_hrefs_of_entries(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    site = Site(catalog)
    data = _finder_data(_finder_page(site))
    used = list(dict.fromkeys(t for link in catalog.links for t in link.tags))
    assert [t[0] for t in data["tags"]] == used
    tagged = next(link for link in catalog.links if len(link.tags) > 1)
    row = data["links"][catalog.links.index(tagged)]
    anchors = re.findall(r'<a class="hw-tag" href="([^"]*)">#([^<]*)</a>', render_entry(site, finder.FINDER, tagged))
    assert [(data["tags"][t][2], data["tags"][t][1]) for t in row[4]] == \
        [(html.unescape(h), html.unescape(label)) for h, label in anchors]


def test_finder_marks_dead_links_like_entries(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    first, second = catalog.links[:2]
    dead = {canonical(first.url): DeadMark(dt.date(2025, 3, 4), "https://web.archive.org/web/2025/x"),
            canonical(second.url): DeadMark(None, None)}
    rows = json.loads(finder.data_json(Site(catalog, dead=dead)))["links"]
    assert rows[0][10] == ["2025-03-04", "https://web.archive.org/web/2025/x"]
    assert rows[1][10] == [None, None]
    assert len(rows[2]) == 10


def test_finder_page_stays_small_per_link(data_copy: Path) -> None:
    """At 100k links the finder was 73 MB of HTML (an entry per link); now it is data plus one page."""
    catalog = load_or_exit(data_copy)
    catalog.entries = [Entry(i, link, 0) for i, link in enumerate(generate.generate_links(20_000))]
    page = _finder_page(Site(catalog))
    assert len(page.encode()) / len(catalog.links) < 300
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
