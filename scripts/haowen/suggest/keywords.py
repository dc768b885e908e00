"""Keyword rules from the taxonomy and tag vocabulary: suggest a category and tags for a title."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from haowen.catalog.load import Catalog
from haowen.catalog.model import Subcategory


@lru_cache(maxsize=4096)
def _pattern(keyword: str) -> re.Pattern[str]:
    """`keyword` case-insensitively; ASCII words only on word boundaries (so `opt` ≠ optimizer)."""
    word = re.escape(keyword.lower())
    if re.match(r"[a-z0-9]", keyword, re.I):
        word = r"(?<![a-z0-9])" + word
    if re.search(r"[a-z0-9]$", keyword, re.I):
        word += r"(?![a-z0-9])"
    return re.compile(word)


def matches(text: str, keywords: Iterable[str]) -> list[str]:
    """The keywords that occur in `text`."""
    low = text.lower()
    return [k for k in keywords if _pattern(k).search(low)]


def score(text: str, node: Subcategory) -> int:
    """How strongly `text` points at `node`: longer keywords weigh more."""
    return sum(len(k) for k in matches(text, node.keywords))


def _best(text: str, nodes: Iterable[Subcategory]) -> tuple[int, Subcategory | None]:
    best: tuple[int, Subcategory | None] = (0, None)
    for node in nodes:
        s = score(text, node)
        if s > best[0]:
            best = (s, node)
    return best


def suggest_category(catalog: Catalog, text: str, within: str | None = None) -> str | None:
    """The category id the keyword rules suggest for `text`, or None.

    With `within` (a top-level category id), only that category and its children compete.
    A top-level category with children is refined to its best-matching child when one matches.
    """
    if within:
        top = catalog.parents[within]
        if top.id != within:
            return within
        _, child = _best(text, top.children)
        return child.id if child else top.id
    nodes: list[Subcategory] = []
    for cat in catalog.ordered_categories():
        nodes.append(cat)
        nodes.extend(cat.children)
    _, node = _best(text, nodes)
    if node is None:
        return None
    return suggest_category(catalog, text, within=node.id)


def suggest_tags(catalog: Catalog, text: str) -> list[str]:
    """Tag ids whose keywords occur in `text`, in vocabulary order."""
    return [t.id for t in catalog.vocabulary.tags if matches(text, t.keywords)]
