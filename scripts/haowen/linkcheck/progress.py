"""Progress while checking: a rich bar on a terminal, one plain line per URL elsewhere (CI, pipes)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from haowen.linkcheck.run import Result
from haowen.text.safe import visible

LABELS = {"alive": "正常", "dead": "失效", "blocked": "被拦截", "unknown": "未知"}


def use_bar(stream: TextIO | None = None) -> bool:
    """A bar only on an interactive terminal and never in CI."""
    stream = stream or sys.stderr
    return stream.isatty() and not os.environ.get("CI")


def plain_line(done: int, total: int, result: Result) -> str:
    v = result.verdict
    code = v.code if v.code is not None else "-"
    cached = "（沿用）" if result.cached else ""
    return visible(f"[{done}/{total}] {LABELS[v.status]} {code} {result.url} {v.reason}{cached}")


@contextmanager
def reporter(total: int) -> Iterator[Callable[[Result], None]]:
    """A callback to call once per finished URL."""
    if not use_bar():
        done = 0

        def line(result: Result) -> None:
            nonlocal done
            done += 1
            print(plain_line(done, total, result), file=sys.stderr, flush=True)

        yield line
        return
    columns = (TextColumn("检查链接"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("check", total=total)
        yield lambda result: bar.advance(task)
