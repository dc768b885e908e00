"""Curation lint for pull requests: new or changed entries whose category the engine strongly disputes."""

from __future__ import annotations

from collections.abc import Iterable

from haowen.catalog.load import Catalog, Entry
from haowen.catalog.model import Link
from haowen.io.problems import Problem, shown_path
from haowen.suggest.engine import Context, Model

DISPUTED = 0.05  # the entry's category has less than this probability …
CONFIDENT = 0.6  # … while the engine's own best guess has at least this


def changed(catalog: Catalog, base: Iterable[Link]) -> list[Entry]:
    """Entries that are new since `base` or whose category or tags changed."""
    before = {k.url: (k.category, k.tags) for k in base}
    return [e for e in catalog.entries if before.get(e.link.url) != (e.link.category, e.link.tags)]


def disputes(catalog: Catalog, entries: list[Entry]) -> list[Problem]:
    """One warning per entry in `entries` whose category the engine, trained on the other entries, disputes."""
    if not entries:
        return []
    lines = {e.line for e in entries}
    model = Model(catalog, [e.link for e in catalog.entries if e.line not in lines])
    path = shown_path(catalog.links_path)
    out: list[Problem] = []
    for e in entries:
        s = model.suggest(Context(e.link.title, e.link.note or "", e.link.url))
        given = next((r.score for r in s.categories if r.id == e.link.category), 0.0)
        if given < DISPUTED and s.confidence >= CONFIDENT and s.category != e.link.category:
            label = " / ".join(c.title for c in catalog.category_path(s.category))
            out.append(Problem(path, e.line, 1, f"分类 {e.link.category} 与建议不符：更像 {s.category}（{label}，"
                                                f"把握 {s.confidence:.0%}）；若确属原分类可忽略此提示"))
    return out


def warning(problem: Problem) -> str:
    """`problem` as a GitHub warning annotation (a hint; the check does not fail)."""
    return "::warning " + problem.github().removeprefix("::error ")
