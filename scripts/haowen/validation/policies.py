"""Content policies from data/policies.yaml: balance of categories, tags in use, start-here picks.

They judge the catalogue as a whole, so they run in `haowen validate` (and its PR annotations), not when
one link is added or the file is formatted.  They are editorial rules: reported as warnings, which do not fail
validate (a large legitimate import can push a category over its share until a curator splits it).  Problems point at the category or tag in taxonomy.yaml or
tags.yaml.  A catalogue without policies.yaml, or smaller than `min_links`, is not judged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from haowen.catalog.load import POLICIES_FILE, TAGS_FILE, TAXONOMY_FILE, Catalog
from haowen.catalog.model import Policies
from haowen.io.problems import Problem

WHERE = f"（规则在 data/{POLICIES_FILE}）"


@dataclass
class Tally:
    """What the policies count, added up over both halves of a two-process validate."""

    links: int = 0
    categories: Counter[str] = field(default_factory=Counter)  # links per category id, as written
    tags: Counter[str] = field(default_factory=Counter)  # links per tag id
    picks: Counter[str] = field(default_factory=Counter)  # start-here picks per category id, as written

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.links + other.links, self.categories + other.categories, self.tags + other.tags,
                     self.picks + other.picks)


def tally(catalog: Catalog) -> Tally:
    counted = Tally(links=len(catalog.links))
    for link in catalog.links:
        counted.categories[link.category] += 1
        counted.tags.update(catalog.resolve_tag(t) or t for t in link.tags)
        counted.picks[link.category] += link.pick
    return counted


def content_policies(catalog: Catalog) -> Iterator[Problem]:
    """The policy problems of a fully loaded catalogue."""
    yield from policy_problems(catalog, tally(catalog))


def policy_problems(catalog: Catalog, counted: Tally) -> Iterator[Problem]:
    """Warnings about the counts in `counted` under the catalogue's policies (none without policies.yaml)."""
    return (replace(p, warning=True) for p in _broken(catalog, counted))


def _broken(catalog: Catalog, counted: Tally) -> Iterator[Problem]:
    rules = catalog.policies
    if rules is None or counted.links < rules.min_links:
        return
    if TAXONOMY_FILE in catalog.docs:
        yield from _categories(catalog, rules, counted)
    if TAGS_FILE in catalog.docs:
        for i, tag in enumerate(catalog.vocabulary.tags):
            if counted.tags[tag.id] < rules.min_tag_uses:
                yield catalog.docs[TAGS_FILE].problem_at(
                    ("tags", i, "id"), f"标签 “{tag.id}” 只用在 {counted.tags[tag.id]} 条链接上，至少要 "
                    f"{rules.min_tag_uses} 条{WHERE}：给更多文章加上它，或删掉这个标签、改用相近的标签")


def _categories(catalog: Catalog, rules: Policies, counted: Tally) -> Iterator[Problem]:
    doc, total = catalog.docs[TAXONOMY_FILE], counted.links
    for i, cat in enumerate(catalog.taxonomy.categories):
        ids = [cat.id, *(c.id for c in cat.children)]
        n, picks = sum(counted.categories[c] for c in ids), sum(counted.picks[c] for c in ids)
        if n > rules.max_top_share * total:
            yield doc.problem_at(("categories", i, "id"), f"一级分类 “{cat.title}” 有 {n} 条链接，占全部 {total} 条的 "
                                 f"{n / total:.1%}，超过 {rules.max_top_share:.0%}{WHERE}：把一部分移到更合适的分类，"
                                 "或把它拆开")
        if n < rules.min_category_links:
            yield doc.problem_at(("categories", i, "id"), _thin(cat.title, n, rules))
        for j, child in enumerate(cat.children):
            if counted.categories[child.id] < rules.min_category_links:
                yield doc.problem_at(("categories", i, "children", j, "id"),
                                     _thin(child.title, counted.categories[child.id], rules))
        if picks < rules.min_picks:
            yield doc.problem_at(("categories", i, "id"), f"一级分类 “{cat.title}” 只有 {picks} 篇“从这里开始”，至少要 "
                                 f"{rules.min_picks} 篇{WHERE}：给最适合入门的文章加上 pick: true")


def _thin(title: str, n: int, rules: Policies) -> str:
    return (f"分类 “{title}” 只有 {n} 条链接，至少要 {rules.min_category_links} 条{WHERE}："
            "补充文章，或把它并入相近的分类")
