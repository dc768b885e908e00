"""The 404 page's way on: a few picks, one per topic, for the theme's 404.html (theme/404.html)."""

from __future__ import annotations

from haowen.catalog.urls import host_label
from haowen.site.context import Site
from haowen.site.placement import reading_key

NOT_FOUND = "404.html"
NOT_FOUND_PICKS = 6


def not_found_picks(site: Site) -> list[dict[str, str]]:
    """The first pick (in reading order) of the first topics: title, URL, site and its category page.

    Plain strings: the template escapes them, and links the category page from the site root."""
    out = []
    for cat in site.catalog.ordered_categories():
        picks = sorted(site.catalog.picks(cat.id), key=reading_key)
        if picks:
            link = picks[0]
            out.append({"title": link.title, "url": link.url, "host": host_label(link.url),
                        "topic": cat.title, "topic_url": f"categories/{cat.id}/"})
        if len(out) == NOT_FOUND_PICKS:
            break
    return out
