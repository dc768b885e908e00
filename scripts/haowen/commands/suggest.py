"""建议分类和标签；--evaluate 交叉验证准确率；--lint 检查新改条目的归类"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from haowen.catalog.load import Catalog, load_links, load_or_exit
from haowen.catalog.model import Link
from haowen.io.store import FileError
from haowen.io.yamldoc import parse
from haowen.io.yamlsafe import YamlError
from haowen.text.safe import visible


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("title", nargs="?", metavar="TITLE", help="要归类的标题")
    p.add_argument("--note", default="", help="备注或简介")
    p.add_argument("--url", default="", help="链接（网站也是线索）")
    p.add_argument("--heading", action="append", default=[], help="所在列表的标题（可重复，由外到内）")
    p.add_argument("--evaluate", action="store_true", help="在目录上交叉验证，报告准确率和待复核比例")
    p.add_argument("--folds", type=int, default=5, help="交叉验证的折数（默认 5）")
    p.add_argument("--lint", action="store_true", help="检查相对 --base 新增或改动的条目，归类存疑时提示")
    p.add_argument("--base", type=Path, help="--lint 比较的旧 links.yaml（默认全部条目都检查）")
    p.add_argument("--format", choices=["text", "github"], default="text", help="--lint 的输出格式")


def _need_model() -> bool:
    from haowen.suggest.engine import FALLBACK_NOTE, learned_available
    if not learned_available():
        print(FALLBACK_NOTE, file=sys.stderr)
    return learned_available()


def _evaluate(catalog: Catalog, folds: int) -> int:
    from haowen.suggest.evaluate import cross_validate, table
    results = {"学习模型": cross_validate(catalog, folds)} if _need_model() else {}
    results["关键词规则"] = cross_validate(catalog, folds, learned=False)
    print(f"{len(catalog.links)} 条，{folds} 折交叉验证：")
    print(table(results))
    return 0


def _base_links(path: Path) -> list[Link]:
    try:
        return [e.link for e in load_links(parse(path), [])]
    except FileError:
        raise
    except (OSError, YamlError) as exc:
        raise FileError(path, f"无法读取旧目录（{exc}）：--base 应是一个 links.yaml") from None


def _lint(catalog: Catalog, args: argparse.Namespace) -> int:
    if not _need_model():
        return 0
    from haowen.suggest.lint import changed, disputes, warning
    entries = changed(catalog, _base_links(args.base)) if args.base else list(catalog.entries)
    for p in disputes(catalog, entries):
        print(warning(p) if args.format == "github" else p.text())
    return 0  # a hint, never a failure


def _one(catalog: Catalog, args: argparse.Namespace) -> int:
    from haowen.suggest.engine import Context, engine
    _need_model()
    s = engine(catalog).suggest(Context(args.title, args.note, args.url, args.heading))
    for r in s.categories[:3]:
        path = " / ".join(c.title for c in catalog.category_path(r.id))
        print(f"{r.id}（{visible(path)}）{r.score:.0%}")
    print("标签：" + visible(", ".join(s.tag_ids) or "（无）"))
    if s.review:
        print("把握不足：导入时会标 review: true，请用 haowen review 复核")
    return 0


def run(args: argparse.Namespace) -> int:
    catalog = load_or_exit(args.catalog)
    if args.evaluate:
        return _evaluate(catalog, args.folds)
    if args.lint:
        return _lint(catalog, args)
    if not args.title:
        print("请给出标题，或用 --evaluate / --lint", file=sys.stderr)
        return 2
    return _one(catalog, args)
