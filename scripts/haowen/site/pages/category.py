"""One page per top-level category, its subcategories as sections; very large ones over numbered pages."""

from __future__ import annotations

from haowen.catalog.model import Category, Subcategory
from haowen.catalog.paths import category_page
from haowen.site.context import Site
from haowen.site.entry import link_list
from haowen.site.paging import Part, pager
from haowen.site.placement import ORDER_HTML, plan
from haowen.site.reading import start_here
from haowen.text.safe import markdown_text as escape

GENERAL_ID = "general"


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
    out.append(link_list(site, path, part.links) if part.links else "暂无文章。\n")
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
    head.append(ORDER_HTML)
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
