"""Canonical order and layout of links.yaml, worked on the text so comments travel with entries.

The file is read as a *header* (the comment lines it starts with, when a blank line follows
them), one *block* per entry (the comment lines above it back to the previous entry, its own
comments, its YAML) and a *trailer* (comments after the last entry).  `format_text` writes
every entry as `entrytext.entry_text` makes it, in canonical order, each with its comments as
whole lines directly above it; `insert_entries` puts new entries at their canonical place and
leaves every other character of the file as it was.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from haowen.catalog.load import Catalog
from haowen.catalog.model import Link
from haowen.catalog.urls import UrlError, canonical
from haowen.editing.entrytext import entry_text
from haowen.io.yamlsafe import Loader, line_end, line_starts, split_lines

SortKey = tuple[int, dt.date, str]


class LayoutError(ValueError):
    """links.yaml is laid out in a way that text-level insertion cannot handle."""


@dataclass
class Block:
    """One entry's place in the text."""

    first_line: int  # 0-based line of its "- "
    last_line: int  # 0-based line its content ends on
    comments: list[str] = field(default_factory=list)
    lead_line: int | None = None  # first line of the comments above it


@dataclass
class Layout:
    """Where the header, the entries and the comments are in a links.yaml text."""

    text: str
    line_starts: list[int]
    header: list[str]
    blocks: list[Block]
    trailer: list[str]
    block_style: bool  # a block sequence at column 0, each entry starting "- " on its own line

    def offset(self, line: int) -> int:
        return self.line_starts[line] if line < len(self.line_starts) else len(self.text)


# --- canonical order ---------------------------------------------------------------------


def category_rank(catalog: Catalog) -> dict[str, int]:
    """Position of every category id: top-level by `order`, each followed by its children."""
    ids: list[str] = []
    for cat in catalog.ordered_categories():
        ids.append(cat.id)
        ids.extend(child.id for child in cat.children)
    return {cid: i for i, cid in enumerate(ids)}


def sort_key(link: Link, rank: dict[str, int]) -> SortKey:
    """Category position, then date added, then URL."""
    return (rank.get(link.category, len(rank)), link.added, link.url)


def normalized(link: Link, catalog: Catalog) -> Link:
    """`link` with its URL and mirrors in canonical form and tag aliases replaced by tag ids."""
    tags = list(dict.fromkeys(catalog.resolve_tag(t) or t for t in link.tags))
    update = {"url": _canonical_or_same(link.url), "tags": tags}
    if link.mirrors:
        update["mirrors"] = [_canonical_or_same(m) for m in link.mirrors]
    return link.model_copy(update=update)


def _canonical_or_same(url: str) -> str:
    try:
        return canonical(url)
    except UrlError:
        return url


# --- reading the layout ------------------------------------------------------------------


def _scalar_spans(node: Node | None, starts: list[int], out: list[tuple[int, int]]) -> None:
    if isinstance(node, ScalarNode):
        out.append((starts[node.start_mark.line] + node.start_mark.column, starts[node.end_mark.line] + node.end_mark.column))
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _scalar_spans(item, starts, out)
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            _scalar_spans(key, starts, out)
            _scalar_spans(value, starts, out)


def _comments(text: str, root: Node | None, starts: list[int]) -> list[tuple[int, str]]:
    """(0-based line, text) of every comment: a `#` outside every scalar, to the end of its line."""
    spans: list[tuple[int, int]] = []
    _scalar_spans(root, starts, spans)
    spans.sort()
    span_starts = [s for s, _ in spans]
    found: list[tuple[int, str]] = []
    skip_to = -1
    for m in re.finditer("#", text):
        pos = m.start()
        i = bisect.bisect_right(span_starts, pos) - 1
        if pos < skip_to or (i >= 0 and pos < spans[i][1]):
            continue
        line = bisect.bisect_right(starts, pos) - 1
        end = line_end(text, pos)
        found.append((line, text[pos:end].rstrip()))
        skip_to = end
    return found


