"""把“推荐文章”表单提交的议题正文用 haowen add 收录（供 GitHub 工作流调用）"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from haowen.commands import add
from haowen.io.store import read_bounded

# The form's questions (export/schema.py issue_form) by the start of their label, and the add option each fills.
QUESTIONS = {"链接": "url", "标题": "title", "分类": "category", "推荐理由": "note"}
NO_ANSWER = "_No response_"  # what GitHub writes for an optional question left empty
_SECTION = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.M)
_CATEGORY_ID = re.compile(r"\(([a-z0-9-]+)\)\s*$")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("body", type=Path, metavar="BODY", help="议题正文所在的文件（GitHub 表单生成的 Markdown）")


def answers(body: str) -> dict[str, str]:
    """The form's answers by field (url, title, category, note); empty answers left out."""
    parts = _SECTION.split(body.replace("\r\n", "\n"))
    out: dict[str, str] = {}
    for label, text in zip(parts[1::2], parts[2::2]):
        field = next((f for start, f in QUESTIONS.items() if label.startswith(start)), None)
        value = " ".join(line.strip() for line in text.strip().splitlines() if line.strip())
        if field and value and value != NO_ANSWER:
            out[field] = value
    if "category" in out:
        m = _CATEGORY_ID.search(out.pop("category"))  # "… / Attention (attention)"; 不确定 has no id
        if m:
            out["category"] = m.group(1)
    return out


def add_argv(found: dict[str, str]) -> list[str]:
    """The `haowen add` arguments for the answers (the URL last, after `--`, so it is never read as an option)."""
    argv: list[str] = []
    for field in ("title", "category", "note"):
        if field in found:
            argv.append(f"--{field}={found[field]}")
    return [*argv, "--", found.get("url", "")]


def run(args: argparse.Namespace) -> int:
    try:
        body = read_bounded(args.body).decode("utf-8", errors="replace")
    except OSError as exc:
        print(f"{args.body}: 无法读取（{exc}）", file=sys.stderr)
        return 2
    found = answers(body)
    if not found.get("url"):
        print("表单里没有填链接：请在“链接 / URL”一栏填写文章地址", file=sys.stderr)
        return 1
    parser = argparse.ArgumentParser(prog="haowen add")
    parser.add_argument("--catalog", type=Path, default=args.catalog)
    add.add_arguments(parser)
    return add.run(parser.parse_args(["--catalog", str(args.catalog), *add_argv(found)]))
