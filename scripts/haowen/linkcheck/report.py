"""The run's report as text (rich tables), JSON or Markdown; fetched text is always escaped, never markup.

The Markdown report is posted as a GitHub issue body, so it stays below GitHub's 65,536-character limit:
counts per status and host, then the links that need attention (dead first) for as long as they fit,
and “…另有 N 条” for the rest; `render_markdown(..., limit=None)` lists every link (`--full-report`).
Every text in it is passed through `github_text`: a scraped `@name` or `#123` never notifies anyone.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

from rich.console import Console
from rich.table import Table
from rich.text import Text

from haowen.catalog.urls import display, host
from haowen.linkcheck.plan import Plan
from haowen.linkcheck.progress import LABELS
from haowen.linkcheck.run import Result
from haowen.linkcheck.state import LinkState
from haowen.linkcheck.verdict import STATUSES
from haowen.text.safe import BoundedLines, github_text, visible

_MD_SPECIAL = re.compile(r"([\\`*|\[\]<>])")


def md_escape(text: str) -> str:
    """`text` as literal Markdown table-cell text for GitHub: specials backslash-escaped, one line, no mention."""
    return github_text(_MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split())))


def md_link(url: str) -> str:
    """A Markdown link to `url` that no character of the URL can break out of."""
    href = quote(url, safe=":/?&=%#;@+,~.-_!$'*")
    return f"[{md_escape(display(url))}]({href})"


def by_status(results: list[Result]) -> Counter[str]:
    return Counter(r.verdict.status for r in results)


def by_host(results: list[Result]) -> dict[str, Counter[str]]:
    """Status counts per host, hosts sorted by how many links they have."""
    hosts: dict[str, Counter[str]] = {}
    for r in results:
        hosts.setdefault(r.host, Counter())[r.verdict.status] += 1
    return dict(sorted(hosts.items(), key=lambda kv: (-kv[1].total(), kv[0])))


def problems(results: list[Result]) -> list[Result]:
    """Every result that is not alive: dead first, then unknown, then blocked (expected of some hosts)."""
    order = {s: i for i, s in enumerate(("dead", "unknown", "blocked"))}
    return sorted((r for r in results if r.verdict.status != "alive"),
                  key=lambda r: (order[r.verdict.status], r.host, r.url))


def _dead_note(r: Result) -> str:
    if r.verdict.status != "dead":
        return ""
    return "已确认失效" if r.confirmed_dead else "首次发现，隔天再确认"


@dataclass(frozen=True)
class Coverage:
    """How far the rolling check has got: this run's share, the oldest check, the hosts behind."""

    checked: int  # links fetched by this run
    total: int  # links in the catalogue (not excluded)
    never: int  # links never checked, after this run
    oldest_days: int | None  # age of the oldest check, after this run
    cycle_days: float
    behind: dict[str, int]  # host → links never checked or not checked within the cycle
    late: list[tuple[str, float, float]]  # hosts whose pacing cannot meet the cycle: (host, need, budget) seconds

    @classmethod
    def of(cls, results: list[Result], urls: list[str], states: dict[str, LinkState], now: dt.datetime,
           cycle_days: float, plan: Plan | None = None) -> Coverage:
        cycle = dt.timedelta(days=cycle_days)
        ages = [now - states[u].last_checked for u in urls if u in states]
        behind = Counter(host(u) for u in urls if u not in states or now - states[u].last_checked > cycle)
        late = [(p.host, p.cycle_need, plan.budget) for p in plan.late_hosts()] if plan else []
        return cls(sum(not r.cached for r in results), len(urls), len(urls) - len(ages),
                   max(ages).days if ages else None, cycle_days, dict(behind.most_common()), late)

    def lines(self) -> list[str]:
        """The coverage in sentences, for people."""
        oldest = f"，最久未检查 {self.oldest_days} 天" if self.oldest_days is not None else ""
        never = f"，从未检查 {self.never:,} 条" if self.never else ""
        out = [f"本次检查 {self.checked:,} / {self.total:,}{oldest}{never}"]
        if self.behind:
            hosts = "、".join(f"{h}（{n:,} 条）" for h, n in list(self.behind.items())[:10])
            out.append(f"超过 {self.cycle_days:g} 天未检查的主机：{hosts}")
        for name, need, budget in self.late:
            out.append(f"按当前节奏 {name} 每次需要 {need / 60:,.0f} 分钟才能在 {self.cycle_days:g} 天内查完，"
                       f"预算只有 {budget / 60:,.0f} 分钟：请加大预算、增加每天的次数或放宽周期")
        return out

    def as_json(self) -> dict[str, object]:
        return {"checked": self.checked, "total": self.total, "never_checked": self.never,
                "oldest_days": self.oldest_days, "cycle_days": self.cycle_days, "hosts_behind": self.behind,
                "hosts_late": [{"host": h, "need_seconds": round(n), "budget_seconds": round(b)}
                               for h, n, b in self.late]}


