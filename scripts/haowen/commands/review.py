"""逐条复核标了 review 的条目：看建议，接受、改选任意分类、改标题、改标签、移出目录或跳过，每个决定立即写入"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from haowen.catalog.load import EXCLUDED_FILE, Catalog, load_or_exit
from haowen.catalog.model import Link
from haowen.editing.exclusions import ExclusionError, exclude
from haowen.editing.layout import remove_entry, replace_entry
from haowen.editing.revise import Change, Refused, revise
from haowen.importing.merge import HEADING_SEPARATOR, mark_headings
from haowen.importing.related import UNRELATED
from haowen.io.store import FileError
from haowen.suggest.engine import FALLBACK_NOTE, Context, Suggestion, engine

KEYS = ("回车接受（当前分类在建议里时）· a 保留当前分类 · 1/2/3 选建议 · c 输入任意分类 · e 改标题 · t 改标签 · "
        "x 移出目录 · s 跳过 · q 退出")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--list", action="store_true", help="只列出待复核的条目（每条一行，带所在栏目），不提问")


@dataclass
class Decision:
    """What the curator decided for one entry: where it goes and how it is titled and tagged."""

    category: str
    tags: list[str]
    title: str


@dataclass(frozen=True)
class Exclusion:
    """The entry leaves the catalogue, for this reason (written to data/excluded.yaml)."""

    reason: str


def decide(url: str, decision: Decision) -> Change:
    """The change that files the entry `url` as `decision` says and clears its review mark."""
    def change(catalog: Catalog, text: str) -> str:
        link = next((e.link for e in catalog.entries if e.link.url == url), None)
        if link is None:
            raise Refused(f"{url} 已不在目录里")
        new = link.model_copy(update={"category": decision.category, "tags": decision.tags, "title": decision.title,
                                      "review": False})
        return replace_entry(text, url, Link.model_validate(new.model_dump()), catalog)
    return change


def removed(url: str) -> Change:
    """The change that takes the entry `url` out of links.yaml."""
    def change(catalog: Catalog, text: str) -> str:
        return remove_entry(text, url, catalog)
    return change


def _where(link: Link) -> str:
    """The list headings the entry sat under, and 可能无关 first when import found no domain word in it."""
    path = HEADING_SEPARATOR.join(h for h in mark_headings(link.review) if h)
    unrelated = isinstance(link.review, str) and link.review.startswith(UNRELATED)
    return f"（{UNRELATED}）{path}" if unrelated else path


def _show(console: Console, catalog: Catalog, link: Link, s: Suggestion, left: int) -> None:
    table = Table.grid(padding=(0, 1))
    table.add_row("标题", escape(link.title))
    table.add_row("链接", escape(link.url))
    table.add_row("现在", escape(f"{link.category}　标签：{', '.join(link.tags) or '（无）'}"))
    if _where(link):
        table.add_row("栏目", escape(_where(link)))
    for key in ("note", "author", "sources"):
        value = getattr(link, key)
        if value:
            label = {"note": "备注", "author": "作者", "sources": "来源"}[key]
            table.add_row(label, escape(value if isinstance(value, str) else ", ".join(value)))
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


def _category(console: Console, catalog: Catalog) -> str | None:
    """A category id typed by the curator (any in the taxonomy; an empty answer lists them), or None."""
    typed = console.input("分类 id（回车列出全部）：").strip()
    if not typed:
        console.print(escape("　".join(f"{cid}（{node.title}）" for cid, node in catalog.categories.items())))
        typed = console.input("分类 id：").strip()
    if typed in catalog.categories:
        return typed
    console.print(f"未知分类 “{escape(typed)}”：分类见 data/taxonomy.yaml")
    return None


def _choice(console: Console, catalog: Catalog, link: Link, s: Suggestion) -> Decision | Exclusion | None:
    """What is decided for `link`, or None to skip it; raises EOFError on q."""
    decision = Decision(link.category, link.tags, link.title)
    suggested = [r.id for r in s.categories[:3]]
    while True:
        key = console.input(f"[dim]{KEYS}[/] > ").strip().lower()
        if key == "" and decision.category not in suggested:
            console.print(f"当前分类 {escape(decision.category)} 不在建议里：按 a 保留它，或选 1/2/3，或按 c 输入别的分类")
        elif key in ("", "a"):
            return decision
        elif key in ("1", "2", "3") and int(key) <= len(s.categories):
            decision.category, decision.tags = s.categories[int(key) - 1].id, decision.tags or s.tag_ids
            return decision
        elif key == "c":
            typed = _category(console, catalog)
            if typed is not None:
                decision.category = typed
                return decision
        elif key == "e":
            title = console.input(f"新标题（回车保留 {escape(decision.title)}）：").strip()
            decision.title = title or decision.title
            console.print(f"标题改为：{escape(decision.title)}；再选分类，或按 a 保留当前分类")
        elif key == "t":
            edited = _tags(console, catalog, decision.tags)
            if edited is not None:
                decision.tags = edited
                console.print(f"标签改为：{escape(', '.join(decision.tags) or '（无）')}；再选分类，或按 a 保留当前分类")
        elif key == "x":
            reason = console.input("移出目录的理由（写进 data/excluded.yaml）：").strip()
            if reason:
                return Exclusion(reason)
            console.print("需要写一句理由；这条保持原样")
        elif key == "s":
            return None
        elif key == "q":
            raise EOFError
        else:
            console.print(KEYS)


def _apply(console: Console, catalog: Catalog, url: str, choice: Decision | Exclusion) -> bool:
    """Write `choice` for the entry `url`; False (after saying why) when it could not be written."""
    if isinstance(choice, Decision):
        return revise(catalog, decide(url, choice)) is not None
    try:
        exclude(catalog.data_dir / EXCLUDED_FILE, url, choice.reason)
    except (FileError, ExclusionError) as exc:
        console.print(f"{EXCLUDED_FILE}: {escape(str(exc))}")
        return False
    return revise(catalog, removed(url)) is not None


def print_list(console: Console, catalog: Catalog) -> None:
    """One line per entry marked for review: link, title, category and the list headings it sat under."""
    for e in catalog.entries:
        if e.link.review:
            where = f"　栏目：{_where(e.link)}" if _where(e.link) else ""
            console.print(escape(f"{e.link.url}　{e.link.title}　→ {e.link.category}{where}"), soft_wrap=True)


def run(args: argparse.Namespace) -> int:
    console = Console(highlight=False)
    catalog = load_or_exit(args.catalog)
    pending = [e.link.url for e in catalog.entries if e.link.review]
    if not pending:
        console.print("没有待复核的条目")
        return 0
    if args.list:
        print_list(console, catalog)
        console.print(f"共 {len(pending)} 条待复核（haowen review 逐条处理）")
        return 0
    suggester = engine(catalog)
    if not suggester.learned:
        console.print(FALLBACK_NOTE)
    done = 0
    for n, url in enumerate(pending):
        link = next((e.link for e in catalog.entries if e.link.url == url and e.link.review), None)
        if link is None:
            continue  # changed by someone else meanwhile
        headings = [h for h in mark_headings(link.review) if h]
        s = suggester.suggest(Context(link.title, link.note or "", link.url, headings))
        _show(console, catalog, link, s, len(pending) - n)
        try:
            choice = _choice(console, catalog, link, s)
        except EOFError:
            break
        if choice is None:
            continue
        if not _apply(console, catalog, url, choice):
            return 1
        done += 1
        catalog = load_or_exit(args.catalog)
    left = sum(1 for e in catalog.entries if e.link.review)
    console.print(f"已复核 {done} 条，还有 {left} 条待复核")
    return 0
