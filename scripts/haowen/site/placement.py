"""Where each entry is shown: categories split into sections and numbered pages, series kept together.

The category pages, the stats page and every link to an entry (series neighbours, start-here lists)
read the same plan, so an entry's address is worked out in one place.
"""

from __future__ import annotations

from haowen.catalog.model import Category, Link, Subcategory
from haowen.catalog.paths import category_page
from haowen.site.context import Site
from haowen.site.paging import Part, paginate


def in_series_order(links: list[Link], site: Site) -> list[Link]:
    """`links` with the entries of each series gathered, in part order, where the first of them stands."""
    members = site.catalog.series_links
    if not any(link.series in members for link in links):
        return links
    ids = {id(link) for link in links}
    out: list[Link] = []
    placed: set[str] = set()
    for link in links:
        sid = link.series if link.series in members else None
        if sid is None:
            out.append(link)
        elif sid not in placed:
            placed.add(sid)
            out.extend(m for m in members[sid] if id(m) in ids)
    return out


def _links_by_category(site: Site) -> dict[str, list[Link]]:
    """Each category's links, the entries of a series together in reading order."""
    grouped: dict[str, list[Link]] = {}
    for link in site.catalog.links:
        grouped.setdefault(link.category, []).append(link)
    return {cid: in_series_order(links, site) for cid, links in grouped.items()}


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
