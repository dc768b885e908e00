"""逐条复核标了 review: true 的条目：看建议，接受、改选分类、改标签或跳过，每个决定立即写入"""

from __future__ import annotations

import argparse
import re

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from haowen.catalog.load import Catalog, load_or_exit
from haowen.catalog.model import Link
from haowen.editing.layout import replace_entry
from haowen.editing.revise import Change, Refused, revise
from haowen.importing.merge import HEADING_SEPARATOR
from haowen.suggest.engine import FALLBACK_NOTE, Context, Suggestion, engine

KEYS = "回车或 a 接受当前分类 · 1/2/3 选建议 · c 输入分类 id · t 改标签 · s 跳过 · q 退出"


def add_arguments(p: argparse.ArgumentParser) -> None:
    del p  # only --catalog


def decide(url: str, category: str, tags: list[str]) -> Change:
    """The change that files the entry `url` under `category` with `tags` and clears its review mark."""
    def change(catalog: Catalog, text: str) -> str:
        link = next((e.link for e in catalog.entries if e.link.url == url), None)
        if link is None:
            raise Refused(f"{url} 已不在目录里")
        new = link.model_copy(update={"category": category, "tags": tags, "review": False})
        return replace_entry(text, url, Link.model_validate(new.model_dump()), catalog)
    return change


def _show(console: Console, catalog: Catalog, link: Link, s: Suggestion, left: int) -> None:
    table = Table.grid(padding=(0, 1))
    table.add_row("标题", escape(link.title))
    table.add_row("链接", escape(link.url))
    table.add_row("现在", escape(f"{link.category}　标签：{', '.join(link.tags) or '（无）'}"))
    if isinstance(link.review, str):
        table.add_row("栏目", escape(link.review))
    for key in ("note", "sources"):
        value = getattr(link, key)
        if value:
            table.add_row("备注" if key == "note" else "来源", escape(value if isinstance(value, str) else ", ".join(value)))
    for n, r in enumerate(s.categories[:3], 1):
        path = " / ".join(c.title for c in catalog.category_path(r.id))
        table.add_row(f"[bold]{n}[/]", escape(f"{r.id}（{path}）{r.score:.0%}"))
    table.add_row("建议标签", escape(", ".join(s.tag_ids) or "（无）"))
    console.rule(f"待复核（还剩 {left} 条）")
    console.print(table)


def _tags(console: Console, catalog: Catalog, current: list[str]) -> list[str] | None:
    answer = console.input(f"标签（逗号分隔，回车保留 {escape(', '.join(current))}）：").strip()
    if not answer:
        return current
    tags = [catalog.resolve_tag(n) for n in re.split(r"[,，]\s*", answer) if n.strip()]
    if None in tags:
        console.print("有未声明的标签：先在 data/tags.yaml 里声明；这条保持原样")
        return None
    return list(dict.fromkeys(t for t in tags if t))


def _choice(console: Console, catalog: Catalog, link: Link, s: Suggestion) -> tuple[str, list[str]] | None:
    """The category and tags decided for `link`, or None to skip it; raises EOFError on q."""
    category, tags = link.category, link.tags
    while True:
        key = console.input(f"[dim]{KEYS}[/] > ").strip().lower()
        if key in ("", "a"):
            return category, tags
        if key in ("1", "2", "3") and int(key) <= len(s.categories):
            return s.categories[int(key) - 1].id, tags or s.tag_ids
        if key == "c":
            typed = console.input("分类 id：").strip()
            if typed in catalog.categories:
                return typed, tags
            console.print(f"未知分类 “{escape(typed)}”：分类见 data/taxonomy.yaml")
        elif key == "t":
            edited = _tags(console, catalog, tags)
            if edited is not None:
                tags = edited
                console.print(f"标签改为：{escape(', '.join(tags) or '（无）')}；再按回车接受，或选分类")
        elif key == "s":
            return None
        elif key == "q":
            raise EOFError
        else:
            console.print(KEYS)


def run(args: argparse.Namespace) -> int:
    console = Console(highlight=False)
    catalog = load_or_exit(args.catalog)
    pending = [e.link.url for e in catalog.entries if e.link.review]
    if not pending:
        console.print("没有待复核的条目")
        return 0
    suggester = engine(catalog)
    if not suggester.learned:
        console.print(FALLBACK_NOTE)
    done = 0
    for n, url in enumerate(pending):
        link = next((e.link for e in catalog.entries if e.link.url == url and e.link.review), None)
        if link is None:
            continue  # changed by someone else meanwhile
        headings = link.review.split(HEADING_SEPARATOR) if isinstance(link.review, str) else ()
        s = suggester.suggest(Context(link.title, link.note or "", link.url, headings))
        _show(console, catalog, link, s, len(pending) - n)
        try:
            choice = _choice(console, catalog, link, s)
        except EOFError:
            break
        if choice is None:
            continue
        if revise(catalog, decide(url, *choice)) is None:
            return 1
        done += 1
        catalog = load_or_exit(args.catalog)
    left = sum(1 for e in catalog.entries if e.link.review)
    console.print(f"已复核 {done} 条，还有 {left} 条待复核")
    return 0
