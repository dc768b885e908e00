"""把 links.yaml 整理成统一格式：按分类、收录日期、链接排序，字段顺序固定，注释保留"""

from __future__ import annotations

import argparse
import sys

from haowen.catalog.load import Catalog, load
from haowen.editing.layout import changed_entries, format_text
from haowen.editing.revise import Refused, revise
from haowen.io.problems import Problem, format_all, shown_path
from haowen.text.safe import visible
from haowen.validation.checks import CHECKS, canonical_urls


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--check", action="store_true", help="只检查：有需要整理的条目时列出它们并以 1 退出")


def _problems(catalog: Catalog) -> list[Problem]:
    """What stops formatting: every validate check but canonical URLs (fmt rewrites URLs itself)."""
    return [p for check in CHECKS if check is not canonical_urls for p in check(catalog)]


def format_catalog(catalog: Catalog, text: str) -> str:
    """The formatted text (the change `revise` redoes if the file changes meanwhile)."""
    problems = _problems(catalog)
    if problems:
        raise Refused(f"{format_all(problems, 'text')}\n数据有 {len(set(problems))} 个问题，请先修正再整理格式")
    return format_text(text, catalog.links, catalog)


def run(args: argparse.Namespace) -> int:
    catalog, problems = load(args.catalog)
    problems += _problems(catalog)
    if problems:
        print(format_all(problems, "text"), file=sys.stderr)
        print(f"数据有 {len(set(problems))} 个问题，请先修正再整理格式", file=sys.stderr)
        return 1
    text = catalog.text or ""
    formatted = format_text(text, catalog.links, catalog)
    shown = shown_path(args.catalog)
    if formatted == text:
        print(f"{shown}：格式已是规范的")
        return 0
    if args.check:
        changed = changed_entries(text, catalog.links, catalog)
        for i in changed:
            entry = catalog.entries[i]
            print(visible(f"{shown}:{entry.line}: {entry.link.title}"))
        what = f"{len(changed)} 条需要整理" if changed else "空行或文件头需要整理"
        print(f"{shown}：{what}，运行 haowen fmt 自动改好")
        return 1
    if revise(catalog, format_catalog, formatted) is None:
        return 1
    print(f"{shown}：已整理")
    return 0
