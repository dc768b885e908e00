"""Load the catalogue's data files into typed objects, collecting every problem on the way."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from haowen.catalog.model import (
    AUTO,
    Category,
    Exclusions,
    ImportRules,
    Link,
    Policies,
    Series,
    SeriesIndex,
    Subcategory,
    SynonymTable,
    Tag,
    TagVocabulary,
    Taxonomy,
)
from haowen.catalog.urls import UrlError, canonical
from haowen.io.datafile import read_model, read_yaml, validation_problems
from haowen.io.problems import Problem, did_you_mean, shown_path
from haowen.io.yamlsafe import Document

DEFAULT_CATALOG = Path("data/links.yaml")
TAXONOMY_FILE = "taxonomy.yaml"
TAGS_FILE = "tags.yaml"
SERIES_FILE = "series.yaml"  # optional: a catalogue without it has no series
POLICIES_FILE = "policies.yaml"  # optional: without it, no content policy is checked
SYNONYMS_FILE = "synonyms.yaml"  # optional: a catalogue without it has only the tag aliases
EXCLUDED_FILE = "excluded.yaml"  # optional: links removed on purpose, which import and add do not bring back
IMPORT_FILE = "import.yaml"  # optional: how `haowen import` files Markdown headings

@dataclass
class Entry:
    """A link together with where it stands in links.yaml."""

    index: int
    link: Link
    line: int


@dataclass
class Catalog:
    """Everything in data/: links, taxonomy and tags, with positions for messages."""

    links_path: Path
    entries: list[Entry] = field(default_factory=list)
    taxonomy: Taxonomy = field(default_factory=lambda: Taxonomy(categories=[]))
    vocabulary: TagVocabulary = field(default_factory=lambda: TagVocabulary(tags=[]))
    series_index: SeriesIndex = field(default_factory=SeriesIndex)
    synonyms: SynonymTable = field(default_factory=lambda: SynonymTable(groups=[]))
    policies: Policies | None = None  # data/policies.yaml, when there is one
    exclusions: Exclusions = field(default_factory=Exclusions)
    import_rules: ImportRules | None = None  # data/import.yaml, when there is one
    docs: dict[str, Document] = field(default_factory=dict)
    text: str | None = None  # the links.yaml text the entries were read from

    @property
    def data_dir(self) -> Path:
        return self.links_path.parent

    @property
    def links(self) -> list[Link]:
        return [e.link for e in self.entries]

    @cached_property
    def categories(self) -> dict[str, Subcategory]:
        """Every category and subcategory by id."""
        out: dict[str, Subcategory] = {}
        for cat in self.taxonomy.categories:
            out[cat.id] = cat
            for child in cat.children:
                out[child.id] = child
        return out

    @cached_property
    def parents(self) -> dict[str, Category]:
        """The top-level category of every category id (itself for a top-level one)."""
        out: dict[str, Category] = {}
        for cat in self.taxonomy.categories:
            out[cat.id] = cat
            for child in cat.children:
                out[child.id] = cat
        return out

    def ordered_categories(self) -> list[Category]:
        return sorted(self.taxonomy.categories, key=lambda c: c.order)

    def category_path(self, category_id: str) -> list[Subcategory]:
        """Top-level category then, for a subcategory, the subcategory."""
        top = self.parents[category_id]
        return [top] if top.id == category_id else [top, self.categories[category_id]]

    @cached_property
    def tags(self) -> dict[str, Tag]:
        return {t.id: t for t in self.vocabulary.tags}

    @cached_property
    def tag_lookup(self) -> dict[str, str]:
        """Tag id by every spelling (id and aliases), lower-cased."""
        out: dict[str, str] = {}
        for tag in self.vocabulary.tags:
            for name in (tag.id, *tag.aliases):
                out.setdefault(name.lower(), tag.id)
        return out

    def tag_label(self, tag_id: str) -> str:
        """How the tag `tag_id` is shown: its declared label, or the id itself when it is not declared."""
        tag = self.tags.get(tag_id)
        return tag.label if tag else tag_id

    def resolve_tag(self, name: str) -> str | None:
        """The tag id `name` stands for, or None if it is not in the vocabulary."""
        return self.tag_lookup.get(name.strip().lower())

    @cached_property
    def series(self) -> dict[str, Series]:
        """Every series of data/series.yaml by id, in file order."""
        return {s.id: s for s in self.series_index.series}

    @cached_property
    def series_links(self) -> dict[str, list[Link]]:
        """The entries of every declared series that has any, in reading order (by part)."""
        out: dict[str, list[Link]] = {}
        for link in self.links:
            if link.series in self.series and link.part is not None:
                out.setdefault(link.series, []).append(link)
        return {sid: sorted(out[sid], key=lambda l: l.part or 0) for sid in self.series if sid in out}

    @cached_property
    def url_holders(self) -> dict[str, tuple[Entry, bool]]:
        """The entry holding each canonical URL (its url or a mirror), and whether it is a mirror."""
        out: dict[str, tuple[Entry, bool]] = {}
        for e in self.entries:
            for url, mirror in ((e.link.url, False), *((m, True) for m in e.link.mirrors)):
                try:
                    out.setdefault(canonical(url), (e, mirror))
                except UrlError:
                    continue
        return out

    def holder_text(self, url: str) -> str | None:
        """Where the catalogue already has the canonical `url`, for a message; None when it has not."""
        found = self.url_holders.get(url)
        if found is None:
            return None
        e, mirror = found
        where = f"{shown_path(self.links_path)}:{e.line}"
        if mirror:
            return f"{where}: 这是已收录文章的镜像链接（见该条的 mirrors）：{e.link.title}"
        return f"{where}: 已经收录了这篇文章：{e.link.title}"

    @cached_property
    def excluded(self) -> dict[str, str]:
        """The reason each link of data/excluded.yaml was removed, by canonical URL."""
        out: dict[str, str] = {}
        for item in self.exclusions.excluded:
            try:
                out.setdefault(canonical(item.url), item.reason)
            except UrlError:
                continue
        return out

    def excluded_text(self, url: str) -> str | None:
        """Why the canonical `url` was removed from the catalogue, for a message; None when it was not."""
        reason = self.excluded.get(url)
        if reason is None:
            return None
        return f"{url}: 已被移出目录（{reason}），见 data/{EXCLUDED_FILE}；确要收录，先从那里删去这一条"

    @cached_property
    def _picks(self) -> dict[str, list[Link]]:
        out: dict[str, list[Link]] = {}
        for link in self.links:
            if link.pick and link.category in self.parents:
                out.setdefault(self.parents[link.category].id, []).append(link)
        return out

    def picks(self, top_id: str) -> list[Link]:
        """The start-here entries (`pick`) of the top-level category `top_id` and its subcategories, in file order."""
        return self._picks.get(top_id, [])


_ENTRY = TypeAdapter(Link)
_ENTRIES = TypeAdapter(list[Link])
BATCH = 1000  # entries validated together; a batch with a mistake is done again one by one


def load_links(doc: Document, problems: list[Problem]) -> list[Entry]:
    """The valid entries of links.yaml read into `doc`; a problem for each mistake."""
    data = doc.data if doc.data is not None else []
    if not isinstance(data, list):
        problems.append(doc.problem_at((), "links.yaml 顶层应是一个列表（每项以 “- url:” 开头）"))
        return []
    entries: list[Entry] = []
    for start in range(0, len(data), BATCH):
        batch = data[start : start + BATCH]
        try:  # the usual case, all valid: one pydantic call for many entries is faster
            links = _ENTRIES.validate_python(batch)
        except ValidationError:
            entries += _load_each(doc, batch, start, problems)
        else:
            entries += [Entry(i, link, doc.pos((i,)).line) for i, link in enumerate(links, start)]
    return entries


def _load_each(doc: Document, batch: list[Any], start: int, problems: list[Problem]) -> list[Entry]:
    """Entry by entry: the valid ones load, and each bad one gets its own problems."""
    entries = []
    for i, item in enumerate(batch, start):
        try:
            link = _ENTRY.validate_python(item)
        except ValidationError as exc:
            problems.extend(validation_problems(doc, exc, (i,), Link))
            continue
        entries.append(Entry(i, link, doc.pos((i,)).line))
    return entries


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that all stay alive.

    Reading a large catalogue allocates millions of nodes, dicts and tuples; each allocation burst
    triggers a collection that walks everything allocated so far, which made loading grow faster
    than linearly (100k links: ~3x slower with the collector on).  Nothing built here is garbage,
    so at the end everything moves straight to the oldest generation (freeze, then unfreeze):
    otherwise the first young collection after the pause walks all of it once more (~0.3 s).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def load(links_path: Path = DEFAULT_CATALOG) -> tuple[Catalog, list[Problem]]:
    """Read links.yaml and the taxonomy and tag files beside it."""
    with gc_paused():
        catalog, problems = load_taxonomy_and_tags(links_path)
        doc, catalog.text = read_yaml(links_path, problems)
        if doc is not None:
            catalog.docs["links"] = doc
            catalog.entries = load_links(doc, problems)
    return catalog, problems


def load_taxonomy_and_tags(links_path: Path) -> tuple[Catalog, list[Problem]]:
    """A catalogue of the taxonomy, tag, series, synonym, policy, exclusion and import files beside `links_path`,
    without its links."""
    problems: list[Problem] = []
    catalog = Catalog(links_path=links_path)
    files: list[tuple[str, type[BaseModel], str]] = [(TAXONOMY_FILE, Taxonomy, "taxonomy"),
                                                     (TAGS_FILE, TagVocabulary, "vocabulary")]
    optional: list[tuple[str, type[BaseModel], str]] = [(SERIES_FILE, SeriesIndex, "series_index"),
                                                        (SYNONYMS_FILE, SynonymTable, "synonyms"),
                                                        (POLICIES_FILE, Policies, "policies"),
                                                        (EXCLUDED_FILE, Exclusions, "exclusions"),
                                                        (IMPORT_FILE, ImportRules, "import_rules")]
    files += [entry for entry in optional if (links_path.parent / entry[0]).exists()]
    for name, model, attr in files:
        loaded, doc = read_model(links_path.parent / name, model, problems)
        if doc is not None:
            catalog.docs[name] = doc
        if loaded is not None:
            setattr(catalog, attr, loaded)
    return catalog, problems


def import_rule_problems(catalog: Catalog, rules: ImportRules, doc: Document) -> Iterator[Problem]:
    """Categories import.yaml (read into `doc`) names that the taxonomy does not have."""
    if rules.default not in catalog.categories:
        yield doc.problem_at(("default",), f"未知分类 “{rules.default}”{did_you_mean(rules.default, catalog.categories)}"
                             f"：分类见 data/{TAXONOMY_FILE}")
    for heading, target in rules.headings.items():
        if target != AUTO and target not in catalog.categories:
            yield doc.problem_at(("headings", heading), f"未知分类 “{target}”{did_you_mean(target, catalog.categories)}"
                                 f"：写分类 id 或 {AUTO}（按关键词归类）")


def load_or_exit(links_path: Path = DEFAULT_CATALOG) -> Catalog:
    """The catalogue, or print its problems and exit 1 (for tools that need clean data)."""
    catalog, problems = load(links_path)
    if problems:
        for p in sorted(problems):
            print(p.text(), file=sys.stderr)
        print(f"数据有 {len(problems)} 个问题，请先修正（haowen validate 会列出全部）", file=sys.stderr)
        raise SystemExit(1)
    return catalog
