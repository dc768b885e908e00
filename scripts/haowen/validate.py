"""Cross-checks over a loaded catalogue.  Each check takes the catalogue and yields problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .catalog import SYNONYMS_FILE, TAGS_FILE, TAXONOMY_FILE, Catalog, load
from .problems import Problem, did_you_mean
from .synonyms import key
from .urls import UrlError, canonical
from .yamlsrc import Document

Check = Callable[[Catalog], Iterable[Problem]]


def _at(catalog: Catalog, doc_name: str, where: tuple, message: str) -> Problem:
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


def canonical_urls(catalog: Catalog) -> Iterator[Problem]:
    for e in catalog.entries:
        try:
            want = canonical(e.link.url)
        except UrlError as exc:
            yield _at(catalog, "links", (e.index, "url"), str(exc))
            continue
        if want != e.link.url:
            yield _at(catalog, "links", (e.index, "url"), f"链接不是规范形式，应为 {want}（haowen fmt 会自动改好）")


UrlKey = tuple[int, int, str]  # an entry's index and line, and the canonical form of its URL


def url_keys(catalog: Catalog) -> list[UrlKey]:
    """What the duplicate check compares, for each entry whose URL has a canonical form."""
    keys = []
    for e in catalog.entries:
        try:
            keys.append((e.index, e.line, canonical(e.link.url)))
        except UrlError:
            continue
    return keys


def duplicate_urls(doc: Document, keys: Iterable[UrlKey]) -> Iterator[Problem]:
    """A problem at each entry (of `doc`) whose URL an earlier entry already has."""
    first: dict[str, int] = {}
    for index, line, key in keys:
        if key in first:
            yield doc.problem_at((index, "url"), f"与第 {first[key]} 行是同一篇文章：请合并这两条（保留备注和标签）")
        else:
            first[key] = line


def no_duplicates(catalog: Catalog) -> Iterator[Problem]:
    """Two entries for one article (the same canonical URL)."""
    if catalog.entries:
        yield from duplicate_urls(catalog.docs["links"], url_keys(catalog))


def dates_not_future(catalog: Catalog, today: dt.date | None = None) -> Iterator[Problem]:
    today = today or dt.date.today()
    for e in catalog.entries:
        for name in ("added", "published"):
            value = getattr(e.link, name)
            if value is not None and value > today:
                yield _at(catalog, "links", (e.index, name), f"日期 {value} 在未来：请填文章实际的日期（今天是 {today}）")


def _unique(catalog: Catalog, doc: str, items: Iterable[tuple[tuple, str]], what: str) -> Iterator[Problem]:
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
    ids = [(("categories", i, "id"), c.id) for i, c in enumerate(cats)]
    ids += [(("categories", i, "children", j, "id"), s.id) for i, c in enumerate(cats) for j, s in enumerate(c.children)]
    yield from _unique(catalog, TAXONOMY_FILE, ids, "分类 id")
    orders = [(("categories", i, "order"), str(c.order)) for i, c in enumerate(cats)]
    yield from _unique(catalog, TAXONOMY_FILE, orders, "分类顺序")


def vocabulary_consistent(catalog: Catalog) -> Iterator[Problem]:
    if TAGS_FILE not in catalog.docs:
        return
    names = []
    for i, tag in enumerate(catalog.vocabulary.tags):
        names.append((("tags", i, "id"), tag.id))
        names += [(("tags", i, "aliases", j), a) for j, a in enumerate(tag.aliases) if a.lower() != tag.id.lower()]
    yield from _unique(catalog, TAGS_FILE, names, "标签或别名")


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
ENTRY_CHECKS: tuple[Check, ...] = (known_categories, known_tags, canonical_urls, dates_not_future)
# Checks of the taxonomy, tag and synonym files.
VOCABULARY_CHECKS: tuple[Check, ...] = (taxonomy_consistent, vocabulary_consistent, synonyms_consistent)
CHECKS: tuple[Check, ...] = (*VOCABULARY_CHECKS, *ENTRY_CHECKS, no_duplicates)


def validate(links_path: Path) -> tuple[Catalog, list[Problem]]:
    """Load the catalogue and run every check; all problems, sorted."""
    catalog, problems = load(links_path)
    for check in CHECKS:
        problems.extend(check(catalog))
    return catalog, sorted(set(problems))
