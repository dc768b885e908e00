"""`haowen`: one command, one subcommand per tool, all on the same catalogue model."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

from haowen.catalog.load import DEFAULT_CATALOG
from haowen.io.store import FileError

# Each module in haowen.commands has `add_arguments(parser)`, `run(args) -> int` and a docstring
# whose first line is the subcommand's help.
COMMANDS = {
    "validate": "validate",
    "import": "import_",
    "export": "export",
    "check": "check",
    "fmt": "fmt",
    "add": "add",
    "schema": "schema",
    "suggest": "suggest",
    "review": "review",
    "from-issue": "from_issue",
}


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"haowen.commands.{COMMANDS[name]}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The `haowen` parser; with `only`, just that subcommand, so only its module is imported."""
    parser = argparse.ArgumentParser(prog="haowen", description="好文目录的维护工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS if only is None else [only]:
        module = _module(name)
        doc = (module.__doc__ or "").strip().splitlines()[0]
        p = sub.add_parser(name, help=doc, description=doc)
        p.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG, metavar="PATH",
                       help="links.yaml 的路径（分类和标签文件在它旁边），默认 data/links.yaml")
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # `haowen validate …` needs only the validate module: importing every command costs ~0.2 s.
    args = build_parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except FileError as exc:
        print(exc, file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("已中断：数据文件保持原样", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:
    """The `haowen` command: main(), then leave without freeing the catalogue object by object.

    At 100k links Python's teardown spends ~0.3 s releasing what the command loaded; every file
    the command writes is already complete (atomic writes, fsync), so once the output is flushed
    the process can end at once (mypy ends its CLI the same way).
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # a reader that stopped early (`| head`) is not an error
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
