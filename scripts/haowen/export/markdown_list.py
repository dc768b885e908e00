"""The whole catalogue as one Markdown list by category, and its place in README between markers."""

from __future__ import annotations

from collections import Counter, defaultdict

from haowen.catalog.load import Catalog
from haowen.catalog.model import DEFAULT_KIND, KIND_LABELS, Link, Subcategory
from haowen.export.mdtext import github_slug, link
from haowen.text.safe import markdown_text as escape

START = "<!-- haowen:list:start -->"
END = "<!-- haowen:list:end -->"
NOTICE = "<!-- 以下由 haowen export markdown --readme README.md 生成，请勿手改 -->"


class MarkersMissing(ValueError):
    """The file has no (or a broken) pair of list markers."""


def _by_category(catalog: Catalog) -> dict[str, list[Link]]:
    groups: dict[str, list[Link]] = defaultdict(list)
    for item in catalog.links:
        groups[item.category].append(item)
    return groups


def _item(entry: Link) -> str:
    kind = "" if entry.kind == DEFAULT_KIND else f"〔{KIND_LABELS[entry.kind]}〕"
    line = f"- {kind}{link(entry.title, entry.url)}"
    return f"{line}：{escape(entry.note)}" if entry.note else line


def _sections(catalog: Catalog, groups: dict[str, list[Link]]) -> list[tuple[int, Subcategory, list[Link]]]:
    """(depth, category, its own links) for every category that has links, in taxonomy order."""
    out: list[tuple[int, Subcategory, list[Link]]] = []
    for cat in catalog.ordered_categories():
        children: list[tuple[int, Subcategory, list[Link]]] = [(2, c, groups[c.id]) for c in cat.children if groups.get(c.id)]
        if groups.get(cat.id) or children:
            out.append((1, cat, groups.get(cat.id, [])))
            out.extend(children)
    return out


def _total(catalog: Catalog, node: Subcategory, groups: dict[str, list[Link]]) -> int:
    children = getattr(node, "children", [])
    return len(groups.get(node.id, [])) + sum(len(groups.get(c.id, [])) for c in children)


def render(catalog: Catalog) -> str:
    """The list: a count, a table of contents, then every link under its category heading."""
    groups = _by_category(catalog)
    sections = _sections(catalog, groups)
    toc, body, seen = [], [], Counter[str]()
    for depth, node, own in sections:
        slug = github_slug(node.title)
        anchor = f"{slug}-{seen[slug]}" if seen[slug] else slug
        seen[slug] += 1
        indent = "  " * (depth - 1)
        toc.append(f"{indent}- [{escape(node.title)}](#{anchor})（{_total(catalog, node, groups)}）")
        body += ["", f"{'#' * (depth + 2)} {escape(node.title)}", "", escape(node.description)]
        if own:
            body += ["", *(_item(e) for e in own)]
    head = ["## 文章列表", "", f"共 {len(catalog.links)} 篇，按分类排列。", "", *toc]
    return "\n".join(head + body) + "\n"


def replace_block(text: str, block: str) -> str:
    """`text` with everything between the list markers replaced by `block`."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise MarkersMissing(f"找不到成对的标记 {START} … {END}")
    head = text[: start + len(START)]
    return f"{head}\n{NOTICE}\n\n{block}\n{text[end:]}"

