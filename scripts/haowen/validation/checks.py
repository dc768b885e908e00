"""Cross-checks over a loaded catalogue.  Each check takes the catalogue and yields problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from haowen.catalog.load import (
    EXCLUDED_FILE,
    SERIES_FILE,
    SYNONYMS_FILE,
    TAGS_FILE,
    TAXONOMY_FILE,
    Catalog,
    Entry,
    load,
)
from haowen.catalog.synonyms import key
from haowen.catalog.urls import UrlError, canonical
from haowen.io.problems import Problem, did_you_mean
from haowen.io.yamlsafe import Document, Path_
from haowen.validation.policies import content_policies

MAX_PICKS = 8  # start-here entries per top-level category

Check = Callable[[Catalog], Iterable[Problem]]


def _at(catalog: Catalog, doc_name: str, where: Path_, message: str) -> Problem:
    return catalog.docs[doc_name].problem_at(where, message)


def known_categories(catalog: Catalog) -> Iterator[Problem]:
    ids = catalog.categories
    for e in catalog.entries:
        if e.link.category not in ids:
            hint = did_you_mean(e.link.category, ids)
            yield _at(catalog, "links", (e.index, "category"), f"未知分类 “{e.link.category}”{hint}：分类见 data/{TAXONOMY_FILE}")


def known_tags(catalog: Catalog) -> Iterator[Problem]:
    for e in catalog.entries:
        for i, tag in enumerate(e.link.tags):
            if catalog.resolve_tag(tag) is None:
                hint = did_you_mean(tag, catalog.tag_lookup)
                yield _at(catalog, "links", (e.index, "tags", i), f"未知标签 “{tag}”{hint}：先在 data/{TAGS_FILE} 里声明")


def _entry_urls(e: Entry) -> Iterator[tuple[Path_, str]]:
    """Where each URL of entry `e` is (below the entry) and the URL: its url, then its mirrors."""
    yield ("url",), e.link.url
    for j, mirror in enumerate(e.link.mirrors):
        yield ("mirrors", j), mirror


def canonical_urls(catalog: Catalog) -> Iterator[Problem]:
    for e in catalog.entries:
        for where, url in _entry_urls(e):
            try:
                want = canonical(url)
            except UrlError as exc:
                yield _at(catalog, "links", (e.index, *where), str(exc))
                continue
            if want != url:
                yield _at(catalog, "links", (e.index, *where), f"链接不是规范形式，应为 {want}（haowen fmt 会自动改好）")


class UrlKey(NamedTuple):
    """One URL of an entry (its url or a mirror) as the duplicate check compares it."""

    index: int  # type: ignore[assignment]  # the entry's index in links.yaml (a field named like tuple.index)
    line: int  # the line the entry starts on
    key: str  # the canonical form of the URL
    where: Path_  # ("url",) or ("mirrors", j)


def url_keys(catalog: Catalog) -> list[UrlKey]:
    """What the duplicate check compares: every URL (url and mirrors) that has a canonical form."""
    keys = []
    for e in catalog.entries:
        for where, url in _entry_urls(e):
            try:
                keys.append(UrlKey(e.index, e.line, canonical(url), where))
            except UrlError:
                continue
    return keys


def duplicate_urls(doc: Document, keys: Iterable[UrlKey]) -> Iterator[Problem]:
    """A problem at each URL or mirror (of `doc`) that an earlier entry, or the same one, already has."""
    first: dict[str, UrlKey] = {}
    for k in keys:
        seen = first.get(k.key)
        if seen is None:
            first[k.key] = k
        elif seen.index == k.index:
            yield doc.problem_at((k.index, *k.where), "与本条的另一个链接相同：请删掉这个重复的镜像")
        elif k.where[0] == "mirrors" or seen.where[0] == "mirrors":
            yield doc.problem_at((k.index, *k.where), f"与第 {seen.line} 行的链接或镜像是同一篇文章：请合并这两条（mirrors 只留一份）")
        else:
            yield doc.problem_at((k.index, *k.where), f"与第 {seen.line} 行是同一篇文章：请合并这两条（保留备注和标签）")


def no_duplicates(catalog: Catalog) -> Iterator[Problem]:
    """Two entries for one article (the same canonical URL)."""
    if catalog.entries:
        yield from duplicate_urls(catalog.docs["links"], url_keys(catalog))


def not_excluded(catalog: Catalog) -> Iterator[Problem]:
    """Entries for links the curators removed on purpose (data/excluded.yaml)."""
    if not catalog.excluded:
        return
    for e in catalog.entries:
        for where, url in _entry_urls(e):
            try:
                reason = catalog.excluded.get(canonical(url))
            except UrlError:
                continue
            if reason is not None:
                yield _at(catalog, "links", (e.index, *where),
                          f"这个链接已被移出目录（{reason}）：删去这一条，或先从 data/{EXCLUDED_FILE} 里删去它")


def exclusions_consistent(catalog: Catalog) -> Iterator[Problem]:
    """Every link of data/excluded.yaml has a canonical form and is listed once."""
    if EXCLUDED_FILE not in catalog.docs:
        return
    seen: set[str] = set()
    for i, item in enumerate(catalog.exclusions.excluded):
        try:
            key = canonical(item.url)
        except UrlError as exc:
            yield _at(catalog, EXCLUDED_FILE, ("excluded", i, "url"), str(exc))
            continue
        if key in seen:
            yield _at(catalog, EXCLUDED_FILE, ("excluded", i, "url"), "这个链接前面已经列过：删去重复的一条")
        seen.add(key)


def dates_not_future(catalog: Catalog, today: dt.date | None = None) -> Iterator[Problem]:
    today = today or dt.date.today()
    for e in catalog.entries:
        for name, day in (("added", e.link.added), ("published", e.link.published_on)):
            if day is not None and day > today:
                shown = getattr(e.link, name)
                yield _at(catalog, "links", (e.index, name), f"日期 {shown} 在未来：请填文章实际的日期（今天是 {today}）")


def _unique(catalog: Catalog, doc: str, items: Iterable[tuple[Path_, str]], what: str) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for where, value in items:
        key = value.lower()
        line = catalog.docs[doc].pos(where).line
        if key in seen:
            yield _at(catalog, doc, where, f"{what} “{value}” 重复（第 {seen[key]} 行已有）")
        else:
            seen[key] = line


def taxonomy_consistent(catalog: Catalog) -> Iterator[Problem]:
    if TAXONOMY_FILE not in catalog.docs:
        return
    cats = catalog.taxonomy.categories
    ids: list[tuple[Path_, str]] = [(("categories", i, "id"), c.id) for i, c in enumerate(cats)]
    ids += [(("categories", i, "children", j, "id"), s.id) for i, c in enumerate(cats) for j, s in enumerate(c.children)]
    yield from _unique(catalog, TAXONOMY_FILE, ids, "分类 id")
    orders = [(("categories", i, "order"), str(c.order)) for i, c in enumerate(cats)]
    yield from _unique(catalog, TAXONOMY_FILE, orders, "分类顺序")


def vocabulary_consistent(catalog: Catalog) -> Iterator[Problem]:
    if TAGS_FILE not in catalog.docs:
        return
    names: list[tuple[Path_, str]] = []
    for i, tag in enumerate(catalog.vocabulary.tags):
        names.append((("tags", i, "id"), tag.id))
        names += [(("tags", i, "aliases", j), a) for j, a in enumerate(tag.aliases) if a.lower() != tag.id.lower()]
    yield from _unique(catalog, TAGS_FILE, names, "标签或别名")


def series_consistent(catalog: Catalog) -> Iterator[Problem]:
    if SERIES_FILE not in catalog.docs:
        return
    ids = [(("series", i, "id"), s.id) for i, s in enumerate(catalog.series_index.series)]
    yield from _unique(catalog, SERIES_FILE, ids, "系列 id")


class ReadingFact(NamedTuple):
    """What the reading-path checks need of one entry."""

    index: int  # type: ignore[assignment]  # a field named like tuple.index
    line: int
    category: str
    series: str | None
    part: int | None
    pick: bool


def reading_facts(catalog: Catalog) -> list[ReadingFact]:
    """The series, part and pick of every entry that has any of them."""
    return [ReadingFact(e.index, e.line, e.link.category, e.link.series, e.link.part, e.link.pick)
            for e in catalog.entries if e.link.series is not None or e.link.part is not None or e.link.pick]


def _series_members(base: Catalog, doc: Document, facts: list[ReadingFact],
                    members: dict[str, list[ReadingFact]]) -> Iterator[Problem]:
    """Problems of single entries (series without part, unknown series, …); fills `members` by series."""
    for f in facts:
        if f.series is None and f.part is not None:
            yield doc.problem_at((f.index, "part"), "有 part 没有 series：请写上系列 id（见 data/series.yaml），或删掉 part")
        elif f.series is not None and f.series not in base.series:
            hint = did_you_mean(f.series, base.series)
            yield doc.problem_at((f.index, "series"), f"未知系列 “{f.series}”{hint}：系列见 data/{SERIES_FILE}")
        elif f.series is not None and f.part is None:
            yield doc.problem_at((f.index, "series"), "有 series 没有 part：请写上这篇在系列中的篇号（part：作者的编号，原文没有编号时按阅读顺序从 1 起）")
        elif f.series is not None:
            members.setdefault(f.series, []).append(f)


def _series_order(doc: Document, sid: str, members: list[ReadingFact]) -> Iterator[Problem]:
    """Two entries with one part.  Gaps are allowed: parts follow the author's numbering (issue 25)."""
    by_part: dict[int, ReadingFact] = {}
    for f in members:
        assert f.part is not None
        if f.part in by_part:
            yield doc.problem_at((f.index, "part"), f"与第 {by_part[f.part].line} 行同为系列 “{sid}” 的第 {f.part} 篇：篇号不能重复")
        else:
            by_part[f.part] = f


