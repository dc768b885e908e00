"""Files for reuse beside the pages: the Atom feed (feed.xml) and the public JSON (links.json)."""

from __future__ import annotations

from ...export_json import dumps
from ...render.feed import FEED_PATH, feed_xml
from ..context import Site

LINKS_JSON = "links.json"


def render(site: Site) -> dict[str, str]:
    return {
        FEED_PATH: feed_xml(site.catalog, None).decode("utf-8"),
        LINKS_JSON: dumps(site.catalog),
    }
