"""One page per tag, and the tag index listing every tag with its number of links."""

from __future__ import annotations

from ...model import Link
from ...render.mdtext import escape
from ..context import Site
from ..entry import render_entries
from ..paths import TAG_INDEX, tag_page

NO_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"


def _links_by_tag(site: Site) -> dict[str, list[Link]]:
    grouped: dict[str, list[Link]] = {tag_id: [] for tag_id in site.catalog.tags}
    for link in site.catalog.links:
        for tag_id in link.tags:
            grouped.setdefault(tag_id, []).append(link)
    return grouped


def _label(site: Site, tag_id: str) -> str:
    tag = site.catalog.tags.get(tag_id)
    return tag.label if tag else tag_id


def _tag_page(site: Site, tag_id: str, links: list[Link]) -> str:
    path = tag_page(tag_id)
    back = site.doc_link(path, TAG_INDEX)
    head = f"{NO_SEARCH}# 标签：{escape(_label(site, tag_id))}\n\n共 {len(links)} 篇。[全部标签]({back})\n\n"
    return head + render_entries(site, path, links)


def _index(site: Site, grouped: dict[str, list[Link]]) -> str:
    rows = [f"- [{escape(_label(site, tag_id))}]({site.doc_link(TAG_INDEX, tag_page(tag_id))}) ({len(links)})"
            for tag_id, links in sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0])) if links]
    return f"{NO_SEARCH}# 标签\n\n按标签浏览，括号里是文章数。\n\n" + "\n".join(rows) + "\n"


def render(site: Site) -> dict[str, str]:
    grouped = _links_by_tag(site)
    pages = {tag_page(tag_id): _tag_page(site, tag_id, links) for tag_id, links in grouped.items() if links}
    pages[TAG_INDEX] = _index(site, grouped)
    return pages
