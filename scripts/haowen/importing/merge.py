"""`haowen import`'s rules: data/import.yaml, categorising found links, merging repeats, and what is new.

The Markdown is read by importing/markdown.py; this module turns what it found into new catalogue entries
(category and tags from the suggestion engine, within the nearest heading mapped in import.yaml; tags also from
#hashtags; entries the engine is unsure of marked `review`), merged by
canonical URL and leaving out what the catalogue already holds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from haowen.catalog.load import IMPORT_FILE, Catalog, import_rule_problems
from haowen.catalog.model import AUTO, ImportRules, Link
from haowen.catalog.urlfacts import with_url_facts
from haowen.catalog.urls import UrlError, canonical, kind_of
from haowen.importing.decor import merge_notes, repository_title
from haowen.importing.markdown import Found, clean_heading, read_markdown
from haowen.importing.own import leave_out, list_repo
from haowen.importing.related import UNRELATED, Domain
from haowen.io.datafile import read_model
from haowen.io.problems import Problem, ProblemsError
from haowen.io.store import FileError, read_bounded
from haowen.suggest.engine import Context, Suggester, clean_context
from haowen.text.safe import one_line

HEADING_SEPARATOR = " › "  # between the headings of a review mark
# Below this confidence an imported entry is marked for review: higher than the engine's own THRESHOLD (used by
# add), because a list unlike the catalogue misleads the engine more.  Chosen on folds 0-1 of
# benchmarks/import_styles.py so that at least three of four misfiled entries are marked (benchmarks/README.md).
IMPORT_THRESHOLD = 0.7
EXCLUDED_REASON = "已被移出目录（data/excluded.yaml 写了理由）"


class RulesError(ProblemsError):
    """data/import.yaml cannot be used."""


class SourceError(Exception):
    """A Markdown file cannot be read (the message says which and why)."""


@dataclass
class Report:
    found: int = 0
    added: int = 0
    merged: int = 0
    present: int = 0
    mirrors: list[str] = field(default_factory=list)  # found URLs that are mirrors of catalogued entries
    skipped: dict[str, list[str]] = field(default_factory=dict)  # where each skipped link is, by reason
    own: list[str] = field(default_factory=list)  # each file's own repository and how it is known
    review: dict[str, str] = field(default_factory=dict)  # new entries marked for review (one line each), by URL
    unknown_tags: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Sources:
    """What `haowen import` reads: the files, and how to resolve and label what they hold."""

    files: list[Path]
    base_url: str | None
    source: str | None  # the sources name; default: each file's name
    added: dt.date  # for links under no dated heading
    own_repo: str | None = None  # the list's own repository as named (`--own-repo`); else from base_url or inferred
    keep_own: bool = False  # import the links into the list's own repository too


def load_rules(catalog: Catalog) -> ImportRules:
    """data/import.yaml, checked against the taxonomy, headings normalised with clean_heading and
    lower-cased for lookup; RulesError with positioned problems when wrong."""
    path = catalog.data_dir / IMPORT_FILE
    problems: list[Problem] = []
    rules, doc = read_model(path, ImportRules, problems, missing="找不到导入规则文件")
    if rules is not None and doc is not None:
        problems.extend(import_rule_problems(catalog, rules, doc))
        if not problems:
            headings = {clean_heading(clean_context(k)).lower(): v for k, v in rules.headings.items()}
            return rules.model_copy(update={"headings": headings})
    raise RulesError(problems)


def catch_all(catalog: Catalog) -> str | None:
    """The catch-all category of data/import.yaml (`default`), or None without that file."""
    if not (catalog.data_dir / IMPORT_FILE).exists():
        return None
    return load_rules(catalog).default


def mapped_heading(rules: ImportRules, found: Found) -> str | None:
    """The category the nearest heading mapped in import.yaml names (None without one).

    `auto` marks a mixed section: the lookup goes on to the headings around it.  A heading mapped to the
    catch-all (`resources`) files its links there, like any other mapping."""
    for heading in reversed(found.headings):
        target = rules.headings.get(heading.lower())
        if target and target != AUTO:
            return target
    return None


def _link(catalog: Catalog, suggester: Suggester, rules: ImportRules, found: Found, url: str, source: str,
          added: dt.date, report: Report, domain: Domain) -> Link:
    """The entry for `found`: category and tags from the engine, marked for review when it is unsure; one whose
    words name nothing of the domain goes to the catch-all (or its mapped heading's category), marked 可能无关."""
    title, note = repository_title(url, found.title, found.note)
    context = Context(title, note or "", url, evidence(found, domain), found.cells)
    within = mapped_heading(rules, found)
    suggestion = suggester.suggest(context, within=within).avoiding(rules.default, IMPORT_THRESHOLD)
    unrelated = not domain.speaks_of(context.own_text())
    category = suggestion.category if within or not unrelated else rules.default
    tags: list[str] = []
    for name in found.hashtags:
        tag = catalog.resolve_tag(name)
        if tag is None:
            report.unknown_tags[name] += 1
        else:
            tags.append(tag)
    tags += suggestion.tag_ids
    unsure = suggestion.review or suggestion.confidence < IMPORT_THRESHOLD or found.untitled or unrelated
    mark = review_mark(found, UNRELATED if unrelated else "")
    if unsure:
        why = (f"{UNRELATED}：标题和备注里没有领域词" if unrelated else "没有标题，用了链接地址" if found.untitled
               else f"把握 {suggestion.confidence:.0%}")
        path = HEADING_SEPARATOR.join(h for h in mark_headings(mark) if h)
        where = f"，栏目 {path}" if path else ""
        report.review.setdefault(url, f"{url}（{title}{where}）→ {category}，{why}")
    return with_url_facts(Link(  # the date the URL states, lang: en when title and site are English
        url=url,
        title=title,
        kind=kind_of(url),
        category=category,
        tags=list(dict.fromkeys(tags)),
        review=mark if unsure else False,
        note=note,
        author=(one_line(found.author, 80) or None) if found.author else None,  # a list's cell: one clean line
        added=found.added or added,
        sources=[source],
    ))


def evidence(found: Found, domain: Domain) -> list[str]:
    """The headings the engine weighs, the last weighed most: the innermost one that names something of the domain
    (an outer heading counts when the inner ones are generic: "2024年6月", "其他"), with the title's chips
    (`[GEMM优化][流水线]`) joined to it."""
    heads = found.headings
    pick = next((i for i in range(len(heads) - 1, -1, -1) if domain.speaks_of(heads[i])), len(heads) - 1)
    heads = heads[:pick + 1]
    if not found.chips:
        return heads
    return [*heads[:-1], " ".join([*heads[-1:], *found.chips])]


def review_mark(found: Found, why: str = "") -> bool | str:
    """What an unsure entry's `review` holds: why (`可能无关：`, if said) and the headings it sat under (for
    `haowen review`), else true."""
    path = [h for h in (one_line(clean_context(h), 200) for h in found.headings) if h]
    where = one_line(HEADING_SEPARATOR.join(path), 200)
    return (f"{why}：{where}" if why and where else why or where) or True


def mark_headings(mark: bool | str) -> list[str]:
    """The headings a review mark names (what review_mark wrote), without its reason."""
    if not isinstance(mark, str):
        return []
    why, sep, rest = mark.partition("：")
    return (rest if sep and why == UNRELATED else "" if mark == UNRELATED else mark).split(HEADING_SEPARATOR)


def merge(into: Link, other: Link) -> None:
    """Keep every note, tag and source of `other` in `into` (the first one seen)."""
    into.tags = list(dict.fromkeys(into.tags + other.tags))
    into.sources = list(dict.fromkeys(into.sources + other.sources))
    into.note = merge_notes(into.note, other.note, into.title)
    into.author = into.author or other.author
    into.added = min(into.added, other.added)
    into.review = into.review or other.review


def _read(path: Path) -> str:
    try:
        return read_bounded(path).decode("utf-8")
    except FileError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: 无法读取（{exc}）：请确认文件存在且是 UTF-8") from None


def _found(path: Path, sources: Sources, report: Report) -> list[Found]:
    """The links of the file at `path`, those into the list's own repository marked skipped (unless kept)."""
    found = read_markdown(_read(path), sources.base_url)
    repo, how = list_repo(found, sources.own_repo, sources.base_url)
    if repo is not None:
        kept = "，按 --keep-own 照常导入它的链接" if sources.keep_own else ""
        report.own.append(f"{path}: 列表自身的仓库 {repo}（{how}）{kept}")
        if not sources.keep_own:
            leave_out(found, repo)
    return found


def collect(catalog: Catalog, suggester: Suggester, rules: ImportRules, sources: Sources,
            report: Report) -> list[Link]:
    """New links from every file, in reading order, merged by canonical URL."""
    new: dict[str, Link] = {}
    domain = Domain.of(catalog, rules)
    for path in sources.files:
        for found in _found(path, sources, report):
            report.found += 1
            where = f"{path}:{found.line}: {found.url}"
            if found.skipped:
                report.skipped.setdefault(found.skipped, []).append(where)
                continue
            try:
                url = canonical(found.url)
            except UrlError as exc:
                report.skipped.setdefault(str(exc), []).append(where)
                continue
            if url in catalog.excluded:
                report.skipped.setdefault(EXCLUDED_REASON, []).append(where)
                continue
            held = catalog.url_holders.get(url)
            if held is not None:
                report.present += 1
                if held[1]:
                    report.mirrors.append(f"{where} → {catalog.holder_text(url)}")
                continue
            link = _link(catalog, suggester, rules, found, url, sources.source or path.stem, sources.added, report,
                         domain)
            if url in new:
                merge(new[url], link)
                report.merged += 1
            else:
                new[url] = link
                report.added += 1
    return list(new.values())
