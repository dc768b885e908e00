"""One page per tag, and the tag index listing every tag with its number of links."""

from __future__ import annotations

from functools import partial

from mkdocs.exceptions import PluginError

from haowen.catalog.model import Link
from haowen.catalog.paths import TAG_INDEX, tag_page
from haowen.site.context import Site
from haowen.site.entry import link_list
from haowen.site.paging import pager, paginate
from haowen.site.placement import in_series_order
from haowen.text.safe import markdown_text as escape

NO_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"
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
    pages = paginate([(tag_id, in_series_order(links, site))], site.page_size)
    out = {}
    for number, (part,) in enumerate(pages, 1):
        path = tag_page(tag_id, number)
        nav = pager(number, len(pages), partial(_page_link, site, tag_id, path))
        title = escape(site.catalog.tag_label(tag_id)) + (f"（第 {number} 页）" if number > 1 else "")
        head = f"{NO_SEARCH}# 标签：{title} {{#{TAG_HEADING}}}\n\n共 {len(links)} 篇。[全部标签]({site.doc_link(path, TAG_INDEX)})\n\n"
        out[path] = "\n".join([head, nav, link_list(site, path, part.links), nav])
    return out


def _index(site: Site, grouped: dict[str, list[Link]]) -> str:
    rows = [f"- [{escape(site.catalog.tag_label(tag_id))}]({site.doc_link(TAG_INDEX, tag_page(tag_id))}) ({len(links)})"
            for tag_id, links in sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0])) if links]
    return f"{NO_SEARCH}# 标签\n\n按标签浏览，括号里是文章数。\n\n" + "\n".join(rows) + "\n"


def render(site: Site) -> dict[str, str]:
    """Every tag's pages and the index; two tags whose pages share a path stop the build (validate says where)."""
    grouped = _links_by_tag(site)
    pages = {TAG_INDEX: _index(site, grouped)}
    for tag_id, links in grouped.items():
        for path, text in (_tag_pages(site, tag_id, links) if links else {}).items():
            if path in pages:
                raise PluginError(f"标签 “{tag_id}” 的页面 {path} 与另一个页面重名：运行 haowen validate 查看，换一个标签 id")
            pages[path] = text
    return pages
