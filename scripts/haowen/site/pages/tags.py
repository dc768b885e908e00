"""One page per tag, and the tag index listing every tag with its number of links."""

from __future__ import annotations

from functools import partial

from haowen.catalog.model import TAG_GROUPS, Link
from haowen.site.context import Site
from haowen.site.entry import link_list
from haowen.site.pages.frontmatter import no_search
from haowen.site.paging import pager, paginate
from haowen.site.paths import TAG_INDEX, tag_page
from haowen.site.placement import ORDER_HTML, reading_order
from haowen.text.safe import html_text
from haowen.text.safe import markdown_text as escape

TAG_HEADING = "tag"  # the id of a tag page's heading: tag ids are free text, never an HTML id


def _links_by_tag(site: Site) -> dict[str, list[Link]]:
    grouped: dict[str, list[Link]] = {tag_id: [] for tag_id in site.catalog.tags}
    for link in site.catalog.links:
        for tag_id in link.tags:
            grouped.setdefault(tag_id, []).append(link)
    return grouped


def _page_link(site: Site, tag_id: str, here: str, number: int) -> str:
    return site.doc_link(here, tag_page(tag_id, number))


def _tag_pages(site: Site, tag_id: str, links: list[Link]) -> dict[str, str]:
    pages = paginate([(tag_id, reading_order(links, site))], site.page_size)
    out = {}
    for number, (part,) in enumerate(pages, 1):
        path = tag_page(tag_id, number)
        nav = pager(number, len(pages), partial(_page_link, site, tag_id, path))
        title = escape(site.catalog.tag_label(tag_id)) + (f"（第 {number} 页）" if number > 1 else "")
        head = f"{no_search()}# 标签：{title} {{#{TAG_HEADING}}}\n\n共 {len(links)} 篇。[全部标签]({site.doc_link(path, TAG_INDEX)})\n\n"
        head += ORDER_HTML + "\n"
        out[path] = "\n".join([head, nav, link_list(site, path, part.links), nav])
    return out


def _index(site: Site, grouped: dict[str, list[Link]]) -> str:
    """Every tag with links, by group (主题, 模型, 框架与工具, 人物), most used first; columns on wide screens."""
    ranked = sorted(((t, links) for t, links in grouped.items() if links), key=lambda kv: (-len(kv[1]), kv[0]))
    parts = [f"{no_search()}# 标签\n\n按标签浏览，分主题、模型、框架与工具、人物，括号里是文章数。\n"]
    for group, heading in TAG_GROUPS.items():
        rows = [f'<li><a href="{html_text(site.href(TAG_INDEX, tag_page(tag_id)))}">'
                f'{html_text(site.catalog.tag_label(tag_id))}</a>（{len(links)}）</li>'
                for tag_id, links in ranked if _group(site, tag_id) == group]
        if rows:
            parts += [f"## {heading}（{len(rows)} 个） {{#{group}}}\n",
                      site.defer(TAG_INDEX, partial(_columns, "".join(rows)))]
    return "\n".join(parts)


def _group(site: Site, tag_id: str) -> str:
    tag = site.catalog.tags.get(tag_id)
    return tag.group if tag else "topic"  # an undeclared tag (validate reports it) counts as a topic


def _columns(rows: str) -> str:
    return f'<ul class="hw-tag-index">{rows}</ul>\n'


def render(site: Site) -> dict[str, str]:
    grouped = _links_by_tag(site)
    pages = {path: text for tag_id, links in grouped.items() if links for path, text in _tag_pages(site, tag_id, links).items()}
    pages[TAG_INDEX] = _index(site, grouped)
    return pages