def _content_end(node: Node) -> tuple[int, int]:
    """(line, column) where the last scalar or flow collection inside `node` ends."""
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        return (node.end_mark.line, node.end_mark.column)
    children = node.value if isinstance(node, SequenceNode) else [v for pair in node.value for v in pair]
    return max((_content_end(c) for c in children), default=(node.start_mark.line, node.start_mark.column))


def _last_line(node: Node) -> int:
    line, col = _content_end(node)
    return line - 1 if col == 0 and line > node.start_mark.line else line


def _header_lines(lines: list[str]) -> int:
    """How many lines the header has: leading comment lines followed by a blank line or the end."""
    n = 0
    while n < len(lines) and lines[n].lstrip().startswith("#"):
        n += 1
    if n < len(lines) and lines[n].strip():
        return 0
    return n


def read_layout(text: str) -> Layout:
    """The layout of a links.yaml text that parses as YAML."""
    text = text.removeprefix("\ufeff")
    starts = line_starts(text)
    lines = split_lines(text)
    root = yaml.compose(text, Loader=Loader)
    items = root.value if isinstance(root, SequenceNode) else []
    blocks = [Block(item.start_mark.line, _last_line(item)) for item in items]
    block_style = root is None or (
        isinstance(root, SequenceNode) and not root.flow_style
        and all(lines[b.first_line].startswith("- ") for b in blocks)
    )
    n_header = _header_lines(lines)
    firsts = [b.first_line for b in blocks]
    trailer: list[str] = []
    for line, comment in _comments(text, root, starts):
        if line < n_header:
            continue
        j = bisect.bisect_right(firsts, line) - 1
        if j >= 0 and line <= blocks[j].last_line:
            blocks[j].comments.append(comment)
        elif j + 1 < len(blocks):
            nxt = blocks[j + 1]
            nxt.comments.append(comment)
            nxt.lead_line = line if nxt.lead_line is None else nxt.lead_line
        else:
            trailer.append(comment)
    return Layout(text, starts, [ln.rstrip() for ln in lines[:n_header]], blocks, trailer, block_style)


# --- writing -----------------------------------------------------------------------------


def _block_text(comments: list[str], link: Link) -> str:
    return "".join(c + "\n" for c in comments) + entry_text(link)


def format_text(text: str, links: list[Link], catalog: Catalog) -> str:
    """The canonical form of a links.yaml `text` whose entries are `links` (in file order)."""
    layout = read_layout(text)
    if len(layout.blocks) != len(links):
        raise LayoutError("条目数与解析结果不一致")
    rank = category_rank(catalog)
    norm = [normalized(link, catalog) for link in links]
    order = sorted(range(len(norm)), key=lambda i: sort_key(norm[i], rank))
    parts = ["".join(h + "\n" for h in layout.header)]
    parts += ["\n" + _block_text(layout.blocks[i].comments, norm[i]) for i in order]
    if layout.trailer:
        parts.append("\n" + "".join(c + "\n" for c in layout.trailer))
    out = "".join(parts)
    return out if layout.header else out.removeprefix("\n")


def _place(keys: list[SortKey], key: SortKey) -> int:
    """Index to insert before: after the last existing entry that sorts at or before `key`."""
    at = [i for i, k in enumerate(keys) if k <= key]
    return at[-1] + 1 if at else 0


def insert_entries(text: str, links: list[Link], catalog: Catalog) -> str:
    """`text` with `links` added at their canonical places; every other character unchanged."""
    if not links:
        return text
    layout = read_layout(text)
    if not layout.block_style:
        raise LayoutError("links.yaml 不是每条以行首 “- ” 开始的列表：请先运行 haowen fmt")
    if len(layout.blocks) != len(catalog.entries):
        raise LayoutError("条目数与解析结果不一致")
    rank = category_rank(catalog)
    keys = [sort_key(link, rank) for link in catalog.links]
    groups: dict[int, list[Link]] = {}
    for link in sorted(links, key=lambda x: sort_key(x, rank)):
        groups.setdefault(_place(keys, sort_key(link, rank)), []).append(link)
    out = layout.text
    for p in sorted(groups, reverse=True):
        body = "".join(entry_text(link) + "\n" for link in groups[p])
        if p < len(layout.blocks):
            block = layout.blocks[p]
            at = layout.offset(block.first_line if block.lead_line is None else block.lead_line)
            out = out[:at] + body + out[at:]
        else:
            at = layout.offset(layout.blocks[-1].last_line + 1) if layout.blocks else len(out)
            lead = "\n" if at == len(out) and out and not out.endswith("\n") else ""
            piece = lead + ("\n" if out[:at].strip() else "") + body[:-1]
            out = out[:at] + piece + out[at:]
    return out


