"""One link as an HTML block built here, so Markdown never interprets a title or a note."""

from __future__ import annotations

from html import escape

from ..linkstatus import DeadMark
from ..model import Link
from ..urls import canonical, host
from .context import Site, anchor
from .paths import tag_page


def _tag_links(site: Site, page: str, link: Link) -> str:
    tags = site.catalog.tags
    items = []
    for tag_id in link.tags:
        label = tags[tag_id].label if tag_id in tags else tag_id
        href = site.href(page, tag_page(tag_id))
        items.append(f'<a class="hw-tag" href="{escape(href)}">#{escape(label)}</a>')
    return " ".join(items)


def _dead_mark(mark: DeadMark) -> str:
    parts = ['<span class="hw-dead">可能失效</span>']  # the dot separators come from CSS
    if mark.last_alive:
        parts.append(f"<span>最后可访问 {mark.last_alive.isoformat()}</span>")
    if mark.archive_url:
        parts.append(f'<a href="{escape(mark.archive_url)}" target="_blank" rel="noopener noreferrer">存档</a>')
    return "".join(parts)


def render_entry(site: Site, page: str, link: Link, level: int = 3) -> str:
    """The HTML of `link` on the page at docs path `page`: a heading per link, so search finds each."""
    day = link.added.isoformat()
    meta = [f'<span class="hw-host" data-search-exclude>{escape(host(link.url))}</span>',
            f'<time datetime="{day}" data-search-exclude>收录于 {day}</time>']
    mark = site.dead.get(canonical(link.url))
    if mark:
        meta.append(_dead_mark(mark))
    tags = _tag_links(site, page, link)
    if tags:
        meta.append(f'<span class="hw-tags">{tags}</span>')
    lines = [
        f'<div class="hw-link">',
        f'<h{level} id="{anchor(link)}" class="hw-link__title"><a href="{escape(link.url)}" '
        f'target="_blank" rel="noopener noreferrer">{escape(link.title)}</a></h{level}>',
        f'<p class="hw-link__meta">{"".join(meta)}</p>',
    ]
    if link.note:
        lines.append(f'<p class="hw-link__note">{escape(link.note)}</p>')
    lines.append("</div>")
    return "\n".join(lines)


def render_entries(site: Site, page: str, links: list[Link], level: int = 3) -> str:
    """Several entries as one raw HTML block (no blank line inside, so Markdown leaves it alone)."""
    return '<div class="hw-links">\n' + "\n".join(render_entry(site, page, l, level) for l in links) + "\n</div>\n"
