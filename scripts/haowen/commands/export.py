"""导出整个目录：json（公开格式，与网站上的 links.json 相同）、markdown（按分类的单页列表）"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from haowen.catalog.load import load_or_exit
from haowen.export.json_doc import dumps
from haowen.export.markdown_list import MarkersMissing, render, replace_block
from haowen.io.store import atomic_write

FORMATS = {"json": dumps, "markdown": render}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("format", choices=sorted(FORMATS), help="导出格式")
    p.add_argument("--readme", type=Path, metavar="FILE",
                   help="markdown：写进 FILE 的 <!-- haowen:list:start/end --> 标记之间，而不是输出到终端")


def run(args: argparse.Namespace) -> int:
    catalog = load_or_exit(args.catalog)
    text = FORMATS[args.format](catalog)
    if args.readme is None:
        sys.stdout.write(text)
        return 0
    if args.format != "markdown":
        print("--readme 只用于 markdown 格式", file=sys.stderr)
        return 2
    return _write_readme(args.readme, text)


def _write_readme(path: Path, block: str) -> int:
    """Replace the list in `path` between the markers; 1 with a message if they are missing."""
    try:
        old = path.read_text(encoding="utf-8")
        new = replace_block(old, block)
    except (OSError, MarkersMissing) as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 1
    if new != old:
        atomic_write(path, new)
    print(f"{path}: 列表{'已更新' if new != old else '已是最新'}", file=sys.stderr)
    return 0
