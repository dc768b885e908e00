"""Link entries as HTML built here, so Markdown never interprets a title or a note."""

from __future__ import annotations

from haowen.catalog.model import Link
from haowen.catalog.paths import tag_page
from haowen.catalog.status import DeadMark
from haowen.catalog.urls import host
from haowen.site.context import Site, anchor
from haowen.site.reading import PICK_STAR, kind_badge, lang_attr, lang_badge, mirrors_html, pick_star, series_line
from haowen.text.safe import html_text as escape


def _tag_link(site: Site, page: str, tag_id: str) -> str:
    href = site.href(page, tag_page(tag_id))
    return f'<a class="hw-tag" href="{escape(href)}">#{escape(site.catalog.tag_label(tag_id))}</a>'


def _dead_mark(mark: DeadMark) -> str:
    parts = ['<span class="hw-dead">可能失效</span>']  # the dot separators come from CSS
    if mark.last_alive:
        parts.append(f"<span>最后可访问 {mark.last_alive.isoformat()}</span>")
    if mark.archive_url:
        parts.append(f'<a href="{escape(mark.archive_url)}" target="_blank" rel="noopener noreferrer">存档</a>')
    return f'<span class="hw-dead-mark" data-search-exclude>{"".join(parts)}</span>'


def _published(link: Link) -> str:
    if link.published is None:
        return ""
    day = str(link.published) if isinstance(link.published, str) else link.published.isoformat()
    return f'<time datetime="{day}" data-search-exclude>发表于 {day}</time>'


def _around_tags(site: Site, link: Link, level: int, marks: bool) -> tuple[str, str, str]:
    """The entry's HTML before its tag links, after them up to its series line, and after that:
    the tag links and the series line are the only page-dependent parts.  `marks`: the pick's ★ and
    the language mark."""
    mark = site.dead_mark(link)
    note = f'\n<p class="hw-link__note">{escape(link.note)}</p>' if link.note else ""
    before = (
        f'<div class="hw-link">\n'
        f'<h{level} id="{anchor(link)}" class="hw-link__title">{pick_star(link) if marks else ""}'
        f'<a href="{escape(link.url)}" target="_blank" rel="noopener noreferrer"{lang_attr(link)}>{escape(link.title)}</a>'
        f'{kind_badge(link)}{lang_badge(link) if marks else ""}</h{level}>\n'
        f'<p class="hw-link__meta"><span class="hw-host" data-search-exclude>{escape(host(link.url))}</span>'
        f'{_published(link)}{mirrors_html(link)}{_dead_mark(mark) if mark else ""}'
    )
    return before, "</p>", f"{note}\n</div>"


def render_entry(site: Site, page: str, link: Link, level: int = 3, with_series: bool = True,
                 with_pick: bool = False) -> str:
    """The HTML of `link` on the page at docs path `page`: a heading per link, so search finds each.

    `with_series=False` gives the finder's row: no series line and no 英文 mark, as finder.js draws it;
    `with_pick=True` puts reading.PICK_STAR before a start-here pick's title, as finder.js draws it."""
    key = (id(link), level, with_series)
    parts = site.entry_parts.get(key)
    if parts is None:  # a link shows on its category page, each of its tag pages, maybe recent and home
        parts = site.entry_parts[key] = _around_tags(site, link, level, marks=with_series)
    tags = " ".join(site.tag_links.get((page, t)) or site.tag_links.setdefault((page, t), _tag_link(site, page, t))
                    for t in link.tags)
    series = series_line(site, page, link) if link.series and with_series else ""
    head = parts[0]
    if with_pick and link.pick:
        cut = head.index('class="hw-link__title">') + len('class="hw-link__title">')
        head = head[:cut] + PICK_STAR + head[cut:]
    return head + (f'<span class="hw-tags">{tags}</span>' if tags else "") + parts[1] + series + parts[2]


def render_entries(site: Site, page: str, links: list[Link], level: int = 3) -> str:
    """Several entries as one HTML block (no blank line inside, so Markdown would leave it alone too)."""
    return '<div class="hw-links">\n' + "\n".join(render_entry(site, page, l, level) for l in links) + "\n</div>\n"


def link_list(site: Site, page: str, links: list[Link]) -> str:
    """Markdown standing for the entries of `links` on `page`, rendered after Markdown has run."""
    return site.defer(page, lambda: render_entries(site, page, links))
