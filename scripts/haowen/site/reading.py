"""Reading paths on the site: kind badges, series order and neighbours, start-here lists.

A series' entries live on their category pages like every entry; series pages, the 学习路线 page
and the start-here blocks link to them there (`home_of`).
"""

from __future__ import annotations

from haowen.catalog.model import DEFAULT_KIND, KIND_LABELS, Link
from haowen.catalog.paths import series_page
from haowen.catalog.urls import host_label
from haowen.site.context import Site, anchor
from haowen.site.placement import home_of
from haowen.text.safe import html_text as escape


def kind_badge(link: Link) -> str:
    """The small text chip naming a non-article's kind (论文, 代码库, …); nothing for an article."""
    if link.kind == DEFAULT_KIND:
        return ""
    return f' <span class="hw-kind" data-search-exclude>{KIND_LABELS[link.kind]}</span>'


def mirrors_html(link: Link) -> str:
    """另见：微信 / 知乎 — the entry's other copies, named by site."""
    if not link.mirrors:
        return ""
    found = " / ".join(f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(host_label(url))}</a>'
                       for url in link.mirrors)
    return f'<span class="hw-mirrors" data-search-exclude>另见：{found}</span>'




def entry_href(site: Site, page: str, link: Link) -> str:
    """A link from `page` to `link`'s entry on its category page."""
    return site.href(page, home_of(site, link), anchor(link))


def series_line(site: Site, page: str, link: Link) -> str:
    """系列：<title>（第 k/n 篇） with 上一篇 / 下一篇, for an entry of a shown series; else nothing."""
    members = site.catalog.series_links.get(link.series or "")
    if not members or len(members) < 2:
        return ""
    k = next(i for i, m in enumerate(members) if m is link)
    series = site.catalog.series[link.series or ""]
    parts = [f'系列：<a href="{escape(site.href(page, series_page(series.id)))}">{escape(series.title)}</a>'
             f"（第 {k + 1}/{len(members)} 篇）"]
    if k > 0:
        parts.append(f'<a href="{escape(entry_href(site, page, members[k - 1]))}" rel="prev" '
                     f'title="{escape(members[k - 1].title)}">上一篇</a>')
    if k + 1 < len(members):
        parts.append(f'<a href="{escape(entry_href(site, page, members[k + 1]))}" rel="next" '
                     f'title="{escape(members[k + 1].title)}">下一篇</a>')
    return f'\n<p class="hw-link__series" data-search-exclude>{" · ".join(parts)}</p>'


def compact_list(site: Site, page: str, links: list[Link], ordered: bool = False) -> str:
    """Titles linking to their entries, with kind badges: the start-here and 学习路线 lists."""
    tag = "ol" if ordered else "ul"
    items = "".join(f'<li><a href="{escape(entry_href(site, page, link))}">{escape(link.title)}</a>{kind_badge(link)}</li>'
                    for link in links)
    return f'<{tag} class="hw-compact">{items}</{tag}>'


def start_here(site: Site, page: str, top_id: str) -> str:
    """The 从这里开始 block of a top-level category; nothing when it has no picks."""
    picks = site.catalog.picks(top_id)
    if not picks:
        return ""
    return ('<section class="hw-start" aria-label="从这里开始" data-search-exclude><h2>从这里开始</h2>\n'
            f'<p>第一次读这个主题？先读这几篇：</p>\n{compact_list(site, page, picks)}</section>\n')
