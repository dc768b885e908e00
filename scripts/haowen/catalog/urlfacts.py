"""What an entry's URL and title state, filled into the fields the entry leaves empty.

`haowen add` and import call `with_url_facts` on every new entry; the catalogue was given the same
values once.  Only what is stated is written: a date the URL holds (urltime.DATE_RULES), English where
the title and the site say so (urls.english); nothing is estimated.
"""

from __future__ import annotations

from haowen.catalog.model import Link
from haowen.catalog.urls import english
from haowen.catalog.urltime import url_published


def with_url_facts(link: Link) -> Link:
    """`link` with `published` from its URL and `lang: en` from its title and site, where it has neither."""
    update: dict[str, object] = {}
    if link.published is None:
        day = url_published(link.url)
        if day is not None:
            update["published"] = day
    if link.lang is None and english(link.title, link.url):
        update["lang"] = "en"
    return link.model_copy(update=update) if update else link