def summary_tables(results: list[Result]) -> list[Table]:
    """Rich tables: counts per status, then per host."""
    counts = by_status(results)
    totals = Table(title="按状态汇总")
    totals.add_column("状态")
    totals.add_column("数量", justify="right")
    for s in STATUSES:
        totals.add_row(LABELS[s], str(counts[s]))
    hosts = Table(title="按主机汇总")
    hosts.add_column("主机")
    for s in STATUSES:
        hosts.add_column(LABELS[s], justify="right")
    for name, c in by_host(results).items():
        hosts.add_row(Text(visible(name)), *(str(c[s]) for s in STATUSES))
    return [totals, hosts]


def render_text(results: list[Result], width: int = 120, coverage: Coverage | None = None) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, highlight=False)
    for line in coverage.lines() if coverage else []:
        console.print(Text(line))
    for table in summary_tables(results):
        console.print(table)
    for r in problems(results):
        code = r.verdict.code if r.verdict.code is not None else "-"
        note = " ".join(x for x in (_dead_note(r), r.archive_url and f"存档 {r.archive_url}") if x)
        console.print(Text(visible(f"{LABELS[r.verdict.status]} {code} {r.url} {r.verdict.reason} {note}".rstrip())))
    return buf.getvalue()


def render_json(results: list[Result], now: dt.datetime, coverage: Coverage | None = None) -> str:
    data = {
        "checked_at": now.isoformat(),
        **({"coverage": coverage.as_json()} if coverage else {}),
        "summary": {s: by_status(results)[s] for s in STATUSES},
        "hosts": {h: {s: c[s] for s in STATUSES} for h, c in by_host(results).items()},
        "links": [{"url": r.url, "host": r.host, "status": r.verdict.status, "code": r.verdict.code,
                   "reason": r.verdict.reason, "cached": r.cached, "confirmed_dead": r.confirmed_dead,
                   "archive_url": r.archive_url} for r in results],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


MAX_MARKDOWN = 60_000  # GitHub refuses an issue body over 65,536 characters; room is left for a line or two more
MAX_HOSTS = 30  # rows of the per-host table in the capped report


def _left_out(n: int, unit: str) -> str:
    return f"…另有 {n:,} {unit}未列出（完整列表见 `haowen check --full-report` 写出的文件）"


def _link_row(r: Result) -> str:
    status = LABELS[r.verdict.status] + (f"（{_dead_note(r)}）" if _dead_note(r) else "")
    code = r.verdict.code if r.verdict.code is not None else "-"
    return (f"| {status} | {code} | {md_link(r.url)} | {md_escape(r.verdict.reason)} | "
            f"{md_link(r.archive_url) if r.archive_url else ''} |")


def render_markdown(results: list[Result], now: dt.datetime, coverage: Coverage | None = None,
                    limit: int | None = MAX_MARKDOWN) -> str:
    """The Markdown report, at most `limit` characters (UTF-16 code units); every link when `limit` is None."""
    counts = by_status(results)
    page = BoundedLines(limit)
    page.add("# 失效链接报告", "", f"检查时间：{now:%Y-%m-%d %H:%M} UTC，共 {len(results):,} 条链接。", "")
    if coverage:
        page.rows([f"- {md_escape(line)}" for line in coverage.lines()], None, lambda n: _left_out(n, "行"))
        page.add("")
    page.add("被拦截（知乎 403、微信验证页等）不代表失效；失效需隔天再次检查才算确认。", "",
             "| 状态 | 数量 |", "| --- | ---: |", *(f"| {LABELS[s]} | {counts[s]:,} |" for s in STATUSES))
    page.add("", "## 按主机", "", "| 主机 | " + " | ".join(LABELS[s] for s in STATUSES) + " |",
             "| --- |" + " ---: |" * len(STATUSES))
    hosts = [f"| {md_escape(h)} | " + " | ".join(f"{c[s]:,}" for s in STATUSES) + " |"
             for h, c in by_host(results).items()]
    page.rows(hosts, MAX_HOSTS if limit is not None else None, lambda n: _left_out(n, "个主机"))
    bad = problems(results)
    if bad:
        page.add("", "## 需要关注的链接", "", "| 状态 | 代码 | 链接 | 原因 | 存档 |", "| --- | --- | --- | --- | --- |")
        page.rows([_link_row(r) for r in bad], None, lambda n: _left_out(n, "条链接"))
    return page.text()


def render(results: list[Result], fmt: str, now: dt.datetime, coverage: Coverage | None = None) -> str:
    """The report in `fmt` (text, json or markdown), with the rolling check's coverage when given."""
    if fmt == "json":
        return render_json(results, now, coverage)
    if fmt == "markdown":
        return render_markdown(results, now, coverage)
    return render_text(results, coverage=coverage)
