"""从 awesome-list 风格的 Markdown 导入链接（只添加目录里还没有的文章）"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from haowen.catalog.load import Catalog, load_or_exit, validation_problems
from haowen.suggest.engine import FALLBACK_NOTE, Context, Suggester, clean_context, engine
from haowen.importing.markdown import Found, clean_heading, read_markdown
from haowen.editing.layout import LayoutError, insert_entries
from haowen.catalog.model import ImportRules, Link
from haowen.io.problems import Problem, shown_path
from haowen.editing.revise import revise
from haowen.text.safe import visible
from haowen.io.store import FileError, read_bounded
from haowen.catalog.urls import UrlError, canonical
from haowen.io.yamlsafe import YamlError
from haowen.io.yamldoc import parse

RULES_FILE = "import.yaml"
SHOWN = 3  # skipped links listed per reason; the rest are counted
AUTO = "auto"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="Markdown 文件")
    p.add_argument("--base-url", help="解析相对链接用的基准地址")
    p.add_argument("--source", help="记在 sources 里的来源名，默认用文件名")
    p.add_argument("--added", type=dt.date.fromisoformat, help="没有日期标题时的收录日期，默认今天")
    p.add_argument("--dry-run", action="store_true", help="只报告，不写文件")


@dataclass
class Report:
    found: int = 0
    added: int = 0
    merged: int = 0
    present: int = 0
    mirrors: list[str] = field(default_factory=list)  # found URLs that are mirrors of catalogued entries
    skipped: dict[str, list[str]] = field(default_factory=dict)  # where each skipped link is, by reason
    review: list[str] = field(default_factory=list)  # new entries whose category the engine is unsure of
    unknown_tags: Counter[str] = field(default_factory=Counter)

    def print(self) -> None:
        skipped = sum(len(v) for v in self.skipped.values())
        print(f"找到 {self.found} 个链接：新增 {self.added}，合并重复 {self.merged}，"
              f"目录中已有 {self.present}，跳过 {skipped}")
        for line in self.mirrors:
            print(f"  已有（镜像）{line}")
        for reason, places in sorted(self.skipped.items(), key=lambda kv: -len(kv[1])):
            print(f"  跳过 {len(places)} 个：{visible(reason)}")
            for where in places[:SHOWN]:
                print(f"    {visible(where)}")
            if len(places) > SHOWN:
                print(f"    ……另有 {len(places) - SHOWN} 个")
        if self.review:
            print(f"归类把握不足、已标 review: true 的 {len(self.review)} 条（用 haowen review 逐条复核）：")
        for line in self.review:
            print(f"  待复核 {visible(line)}")
        for tag, n in self.unknown_tags.most_common():
            print(f"  未声明的标签 #{visible(tag)}（{n} 次）已忽略：要保留请先在 tags.yaml 里声明")


def load_rules(catalog: Catalog) -> ImportRules:
    """data/import.yaml, checked against the taxonomy, headings normalised with clean_heading and
    lower-cased for lookup; exits with messages when wrong."""
    path = catalog.data_dir / RULES_FILE
    problems: list[Problem] = []
    try:
        doc = parse(path)
        problems += [e.problem() for e in doc.problems]
        rules = ImportRules.model_validate(doc.data)
    except YamlError as exc:
        problems.append(exc.problem())
    except FileNotFoundError:
        problems.append(Problem(shown_path(path), 1, 1, "找不到导入规则文件"))
    except ValidationError as exc:
        problems += list(validation_problems(doc, exc, (), ImportRules))
    else:
        for heading, target in rules.headings.items():
            if target != AUTO and target not in catalog.categories:
                problems.append(doc.problem_at(("headings", heading), f"未知分类 “{target}”"))
        if not problems:
            headings = {clean_heading(clean_context(k)).lower(): v for k, v in rules.headings.items()}
            return rules.model_copy(update={"headings": headings})
    for p in problems:
        print(p.text(), file=sys.stderr)
    raise SystemExit(1)


def mapped_heading(rules: ImportRules, found: Found) -> str | None:
    """The category the nearest heading mapped in import.yaml names (None for `auto` or no mapping)."""
    for heading in reversed(found.headings):
        target = rules.headings.get(heading.lower())
        if target == AUTO:
            return None
        if target:
            return target
    return None


def _link(catalog: Catalog, suggester: Suggester, rules: ImportRules, found: Found, url: str, source: str,
          added: dt.date, report: Report) -> Link:
    """The entry for `found`: category and tags from the engine, marked for review when it is unsure."""
    context = Context(found.title, found.note or "", url, found.headings, found.cells)
    suggestion = suggester.suggest(context, within=mapped_heading(rules, found)).avoiding(rules.default)
    tags: list[str] = []
    for name in found.hashtags:
        tag = catalog.resolve_tag(name)
        if tag is None:
            report.unknown_tags[name] += 1
        else:
            tags.append(tag)
    tags += suggestion.tag_ids
    if suggestion.review:
        report.review.append(f"{url}（{found.title}）→ {suggestion.category}，把握 {suggestion.confidence:.0%}")
    return Link(
        url=url,
        title=found.title,
        category=suggestion.category,
        tags=list(dict.fromkeys(tags)),
        review=suggestion.review,
        note=found.note,
        added=found.added or added,
        sources=[source],
    )


def merge(into: Link, other: Link) -> None:
    """Keep every note, tag and source of `other` in `into` (the first one seen)."""
    into.tags = list(dict.fromkeys(into.tags + other.tags))
    into.sources = list(dict.fromkeys(into.sources + other.sources))
    notes = [n for n in dict.fromkeys([into.note, other.note]) if n]
    into.note = "；".join(notes) or None
    into.added = min(into.added, other.added)
    into.review = into.review or other.review


def collect(catalog: Catalog, suggester: Suggester, rules: ImportRules, args: argparse.Namespace, report: Report) -> list[Link]:
    """New links from every file, in reading order, merged by canonical URL."""
    new: dict[str, Link] = {}
    added = args.added or dt.date.today()
    for path in args.files:
        try:
            text = read_bounded(path).decode("utf-8")
        except FileError:
            raise
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{path}: 无法读取（{exc}）：请确认文件存在且是 UTF-8", file=sys.stderr)
            raise SystemExit(1) from None
        source = args.source or path.stem
        for found in read_markdown(text, args.base_url):
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
            held = catalog.url_holders.get(url)
            if held is not None:
                report.present += 1
                if held[1]:
                    report.mirrors.append(f"{where} → {catalog.holder_text(url)}")
                continue
            link = _link(catalog, suggester, rules, found, url, source, added, report)
            if url in new:
                merge(new[url], link)
                report.merged += 1
            else:
                new[url] = link
                report.added += 1
    return list(new.values())


def run(args: argparse.Namespace) -> int:
    catalog = load_or_exit(args.catalog)
    rules = load_rules(catalog)
    reports: list[Report] = []
    suggester = engine(catalog)
    if not suggester.learned:
        print(FALLBACK_NOTE, file=sys.stderr)

    def change(current: Catalog, text: str) -> str:
        """Insert what is new to `current` (made again, with a new report, if the file changes meanwhile)."""
        reports.append(Report())
        new = collect(current, suggester, rules, args, reports[-1])
        return text if args.dry_run else insert_entries(text, new, current)

    try:
        text = change(catalog, catalog.text or "")
    except LayoutError as exc:
        print(f"{shown_path(args.catalog)}: {exc}", file=sys.stderr)
        return 1
    if text != catalog.text and revise(catalog, change, text) is None:
        return 1
    reports[-1].print()
    return 0
