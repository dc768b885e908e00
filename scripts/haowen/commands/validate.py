"""检查数据文件（data/ 下的每一个，含 check.yaml、import.yaml 和状态文件）：格式、分类、标签、重复、日期，一次列出全部问题（编辑规则只作提醒，不算失败）"""

from __future__ import annotations

import argparse

from haowen.io.problems import format_all
from haowen.linkcheck.config import CONFIG_FILE, config_problems
from haowen.validation.parallel import summarize


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "github"), default="text",
                   help="github：输出 GitHub Actions 注释，问题会标在改动的行上")


def run(args: argparse.Namespace) -> int:
    found = summarize(args.catalog)
    problems = sorted({*found.problems, *config_problems(args.catalog.parent / CONFIG_FILE)})
    errors = [p for p in problems if not p.warning]
    if problems:
        print(format_all(problems, args.format))
    if errors:
        print(f"发现 {len(errors)} 个问题", flush=True)
        return 1
    warned = len(problems)
    print(f"数据无误：{found.links} 条链接，{found.categories} 个分类，{found.tags} 个标签"
          + (f"；{warned} 条编辑规则提醒（data/policies.yaml，不算错误）" if warned else ""))
    return 0
