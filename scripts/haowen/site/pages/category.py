"""One page per top-level category; its subcategories are sections of that page."""

from __future__ import annotations

from ...model import Category, Link
from ...render.mdtext import escape
from ..context import Site
from ..entry import render_entries
from ..paths import category_page

GENERAL_ID = "general"


def _links_by_category(site: Site) -> dict[str, list[Link]]:
    grouped: dict[str, list[Link]] = {}
    for link in site.catalog.links:
        grouped.setdefault(link.category, []).append(link)
    return grouped


def _page(site: Site, cat: Category, grouped: dict[str, list[Link]]) -> str:
    path = category_page(cat.id)
    out = [f"# {escape(cat.title)}\n", f"{escape(cat.description)}\n"]
    own = grouped.get(cat.id, [])
    if own and cat.children:
        out.append(f"## 综合 {{#{GENERAL_ID}}}\n")
    if own:
        out.append(render_entries(site, path, own))
    for child in cat.children:
        links = grouped.get(child.id, [])
        out.append(f"## {escape(child.title)} {{#{child.id}}}\n")
        out.append(f"{escape(child.description)}\n")
        out.append(render_entries(site, path, links) if links else "暂无文章。\n")
    return "\n".join(out)


def render(site: Site) -> dict[str, str]:
    grouped = _links_by_category(site)
    return {category_page(cat.id): _page(site, cat, grouped) for cat in site.catalog.ordered_categories()}
