"""The navigation, in taxonomy order, as awesome-nav `.nav.yml` files (generated like the pages)."""

from __future__ import annotations

import json

from haowen.site.context import Site
from haowen.site.paths import HOME, READING_PATHS, RECENT, TAG_INDEX, category_page


def render(site: Site) -> dict[str, str]:
    entries = [HOME, READING_PATHS, *(category_page(c.id) for c in site.catalog.ordered_categories()),
               {"标签": TAG_INDEX}, RECENT, "finder.md", "stats.md", "api.md"]  # last three: issue 6
    # JSON is YAML: titles and paths need no quoting rules of their own.
    return {".nav.yml": json.dumps({"nav": entries}, ensure_ascii=False, indent=1) + "\n"}
