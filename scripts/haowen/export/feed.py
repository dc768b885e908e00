"""The Atom feed of the newest links (feed.xml on the site), built with feedgen."""

from __future__ import annotations

import datetime as dt
import heapq

from feedgen.feed import FeedGenerator
from mkdocs.utils import get_relative_url

from haowen.catalog.load import Catalog
from haowen.catalog.model import Link

FEED_PATH = "feed.xml"
FEED_TITLE = "好文：新收录的文章"
FEED_SIZE = 50
CATEGORY_SCHEME = "urn:haowen:category"
TAG_SCHEME = "urn:haowen:tag"


def newest(catalog: Catalog, count: int = FEED_SIZE) -> list[Link]:
    """The `count` newest links by `added`; on the same day, later in links.yaml comes first."""
    ranked = heapq.nlargest(count, enumerate(catalog.links), key=lambda pair: (pair[1].added, pair[0]))
    return [link for _, link in ranked]


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _entry(fg: FeedGenerator, catalog: Catalog, link: Link) -> None:
    fe = fg.add_entry(order="append")
    fe.id(link.url)
    fe.title(link.title)
    fe.link(href=link.url)
    fe.updated(_moment(link.added))
    if link.published_on:
        fe.published(_moment(link.published_on))
    if link.author:
        fe.author(name=link.author)
    path = " / ".join(c.title for c in catalog.category_path(link.category))
    fe.summary(f"{link.note}（{path}）" if link.note else path)
    fe.category(term=link.category, label=path, scheme=CATEGORY_SCHEME)
    for name in link.tags:
        tag_id = catalog.resolve_tag(name) or name
        fe.category(term=tag_id, label=catalog.tag_label(tag_id), scheme=TAG_SCHEME)


def feed_xml(catalog: Catalog, site_url: str | None) -> bytes:
    """The Atom document; `site_url` (the site's root, may be None) makes the self and home links."""
    entries = newest(catalog)
    fg = FeedGenerator()
    root = (site_url or "").rstrip("/") + "/" if site_url else None
    fg.id(f"{root}{FEED_PATH}" if root else "urn:haowen:feed")
    fg.title(FEED_TITLE)
    fg.subtitle("大模型与 AI 基础设施中文好文精选目录：最近添加的文章")
    fg.author(name="好文")
    fg.language("zh")
    if root:
        fg.link(href=f"{root}{FEED_PATH}", rel="self", type="application/atom+xml")
        fg.link(href=root, rel="alternate", type="text/html")
    day = max((e.added for e in entries), default=dt.date(1970, 1, 1))
    fg.updated(_moment(day))
    for link in entries:
        _entry(fg, catalog, link)
    xml: bytes = fg.atom_str(pretty=True)
    return xml


def head_link(page_url: str) -> str:
    """The <link> that announces the feed, for the <head> of the page at site URL `page_url`."""
    href = get_relative_url(FEED_PATH, page_url or ".")
    return f'<link rel="alternate" type="application/atom+xml" title="{FEED_TITLE}" href="{href}">'


def add_head_link(html: str, page_url: str) -> str:
    """`html` with the feed announced just before </head>."""
    return html.replace("</head>", head_link(page_url) + "</head>", 1)