def _kept_in_place(order: list[int]) -> set[int]:
    """The largest set of entries whose relative order `order` keeps (a longest increasing run)."""
    tails: list[int] = []  # tails[k]: position in `order` ending the best run of length k+1
    tail_values: list[int] = []
    prev = [-1] * len(order)
    for pos, value in enumerate(order):
        k = bisect.bisect_left(tail_values, value)
        prev[pos] = tails[k - 1] if k else -1
        tails[k:k + 1] = [pos]
        tail_values[k:k + 1] = [value]
    kept, pos = set(), tails[-1] if tails else -1
    while pos >= 0:
        kept.add(order[pos])
        pos = prev[pos]
    return kept


def changed_entries(text: str, links: list[Link], catalog: Catalog) -> list[int]:
    """Indexes (file order) of the entries `format_text` would move or rewrite."""
    layout = read_layout(text)
    rank = category_rank(catalog)
    norm = [normalized(link, catalog) for link in links]
    order = sorted(range(len(norm)), key=lambda i: sort_key(norm[i], rank))
    kept = _kept_in_place(order)
    changed = []
    for i, block in enumerate(layout.blocks):
        start = layout.offset(block.first_line if block.lead_line is None else block.lead_line)
        old = layout.text[start:layout.offset(block.last_line + 1)]
        if i not in kept or old != _block_text(block.comments, norm[i]):
            changed.append(i)
    return changed


def replace_entry(text: str, url: str, link: Link, catalog: Catalog) -> str:
    """`text` with the entry whose url is `url` taken out and `link` inserted at its canonical place.

    The entry's own lines (and the blank line that separated it) go; comments above it stay where they are.
    """
    return replace_entries(text, {url: link}, catalog)


def replace_entries(text: str, links: dict[str, Link], catalog: Catalog) -> str:
    """`replace_entry` for several entries at once (url → its new link): one pass over the text."""
    layout = read_layout(text)
    where = {e.link.url: i for i, e in enumerate(catalog.entries)}
    if len(layout.blocks) != len(catalog.entries) or any(u not in where for u in links):
        raise LayoutError(f"找不到条目 {next((u for u in links if u not in where), '')}")
    gone = {where[u] for u in links}
    kept = [e for i, e in enumerate(catalog.entries) if i not in gone]
    return insert_entries(_cut(text, layout, gone), list(links.values()), replace(catalog, entries=kept))


def remove_entry(text: str, url: str, catalog: Catalog) -> str:
    """`text` without the entry whose url is `url` (its lines and the blank line that separated it)."""
    layout = read_layout(text)
    index = next((i for i, e in enumerate(catalog.entries) if e.link.url == url), None)
    if index is None or len(layout.blocks) != len(catalog.entries):
        raise LayoutError(f"找不到条目 {url}")
    return _cut(text, layout, {index})


def _cut(text: str, layout: Layout, gone: set[int]) -> str:
    """`text` without the entry blocks at the indexes `gone`; comments above them stay."""
    for index in sorted(gone, reverse=True):
        block = layout.blocks[index]
        start, end = layout.offset(block.first_line), layout.offset(block.last_line + 1)
        if text[end:end + 1] == "\n":
            end += 1  # the blank line after it
        elif text[start - 2:start] == "\n\n":
            start -= 1  # the last entry: the blank line before it
        text = text[:start] + text[end:]
    return text