def _too_many_picks(base: Catalog, doc: Document, facts: list[ReadingFact]) -> Iterator[Problem]:
    count: dict[str, int] = {}
    for f in facts:
        top = base.parents.get(f.category)
        if not f.pick or top is None:
            continue
        count[top.id] = count.get(top.id, 0) + 1
        if count[top.id] > MAX_PICKS:
            yield doc.problem_at((f.index, "pick"), f"一级分类 “{top.title}” 的“从这里开始”（pick）超过 {MAX_PICKS} 篇："
                                 "只留最适合入门的几篇，删掉其余的 pick")


def reading_problems(base: Catalog, doc: Document, facts: list[ReadingFact]) -> Iterator[Problem]:
    """Series and start-here rules across all entries (`facts`, positions in `doc`); `base` gives the
    taxonomy and the series.  A declared series without entries is not an error yet: the catalogue is
    being filed into series, and such a series is simply not shown."""
    members: dict[str, list[ReadingFact]] = {}
    yield from _series_members(base, doc, facts, members)
    for sid, found in members.items():
        yield from _series_order(doc, sid, found)
    if SERIES_FILE in base.docs:
        for i, s in enumerate(base.series_index.series):
            if len(members.get(s.id, ())) == 1:
                yield base.docs[SERIES_FILE].problem_at(("series", i, "id"), f"系列 “{s.id}” 只有 1 篇：一个系列至少要有两篇，"
                                                        "请再给一篇写上这个 series，或删掉这个系列")
    yield from _too_many_picks(base, doc, facts)


