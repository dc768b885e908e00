"""Where each entry is shown: categories split into sections and numbered pages, series kept together.

The category pages, the stats page and every link to an entry (series neighbours, start-here lists)
read the same plan, so an entry's address is worked out in one place.
"""

from __future__ import annotations

from haowen.catalog.model import Category, Link, Subcategory
from haowen.catalog.urltime import growing_id
from haowen.site.context import Site
from haowen.site.paging import Part, paginate
from haowen.site.paths import category_page

# The order of every list of entries, as the pages state it (category and tag pages show ORDER_NOTE).
ORDER_NOTE = ("排序：★ 推荐先读的在前；同一系列的文章按篇序排在一起；其余按发表时间从新到旧，"
              "没有发表日期的知乎、CSDN 等文章按网站的文章编号排（编号越大越新），时间不详的按收录日期排在最后。")
ORDER_HTML = f'<p class="hw-order" data-search-exclude>{ORDER_NOTE}</p>\n'  # plain text: nothing to escape

SortKey = tuple[int, int, int, int, str]


def reading_key(link: Link) -> SortKey:
    """Picks first; then dated entries newest first; then a growing-id host's entries, largest id
    first; then the rest, newest added first; the title breaks ties."""
    pick = 0 if link.pick else 1
    title = link.title.casefold()
    day = link.published_on
    if day is not None:
        return pick, 0, -day.toordinal(), 0, title
    grown = growing_id(link.url)
    if grown is not None:
        return pick, 1, grown[0], -grown[1], title
    return pick, 2, -link.added.toordinal(), 0, title


def reading_order(links: list[Link], site: Site) -> list[Link]:
    """`links` in the order of ORDER_NOTE: each series' entries stand together in part order, where the
    first of them by `reading_key` would stand."""
    members = site.catalog.series_links
    ids = {id(link) for link in links}
    blocks: list[tuple[SortKey, list[Link]]] = []
    placed: set[str] = set()
    for link in links:
        sid = link.series if link.series in members else None
        if sid is None:
            blocks.append((reading_key(link), [link]))
        elif sid not in placed:
            placed.add(sid)
            group = [m for m in members[sid] if id(m) in ids]
            blocks.append((min(map(reading_key, group)), group))
    blocks.sort(key=lambda block: block[0])
    return [link for _, group in blocks for link in group]


def _links_by_category(site: Site) -> dict[str, list[Link]]:
    """Each category's links in reading order (ORDER_NOTE)."""
    grouped: dict[str, list[Link]] = {}
    for link in site.catalog.links:
        grouped.setdefault(link.category, []).append(link)
    return {cid: reading_order(links, site) for cid, links in grouped.items()}


def _sections(cat: Category, grouped: dict[str, list[Link]]) -> list[tuple[Subcategory, list[Link]]]:
    """The category's own links (综合, only when it has any) then each subcategory's."""
    own = grouped.get(cat.id, [])
    return ([(cat, own)] if own or not cat.children else []) + [(c, grouped.get(c.id, [])) for c in cat.children]


def plan(site: Site) -> dict[str, list[list[Part[Subcategory]]]]:
    """Every top-level category's pages, by category id."""
    grouped = _links_by_category(site)
    return {cat.id: paginate(_sections(cat, grouped), site.page_size) for cat in site.catalog.ordered_categories()}


def entry_homes(site: Site) -> dict[int, str]:
    """The docs path of the category page that shows each link, by the link's id."""
    homes: dict[int, str] = {}
    for cat_id, pages in plan(site).items():
        for number, parts in enumerate(pages, 1):
            path = category_page(cat_id, number)
            homes.update((id(link), path) for part in parts for link in part.links)
    return homes


def section_page(pages: list[list[Part[Subcategory]]], section_id: str) -> int:
    """The number of the page where section `section_id` starts."""
    return next(n for n, parts in enumerate(pages, 1) for part in parts if part.key.id == section_id and not part.continued)


def home_of(site: Site, link: Link) -> str:
    """The docs path of the category page that shows `link`."""
    if site.homes is None:
        site.homes = entry_homes(site)
    return site.homes[id(link)]
