"""导出整个目录：json（公开格式，与网站上的 links.json 相同）"""

from __future__ import annotations

import argparse
import sys

from ..catalog import load_or_exit
from ..export_json import dumps

FORMATS = {"json": dumps}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("format", choices=sorted(FORMATS), help="导出格式")


def run(args: argparse.Namespace) -> int:
    catalog = load_or_exit(args.catalog)
    sys.stdout.write(FORMATS[args.format](catalog))
    return 0
