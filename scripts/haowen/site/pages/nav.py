"""The navigation, in taxonomy order, as awesome-nav `.nav.yml` files (generated like the pages)."""

from __future__ import annotations

import json

from haowen.site.context import Site
from haowen.site.pages.discovery import API
from haowen.site.paths import HOME, READING_PATHS, RECENT, TAG_INDEX, category_page


def _entries(site: Site) -> list[str | dict[str, str]]:
    return [{"首页": HOME}, READING_PATHS, *(category_page(c.id) for c in site.catalog.ordered_categories()),
            {"标签": TAG_INDEX}, {"最近添加": RECENT}, "finder.md", "stats.md",  # last two: issue 6
            {"开发者": API}]  # links.json and its format, for developers: one entry at the end


def in_nav(site: Site) -> set[str]:
    """The pages the navigation lists; the others (tag, series, numbered pages) are reached from pages."""
    return {page for entry in _entries(site) for page in ([entry] if isinstance(entry, str) else entry.values())}


def render(site: Site) -> dict[str, str]:
    # JSON is YAML: titles and paths need no quoting rules of their own.
    return {".nav.yml": json.dumps({"nav": _entries(site)}, ensure_ascii=False, indent=1) + "\n"}
