"""One page per top-level category, its subcategories as sections; very large ones over numbered pages."""

from __future__ import annotations

from ...model import Category, Link, Subcategory
from ...safetext import markdown_text as escape
from ..context import Site
from ..entry import link_list
from ..paging import Part, paginate, pager
from ..paths import category_page
from ..reading import in_series_order, start_here

GENERAL_ID = "general"


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


def _heading_id(cat: Category, section: Subcategory) -> str | None:
    if section is cat:
        return GENERAL_ID if cat.children else None
    return section.id


def _title(cat: Category, section: Subcategory) -> str:
    return "综合" if section is cat else section.title


def _part(site: Site, cat: Category, part: Part[Subcategory], path: str) -> str:
    section, anchor = part.key, _heading_id(cat, part.key)
    out = []
    if anchor:
        suffix = "（续）" if part.continued else ""
        out.append(f"## {escape(_title(cat, section))}{suffix} {{#{anchor}}}\n")
        if section is not cat and not part.continued:
            out.append(f"{escape(section.description)}\n")
    out.append(link_list(site, path, part.links, indexed=True, section=anchor) if part.links else "暂无文章。\n")
    return "\n".join(out)


def _contents(site: Site, cat: Category, pages: list[list[Part[Subcategory]]], path: str) -> str:
    """Where each section starts, for a category spread over several pages."""
    items = []
    for number, parts in enumerate(pages, 1):
        for part in parts:
            anchor = _heading_id(cat, part.key)
            if anchor and not part.continued:
                target = site.doc_link(path, category_page(cat.id, number))
                items.append(f"[{escape(_title(cat, part.key))}]({target}#{anchor})")
    return "本分类的各部分：" + " · ".join(items) + "\n" if items else ""


def _page(site: Site, cat: Category, pages: list[list[Part[Subcategory]]], number: int) -> str:
    path = category_page(cat.id, number)
    total = len(pages)
    nav = pager(number, total, lambda k: site.doc_link(path, category_page(cat.id, k)))
    # Every heading's id is given (here the category id), never derived from the title text.
    head = [f"# {escape(cat.title)} {{#{cat.id}}}\n", f"{escape(cat.description)}\n"] if number == 1 else \
        [f"# {escape(cat.title)}（第 {number} 页） {{#{cat.id}}}\n"]
    if number == 1 and site.catalog.picks(cat.id):
        head.append(site.defer(path, lambda: start_here(site, path, cat.id)))
    if total > 1:
        head += [nav, _contents(site, cat, pages, path)]
    body = [_part(site, cat, part, path) for part in pages[number - 1]]
    return "\n".join([*head, *body, nav])


def render(site: Site) -> dict[str, str]:
    out = {}
    plans = plan(site)
    for cat in site.catalog.ordered_categories():
        pages = plans[cat.id]
        for number in range(1, len(pages) + 1):
            out[category_page(cat.id, number)] = _page(site, cat, pages, number)
    return out
