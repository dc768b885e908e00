"""Cross-validated accuracy of the suggestion engine on the curated catalogue (`haowen suggest --evaluate`)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from haowen.catalog.load import Catalog
from haowen.catalog.model import Link
from haowen.suggest.engine import THRESHOLD, Context, Keywords, Model, Suggester, curated


@dataclass
class Scores:
    """Counts over every held-out entry; the properties are the reported rates."""

    entries: int = 0
    top: int = 0  # top-level category right
    leaf: int = 0  # exact category (subcategory) right
    top3: int = 0  # exact category among the first three
    abstained: int = 0
    kept_right: int = 0  # exact category right among those not marked for review
    tags_suggested: int = 0
    tags_right: int = 0
    tags_curated: int = 0

    def add(self, catalog: Catalog, link: Link, engine: Suggester) -> None:
        s = engine.suggest(Context(link.title, link.note or "", link.url))
        self.entries += 1
        self.leaf += s.category == link.category
        self.top += catalog.parents[s.category].id == catalog.parents[link.category].id
        self.top3 += link.category in [r.id for r in s.categories[:3]]
        if s.review:
            self.abstained += 1
        else:
            self.kept_right += s.category == link.category
        self.tags_suggested += len(s.tags)
        self.tags_right += len(set(s.tag_ids) & set(link.tags))
        self.tags_curated += len(link.tags)

    def rows(self) -> list[tuple[str, float]]:
        kept = self.entries - self.abstained
        return [
            ("一级分类准确率", self.top / self.entries),
            ("分类（含子分类）准确率", self.leaf / self.entries),
            ("分类前三命中率", self.top3 / self.entries),
            (f"待复核比例（置信度 < {THRESHOLD}）", self.abstained / self.entries),
            ("未标复核者的分类准确率", self.kept_right / kept if kept else 0.0),
            ("标签精确率", self.tags_right / self.tags_suggested if self.tags_suggested else 0.0),
            ("标签召回率", self.tags_right / self.tags_curated if self.tags_curated else 0.0),
        ]


def folds(links: list[Link], count: int = 5, seed: int = 0) -> Iterator[tuple[list[Link], list[Link]]]:
    """(training links, held-out links) for each of `count` folds of `links` shuffled with `seed`."""
    links = list(links)
    random.Random(seed).shuffle(links)
    for k in range(count):
        yield [link for i, link in enumerate(links) if i % count != k], links[k::count]


def cross_validate(catalog: Catalog, count: int = 5, seed: int = 0, learned: bool = True) -> Scores:
    """Each entry's suggestion from a model fitted on the other folds (shuffled with `seed`)."""
    scores = Scores()
    for train, held in folds(curated(catalog), count, seed):
        engine: Suggester = Model(catalog, train) if learned else Keywords(catalog)
        for link in held:
            scores.add(catalog, link, engine)
    return scores


def table(results: dict[str, Scores]) -> str:
    """A Markdown table: one row per measure, one column per engine."""
    names = list(results)
    lines = ["| 指标 | " + " | ".join(names) + " |", "| --- |" + " ---: |" * len(names)]
    rows = {name: s.rows() for name, s in results.items()}
    for i, (label, _) in enumerate(rows[names[0]]):
        lines.append(f"| {label} | " + " | ".join(f"{rows[n][i][1]:.1%}" for n in names) + " |")
    return "\n".join(lines)
