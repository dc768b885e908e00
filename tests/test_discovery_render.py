"""Build-time parts of discovery: counts, SVG charts and the finder's embedded data."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from haowen.catalog import Entry, load_or_exit
from haowen.model import Link
from haowen.render import counts
from haowen.render.feed import add_head_link
from haowen.render.svgchart import bar_chart
from haowen.site.context import Site
from haowen.site.plugin import as_plain_markdown
from haowen.site.pages import finder

SVG = "{http://www.w3.org/2000/svg}"


def test_chart_escapes_labels_and_scales_bars() -> None:
    svg = bar_chart([("<script>x", 10), ("b & c", 5), ("零", 0)], "标题 <x>")
    root = ET.fromstring(svg)
    assert root.findtext(f"{SVG}title") == "标题 <x>"
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
                added=dt.date(2024, 1, 1))
    catalog.entries = [Entry(0, evil, 0)]
    text = finder.data_json(catalog)
    assert "<" not in text
    assert json.loads(text)[0][0].startswith("</script>")


def test_finder_rows_match_entries_in_order(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    site = Site(catalog)
    page = as_plain_markdown(site, finder.render(site))[finder.FINDER]
    data = json.loads(re.search(r"data-finder-data>(.*?)</script>", page).group(1))
    assert len(data) == len(catalog.links) == page.count('<div class="hw-link">')
    assert [row[4] for row in data[:3]] == [re.sub(r"^www\.", "", l.url.split("/")[2]) for l in catalog.links[:3]]


def test_feed_link_is_relative_to_each_page() -> None:
    html = "<html><head><title>x</title></head><body></body></html>"
    assert 'href="feed.xml"' in add_head_link(html, "")
    assert 'href="../../feed.xml"' in add_head_link(html, "categories/moe/")
    assert add_head_link(html, "").count("application/atom+xml") == 1
