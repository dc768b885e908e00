"""Long link lists split into numbered pages, and the pager between them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from haowen.catalog.model import Link

K = TypeVar("K")


@dataclass(frozen=True)
class Part(Generic[K]):
    """The links of section `key` that one page shows; `continued` when an earlier page began it."""

    key: K
    links: list[Link]
    continued: bool = False


def paginate(sections: Sequence[tuple[K, list[Link]]], size: int) -> list[list[Part[K]]]:
    """Sections cut into pages of at most `size` (≥ 1) links, in order; an empty section still gets its place."""
    if size < 1:
        raise ValueError(f"page size must be at least 1, not {size}")
    pages: list[list[Part[K]]] = [[]]
    count = 0
    for key, links in sections:
        if not links:
            pages[-1].append(Part(key, []))
        start = 0
        while start < len(links):
            if count == size:
                pages.append([])
                count = 0
            part = links[start:start + size - count]
            pages[-1].append(Part(key, part, continued=start > 0))
            count += len(part)
            start += len(part)
    return pages


def pager(number: int, total: int, target: Callable[[int], str]) -> str:
    """Markdown for `第 n/N 页` with links to every page; `target(k)` is the docs link to page k."""
    if total == 1:
        return ""
    items = [f"**{k}**" if k == number else f"[{k}]({target(k)})" for k in range(1, total + 1)]
    if number > 1:
        items.insert(0, f"[上一页]({target(number - 1)})")
    if number < total:
        items.append(f"[下一页]({target(number + 1)})")
    return f"第 {number}/{total} 页：" + " · ".join(items) + "\n{ .hw-pager }\n"
