"""Curation lint for pull requests: new or changed entries whose category the engine strongly disputes."""

from __future__ import annotations

from collections.abc import Iterable

from haowen.catalog.load import Catalog, Entry
from haowen.catalog.model import Link
from haowen.io.problems import Problem, shown_path
from haowen.suggest.engine import Context, Model, link_text, name_tags

DISPUTED = 0.05  # the entry's category has less than this probability …
CONFIDENT = 0.6  # … while the engine's own best guess has at least this
TAG_DISPUTED = 0.02  # a tag the learned model gives less than this, and whose name is not in the text


def changed(catalog: Catalog, base: Iterable[Link]) -> list[Entry]:
    """Entries that are new since `base` or whose category or tags changed."""
    before = {k.url: (k.category, k.tags) for k in base}
    return [e for e in catalog.entries if before.get(e.link.url) != (e.link.category, e.link.tags)]


def disputes(catalog: Catalog, entries: list[Entry]) -> list[Problem]:
    """Warnings for the entries in `entries` whose category or tags the engine, trained on the other entries,
    strongly disputes."""
    if not entries:
        return []
    lines = {e.line for e in entries}
    others = [e.link for e in catalog.entries if e.line not in lines]
    if len({k.category for k in others}) < 2:
        return []  # nothing left to learn from (a pull request that changes almost every entry)
    model = Model(catalog, others)
    path = shown_path(catalog.links_path)
    out: list[Problem] = []
    for e in entries:
        out += _category_dispute(catalog, model, e, path) + _tag_disputes(catalog, model, e, path)
    return out


def _tag_disputes(catalog: Catalog, model: Model, e: Entry, path: str) -> list[Problem]:
    text = link_text(e.link)
    named = set(name_tags(catalog, text))
    out = []
    for tag in e.link.tags:
        p = model.tag_probability(text, e.link.url, tag)
        if p is not None and p < TAG_DISPUTED and tag not in named:
            out.append(Problem(path, e.line, 1, f"标签 {tag} 与标题和备注不符（把握 {p:.0%}）；若确实相关可忽略此提示"))
    return out


def _category_dispute(catalog: Catalog, model: Model, e: Entry, path: str) -> list[Problem]:
    s = model.suggest(Context(e.link.title, e.link.note or "", e.link.url))
    given = next((r.score for r in s.categories if r.id == e.link.category), 0.0)
    if given >= DISPUTED or s.confidence < CONFIDENT or s.category == e.link.category:
        return []
    label = " / ".join(c.title for c in catalog.category_path(s.category))
    return [Problem(path, e.line, 1, f"分类 {e.link.category} 与建议不符：更像 {s.category}（{label}，"
                                     f"把握 {s.confidence:.0%}）；若确属原分类可忽略此提示")]


def warning(problem: Problem) -> str:
    """`problem` as a GitHub warning annotation (a hint; the check does not fail)."""
    return "::warning " + problem.github().removeprefix("::error ")
