"""检查数据文件：格式、分类、标签、重复、日期，一次列出全部问题"""

from __future__ import annotations

import argparse

from ..problems import format_all
from ..validate import validate


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "github"), default="text",
                   help="github：输出 GitHub Actions 注释，问题会标在改动的行上")


def run(args: argparse.Namespace) -> int:
    catalog, problems = validate(args.catalog)
    if problems:
        print(format_all(problems, args.format))
        print(f"发现 {len(problems)} 个问题", flush=True)
        return 1
    print(f"数据无误：{len(catalog.entries)} 条链接，{len(catalog.categories)} 个分类，{len(catalog.tags)} 个标签")
    return 0
