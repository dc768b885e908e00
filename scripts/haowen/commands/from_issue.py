"""把“推荐文章”表单提交的议题正文用 haowen add 收录（供 GitHub 工作流调用）"""

from __future__ import annotations

import argparse
import io
import re
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import TextIO

from haowen.commands import add
from haowen.io.store import atomic_write, read_bounded
from haowen.text.safe import github_text, shorten

# The form's questions (export/schema.py issue_form) by the start of their label, and the add option each fills.
QUESTIONS = {"链接": "url", "标题": "title", "分类": "category", "推荐理由": "note"}
NO_ANSWER = "_No response_"  # what GitHub writes for an optional question left empty
_SECTION = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.M)
_CATEGORY_ID = re.compile(r"\(([a-z0-9-]+)\)\s*$")
_BACKTICKS = re.compile(r"`+")
MAX_REPLY = 20_000  # characters of output quoted in the reply (GitHub takes at most 65,536)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("body", type=Path, metavar="BODY", help="议题正文所在的文件（GitHub 表单生成的 Markdown）")
    p.add_argument("--issue", type=int, metavar="N", help="议题编号：收录成功时回复里写 Closes #N")
    p.add_argument("--reply", type=Path, metavar="FILE",
                   help="把要发到 GitHub 的回复写进这个文件（Markdown）：收录成功时是拉取请求正文，否则是议题评论")


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


class _Tee(io.StringIO):
    """A StringIO that also writes through to `stream` (the output stays on the terminal and in the log)."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(text)
        return super().write(text)


def fenced(text: str) -> list[str]:
    """`text` as a Markdown code block no line of it can close, with no mention or reference in it."""
    text = github_text(shorten(text.strip(), MAX_REPLY))
    fence = "`" * max([3, *(len(run) + 1 for run in _BACKTICKS.findall(text))])
    return [fence, *text.splitlines(), fence]


def reply(code: int, out: str, err: str, issue: int | None) -> str:
    """What the bot posts: the pull request's body when the link was added, else the comment on what to fix."""
    if code == 0:
        closes = [f"Closes #{issue}", ""] if issue is not None else []
        return "\n".join([*closes, *fenced(out), ""])
    return "\n".join(["没能自动收录，原因如下（改好后编辑这个议题即可重试）：", "", *fenced(err or out), ""])


def _add(args: argparse.Namespace) -> int:
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
    try:
        return add.run(parser.parse_args(["--catalog", str(args.catalog), *add_argv(found)]))
    except SystemExit as exc:  # the catalogue could not be read: its problems are printed
        return exc.code if isinstance(exc.code, int) else 1


def run(args: argparse.Namespace) -> int:
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    with redirect_stdout(out), redirect_stderr(err):
        code = _add(args)
    if args.reply:
        atomic_write(args.reply, reply(code, out.getvalue(), err.getvalue(), args.issue))
    return code
