"""Reports treat fetched text as data: nothing in a URL or reason can become markup."""

from __future__ import annotations

import datetime as dt
import json
import re

from haowen.linkcheck.archive import snapshot_url
from haowen.linkcheck.report import MAX_MARKDOWN, md_escape, render, render_markdown
from haowen.linkcheck.run import Result
from haowen.linkcheck.verdict import Verdict
from haowen.text.safe import github_length

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
    assert snapshot_url(good) == "https://web.archive.org/web/1/x"
    bad = {"archived_snapshots": {"closest": {"available": True, "url": "javascript:alert(1)"}}}
    assert snapshot_url(bad) is None
    assert snapshot_url({"archived_snapshots": {}}) is None
    assert snapshot_url(["not", "a", "dict"]) is None


def _many(blocked: int, dead: int) -> list[Result]:
    """A large run: `blocked` zhihu links behind 403 and `dead` links on many hosts, with long reasons."""
    reason = "文章被重定向到登录页：" + "x" * 80
    return ([Result(f"https://zhuanlan.zhihu.com/p/{i}", "zhuanlan.zhihu.com", Verdict("blocked", 403, "HTTP 403"))
             for i in range(blocked)]
            + [Result(f"https://site{i % 90}.example/article/{i}", f"site{i % 90}.example", Verdict("dead", 404, reason),
                      confirmed_dead=True) for i in range(dead)])


def test_markdown_report_fits_an_issue_body_and_names_the_counts() -> None:
    results = _many(5000, 500)
    text = render(results, "markdown", NOW)
    assert github_length(text) <= MAX_MARKDOWN < 65_536
    assert "| 被拦截 | 5,000 |" in text and "| 失效 | 500 |" in text
    listed = text.count("| 失效（已确认失效） | 404 |")
    assert 0 < listed < 500 and "zhuanlan.zhihu.com/p/" not in text  # dead links first, as many as fit
    assert f"…另有 {5500 - listed:,} 条链接未列出" in text
    assert "…另有 61 个主机未列出" in text  # 91 hosts, 30 rows
    full = render_markdown(results, NOW, limit=None)
    assert full.count("| 失效（已确认失效） | 404 |") == 500 and full.count("](https://zhuanlan.zhihu.com/p/") == 5000
    assert "另有" not in full


def test_astral_characters_count_double_toward_the_cap() -> None:
    results = [Result(f"https://emoji.example/{i}", "emoji.example", Verdict("dead", 404, "😀" * 200))
               for i in range(400)]
    text = render_markdown(results, NOW)
    assert github_length(text) <= MAX_MARKDOWN and len(text.encode("utf-16-le")) // 2 <= MAX_MARKDOWN


def test_markdown_report_mentions_nobody() -> None:
    results = [Result("https://medium.com/@octocat/post-1", "medium.com",
                      Verdict("dead", 301, "重定向到 https://github.com/@octocat 见 owner/repo#12 与 GH-3"))]
    text = render(results, "markdown", NOW)
    assert not re.search(r"@\w|#\d|\bGH-\d", text.replace("(https://medium.com/@octocat/post-1)", ""))
    assert "(https://medium.com/@octocat/post-1)" in text  # the link itself still leads to the page
