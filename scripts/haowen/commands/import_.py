"""从 awesome-list 风格的 Markdown 导入链接（只添加目录里还没有的文章）"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

from haowen.catalog.clock import china_today
from haowen.catalog.load import Catalog, load_or_exit
from haowen.catalog.model import Link
from haowen.editing.layout import LayoutError, insert_entries
from haowen.editing.revise import revise
from haowen.importing.merge import Report, RulesError, SourceError, Sources, collect, load_rules
from haowen.importing.own import parse_repo
from haowen.io.problems import Problem, shown_path
from haowen.suggest.engine import FALLBACK_NOTE, engine
from haowen.text.safe import visible
from haowen.validation.policies import Tally, policy_problems, tally


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="Markdown 文件")
    p.add_argument("--base-url", help="解析相对链接用的基准地址；是仓库或它的网站（OWNER.github.io/REPO）时，那个仓库就是列表自身的仓库")
    p.add_argument("--own-repo", metavar="OWNER/NAME",
                   help="列表自身的仓库（GitHub 的 owner/name，或 gitee.com/owner/name）：指向它的文件、发布和网站的链接不导入；"
                        "不给时取自 --base-url，或从链接推断")
    p.add_argument("--keep-own", action="store_true", help="指向列表自身仓库的链接也导入")
    p.add_argument("--source", help="记在 sources 里的来源名，默认用文件名")
    p.add_argument("--added", type=dt.date.fromisoformat, help="没有日期标题时的收录日期，默认今天")
    p.add_argument("--dry-run", action="store_true", help="只报告，不写文件")


SHOWN = 3  # skipped links listed per reason; the rest are counted


def print_report(report: Report) -> None:
    skipped = sum(len(v) for v in report.skipped.values())
    print(f"找到 {report.found} 个链接：新增 {report.added}，合并重复 {report.merged}，"
          f"目录中已有 {report.present}，跳过 {skipped}")
    for line in report.own:
        print(f"  {visible(line)}")
    for line in report.mirrors:
        print(f"  已有（镜像）{line}")
    for reason, places in sorted(report.skipped.items(), key=lambda kv: -len(kv[1])):
        print(f"  跳过 {len(places)} 个：{visible(reason)}")
        for where in places[:SHOWN]:
            print(f"    {visible(where)}")
        if len(places) > SHOWN:
            print(f"    ……另有 {len(places) - SHOWN} 个")
    if report.review:
        print(f"归类把握不足、已标 review 的 {len(report.review)} 条（用 haowen review 逐条复核）：")
    for line in report.review.values():
        print(f"  待复核 {visible(line)}")
    for tag, n in report.unknown_tags.most_common():
        print(f"  未声明的标签 #{visible(tag)}（{n} 次）已忽略：要保留请先在 tags.yaml 里声明")


def run(args: argparse.Namespace) -> int:
    catalog = load_or_exit(args.catalog)
    try:
        rules = load_rules(catalog)
    except RulesError as exc:
        for p in exc.problems:
            print(p.text(), file=sys.stderr)
        raise SystemExit(1) from None
    if args.own_repo and parse_repo(args.own_repo) is None:
        print(f"--own-repo “{args.own_repo}” 不是仓库：请写 owner/name（GitHub）或 gitee.com/owner/name", file=sys.stderr)
        return 2
    sources = Sources(args.files, args.base_url, args.source, args.added or china_today(), args.own_repo,
                      args.keep_own)
    reports: list[Report] = []
    suggester = engine(catalog)
    if not suggester.learned:
        print(FALLBACK_NOTE, file=sys.stderr)

    made: list[tuple[Catalog, list[Link]]] = []

    def change(current: Catalog, text: str) -> str:
        """Insert what is new to `current` (made again, with a new report, if the file changes meanwhile)."""
        reports.append(Report())
        new = collect(current, suggester, rules, sources, reports[-1])
        made.append((current, new))
        return text if args.dry_run else insert_entries(text, new, current)

    try:
        text = change(catalog, catalog.text or "")
        if text != catalog.text and revise(catalog, change, text) is None:
            return 1
    except LayoutError as exc:
        print(f"{shown_path(args.catalog)}: {exc}", file=sys.stderr)
        return 1
    except SourceError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(1) from None
    print_report(reports[-1])
    print_policies(*made[-1])
    return 0


def _rule(p: Problem) -> tuple[str, int, int, str]:
    """Which rule a policy warning is about, whatever the counts in it."""
    return p.path, p.line, p.col, re.sub(r"\d+(?:\.\d+)?", "#", p.message)


def print_policies(catalog: Catalog, new: list[Link]) -> None:
    """The editorial rules (data/policies.yaml) the new entries make the catalogue break, and what to do."""
    before = tally(catalog)
    added = Tally(len(new), Counter(k.category for k in new), Counter(catalog.resolve_tag(t) or t for k in new for t in k.tags),
                  Counter(k.category for k in new if k.pick))
    old = {_rule(p) for p in policy_problems(catalog, before)}
    broken = [p for p in policy_problems(catalog, before + added) if _rule(p) not in old]
    if not broken:
        return
    print(f"导入后目录不再满足 {len(broken)} 条编辑规则（haowen validate 只作提醒，不算失败）：")
    for p in broken:
        print(f"  {p.text()}")
    print("  可以把占比过高的分类拆开，或给它加子分类（data/taxonomy.yaml），再用 haowen review 或编辑 links.yaml "
          "把条目移过去；规则本身在 data/policies.yaml")
