"""Reports treat fetched text as data: nothing in a URL or reason can become markup."""

from __future__ import annotations

import datetime as dt
import json
import re

from haowen.catalog.status import Archive
from haowen.linkcheck.archive import snapshot_url
from haowen.linkcheck.report import md_escape, render
from haowen.linkcheck.run import Result
from haowen.linkcheck.verdict import Verdict

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
EVIL = "https://evil.example/a|b](javascript:alert(1))<script>"
RESULTS = [
    Result("https://ok.example/a", "ok.example", Verdict("alive", 200, "正常")),
    Result("https://mp.weixin.qq.com/s/x", "mp.weixin.qq.com", Verdict("dead", 302, f"文章被重定向到登录页：{EVIL}"),
           confirmed_dead=True, archive_url=EVIL),
    Result("https://zhuanlan.zhihu.com/p/1", "zhuanlan.zhihu.com", Verdict("blocked", 403, "[bold]HTTP 403[/bold]")),
]


def test_markdown_escapes_untrusted_text() -> None:
    text = render(RESULTS, "markdown", NOW)
    row = next(line for line in text.splitlines() if "登录页" in line)
    assert row.count(" | ") == 4  # five cells: no injected column
    assert not re.search(r"(?<!\\)<script", text) and not re.search(r"(?<!\\)\]\(javascript", text)
    assert "\\<script\\>" in row
    assert "已确认失效" in row


def test_md_escape() -> None:
    assert md_escape("a|b [c] <d>\nnext") == "a\\|b \\[c\\] \\<d\\> next"


def test_text_report_does_not_interpret_rich_markup() -> None:
    text = render(RESULTS, "text", NOW)
    assert "[bold]HTTP 403[/bold]" in text
    assert "按状态汇总" in text and "按主机汇总" in text


def test_json_report_has_summary_per_status_and_host() -> None:
    data = json.loads(render(RESULTS, "json", NOW))
    assert data["summary"] == {"alive": 1, "dead": 1, "blocked": 1, "unknown": 0}
    assert data["hosts"]["zhuanlan.zhihu.com"]["blocked"] == 1
    assert data["links"][1]["confirmed_dead"] is True


def test_archive_answer_only_yields_http_snapshots() -> None:
    good = {"archived_snapshots": {"closest": {"available": True, "url": "http://web.archive.org/web/1/x"}}}
    assert snapshot_url(good, Archive()) == "https://web.archive.org/web/1/x"
    bad = {"archived_snapshots": {"closest": {"available": True, "url": "javascript:alert(1)"}}}
    assert snapshot_url(bad, Archive()) is None
    assert snapshot_url({"archived_snapshots": {}}, Archive()) is None
    assert snapshot_url(["not", "a", "dict"], Archive()) is None