def reading_paths(catalog: Catalog) -> Iterator[Problem]:
    """Series and start-here picks (see reading_problems)."""
    if "links" in catalog.docs:
        yield from reading_problems(catalog, catalog.docs["links"], reading_facts(catalog))


_SAME = "大小写、全角半角、空格和标点不算区别"


def synonyms_consistent(catalog: Catalog) -> Iterator[Problem]:
    """Every synonym group has terms, every term can match, and no term is in two groups."""
    if SYNONYMS_FILE not in catalog.docs:
        return
    doc = catalog.docs[SYNONYMS_FILE]
    first: dict[str, tuple[int, str]] = {}  # a term's key: the group it is in, and how it is written there
    for i, group in enumerate(catalog.synonyms.groups):
        if not group:
            yield doc.problem_at(("groups", i), "同义词组是空的：请写上这个概念的几种叫法，或删掉这一行")
        for j, term in enumerate(group):
            k = key(term)
            where = ("groups", i, j)
            if not k:
                yield doc.problem_at(where, f"“{term}” 里没有字母、数字或汉字，什么也匹配不到：请删掉")
            elif k not in first:
                first[k] = (i, term)
            elif first[k][0] == i:
                yield doc.problem_at(where, f"“{term}” 和本组的 “{first[k][1]}” 是同一个词（{_SAME}）：删掉一个")
            else:
                line = doc.pos(("groups", first[k][0])).line
                yield doc.problem_at(where, f"“{term}” 已在第 {line} 行的组里（写作 “{first[k][1]}”，{_SAME}）："
                                            "一个词只能属于一组，请合并这两组或删掉一处")


# Checks that look at one entry at a time, so each can run on any part of links.yaml.
ENTRY_CHECKS: tuple[Check, ...] = (known_categories, known_tags, canonical_urls, not_excluded, dates_not_future)
# Checks of the taxonomy, tag, series, synonym and exclusion files.
VOCABULARY_CHECKS: tuple[Check, ...] = (taxonomy_consistent, vocabulary_consistent, series_consistent,
                                        synonyms_consistent, exclusions_consistent)
CHECKS: tuple[Check, ...] = (*VOCABULARY_CHECKS, *ENTRY_CHECKS, no_duplicates, reading_paths)


def validate(links_path: Path) -> tuple[Catalog, list[Problem]]:
    """Load the catalogue and run every check; all problems, sorted."""
    catalog, problems = load(links_path)
    for check in CHECKS:
        problems.extend(check(catalog))
    problems.extend(content_policies(catalog))  # whole-catalogue rules: validate only, never refusing a write
    return catalog, sorted(set(problems))
