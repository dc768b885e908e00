"""Reading paths on the site: pick stars, kind and language badges, series order and neighbours, start-here lists.

A series' entries live on their category pages like every entry.  Start-here, 学习路线 and series items
link to the article itself, with the entry's place on its category page one small link away (`home_of`);
on a series page, 上一篇 / 下一篇 stay on the page.
"""

from __future__ import annotations

from haowen.catalog.model import DEFAULT_KIND, KIND_LABELS, LANG_LABELS, Link
from haowen.catalog.paths import series_page
from haowen.catalog.urls import host_label
from haowen.site.context import Site, anchor
from haowen.site.placement import home_of, reading_key
from haowen.text.safe import html_text as escape


def kind_badge(link: Link) -> str:
    """The small text chip naming a non-article's kind (论文, 代码库, …); nothing for an article."""
    if link.kind == DEFAULT_KIND:
        return ""
    return f' <span class="hw-kind" data-search-exclude>{KIND_LABELS[link.kind]}</span>'


# ★ before a start-here pick's title, read as 推荐 (docs/assets/search/engine.js pickStar draws the same for
# search and finder results).
PICK_STAR = '<span class="hw-pick" role="img" aria-label="推荐" title="推荐先读" data-search-exclude>★</span>'


def pick_star(link: Link) -> str:
    """PICK_STAR before a pick's title; nothing for other entries."""
    return PICK_STAR if link.pick else ""


def lang_attr(link: Link) -> str:
    """` lang="en"` for a title in another language than the site's, so it is read in that language."""
    return f' lang="{link.lang}"' if link.lang in LANG_LABELS and link.lang != "multi" else ""


def lang_badge(link: Link) -> str:
    """The small 英文 (日文, …) mark of an entry not written in Chinese; nothing for Chinese."""
    if link.lang not in LANG_LABELS:
        return ""
    return f' <span class="hw-lang" data-search-exclude>{LANG_LABELS[link.lang]}</span>'


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


def place_link(site: Site, page: str, link: Link) -> str:
    """The small link to where `link` stands in the catalogue, named by its section."""
    section = site.catalog.categories[link.category].title
    return (f'<a class="hw-place" href="{escape(entry_href(site, page, link))}">'
            f'目录：{escape(section)}</a>')


def part_label(link: Link, members: list[Link]) -> str:
    """第 k/n 篇 for a series the catalogue holds whole, else the author's 第 k 篇 alone."""
    return f"第 {link.part}/{len(members)} 篇" if complete(members) else f"第 {link.part} 篇"


def complete(members: list[Link]) -> bool:
    """Whether the catalogue holds parts 1…n of the series with no gap."""
    return [m.part for m in members] == list(range(1, len(members) + 1))


def holdings(members: list[Link]) -> str:
    """共 n 篇 for a whole series, else 收录第 2、3、5 篇 (runs of three or more as 6–9)."""
    if complete(members):
        return f"共 {len(members)} 篇"
    parts = [m.part or 0 for m in members]
    runs: list[list[int]] = []
    for part in parts:
        if runs and part == runs[-1][-1] + 1:
            runs[-1].append(part)
        else:
            runs.append([part])
    shown = [f"{r[0]}–{r[-1]}" if len(r) >= 3 else "、".join(map(str, r)) for r in runs]
    return f"收录第 {'、'.join(shown)} 篇"


def series_line(site: Site, page: str, link: Link) -> str:
    """系列：<title>（第 k/n 篇） with 上一篇 / 下一篇, for an entry of a shown series; else nothing.

    On the series' own page the neighbours are rows of the same page, and the line links to the
    entry's place in the catalogue instead of the series."""
    members = site.catalog.series_links.get(link.series or "")
    if not members or len(members) < 2:
        return ""
    k = next(i for i, m in enumerate(members) if m is link)
    series = site.catalog.series[link.series or ""]
    own_page = page == series_page(series.id)

    def to(other: Link) -> str:
        return f"#{anchor(other)}" if own_page else entry_href(site, page, other)

    parts = [place_link(site, page, link) + f"（{part_label(link, members)}）" if own_page else
             f'系列：<a href="{escape(site.href(page, series_page(series.id)))}">{escape(series.title)}</a>'
             f"（{part_label(link, members)}）"]
    if k > 0:
        parts.append(f'<a href="{escape(to(members[k - 1]))}" rel="prev" '
                     f'title="{escape(members[k - 1].title)}">上一篇</a>')
    if k + 1 < len(members):
        parts.append(f'<a href="{escape(to(members[k + 1]))}" rel="next" '
                     f'title="{escape(members[k + 1].title)}">下一篇</a>')
    return f'\n<p class="hw-link__series" data-search-exclude>{" · ".join(parts)}</p>'


def compact_item(site: Site, page: str, link: Link, number: int | None = None) -> str:
    """A list item (numbered `number` in an ordered list): the title linking to the article (new tab),
    its badges, site and place in the catalogue."""
    value = f' value="{number}"' if number is not None else ""
    return (f'<li{value}>{pick_star(link)}<a href="{escape(link.url)}" target="_blank" rel="noopener noreferrer"'
            f'{lang_attr(link)}>{escape(link.title)}</a>{kind_badge(link)}{lang_badge(link)} '
            f'<span class="hw-compact__meta"><span class="hw-host">{escape(host_label(link.url))}</span> · '
            f'{place_link(site, page, link)}</span></li>')


def compact_list(site: Site, page: str, links: list[Link], ordered: bool = False) -> str:
    """Articles with their badges and places: the start-here and 学习路线 lists.  An `ordered` list is
    a series, numbered by its parts (the author's numbers)."""
    tag = "ol" if ordered else "ul"
    items = "".join(compact_item(site, page, link, link.part if ordered else None) for link in links)
    return f'<{tag} class="hw-compact">{items}</{tag}>'


def start_here(site: Site, page: str, top_id: str) -> str:
    """The 从这里开始 block of a top-level category; nothing when it has no picks."""
    picks = sorted(site.catalog.picks(top_id), key=reading_key)
    if not picks:
        return ""
    return ('<section class="hw-start" aria-label="从这里开始" data-search-exclude><h2>从这里开始</h2>\n'
            f'<p>第一次读这个主题？先读这几篇（点标题直接打开文章，“目录”链接指向它在本页的位置）：</p>\n'
            f'{compact_list(site, page, picks)}</section>\n')
