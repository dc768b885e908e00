"""Hostile pages (issue 22, items 1, 3, 6): markup built to make a parser slow or crash ends in a right
verdict within the budget, a title, or "no metadata"; never a frozen event loop, a lost verdict or a traceback.

Real HTTPS servers on 127.0.0.1, real `haowen check`, `add` and `from-issue` runs (some as child processes
sent SIGTERM).  The readers of fetched pages are also fed arbitrary bytes (a property test).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from haowen.cli import main
from haowen.linkcheck.run import check_urls
from haowen.linkcheck.verdict import visible_text
from haowen.web.pagemeta import PageMeta, Rules, page_meta
from haowen.web.pagetext import decode
from haowen.web.title import title_from_html
from pagesite import serve_pages
from test_check_support import Handler, LocalServer, https_site, quick_config, write_config

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ARTICLE = "<title>长文</title><p>" + "正文。" * 50 + "</p>"
HOSTILE = {  # each over 240 KB: the old regex and html.parser took minutes on these
    "/comments": ARTICLE + "<!--" * 70_000,
    "/script": ARTICLE + "<script" * 40_000,
    "/title": ARTICLE + "<title" * 40_000,
    "/anchors": ARTICLE + "<a>" * 120_000,  # 360 KB of open elements for the metadata reader
}
MARKED = "<html><head><![ x ]><title>标记段落也能读 - 知乎</title></head><body><![ x ]></body></html>"


class HostileHandler(Handler):
    def do_GET(self) -> None:
        srv: LocalServer = self.server.owner  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        srv.enter(path)
        try:
            self.send(200, HOSTILE.get("/" + path.strip("/").split("/")[0], ARTICLE))
        finally:
            srv.leave()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    yield from https_site(HostileHandler, tmp_path, monkeypatch)


def _config(**limits: object):
    return quick_config(max_body_bytes=1_048_576, timeout=10.0, retries=0, **limits)


def test_hostile_pages_get_their_verdict_within_the_budget(site: LocalServer) -> None:
    urls = [site.url(p, "https") for p in HOSTILE]
    results = asyncio.run(check_urls(urls, _config(), {}, NOW, lambda r: None, budget=20.0))
    assert [(r.url, r.verdict.status, r.verdict.reason) for r in results] == [(u, "alive", "正常") for u in urls]


def test_a_page_too_costly_for_metadata_keeps_its_verdict(site: LocalServer) -> None:
    urls = [site.url("/anchors", "https"), site.url("/comments", "https")]
    results = asyncio.run(check_urls(urls, _config(), {}, NOW, lambda r: None, budget=20.0, wants_meta=set(urls)))
    assert [(r.verdict.status, r.meta) for r in results] == [("alive", PageMeta()), ("alive", PageMeta())]


def test_metadata_reader_is_linear_in_open_elements() -> None:
    """Microdata inside 100,000 unclosed elements is still read (the old reader scanned the stack per tag)."""
    deep = ('<div itemscope itemtype="https://schema.org/Article">' + "<div>" * 100_000
            + '<span itemprop="author">深处的作者</span><time itemprop="datePublished" datetime="2024-03-05"></time>')
    meta = page_meta(deep, Rules(today=dt.date(2026, 1, 1)))
    assert meta.author and meta.author.value == "深处的作者"
    assert meta.published and meta.published.value == "2024-03-05"


def test_visible_text_skips_hidden_blocks_and_stops_at_its_limit() -> None:
    page = "<title>T</title><script>var a = '<p>x</p>';</script><!-- c --><p>看得见 &amp; 读得到</p><style>p{}</style>"
    assert visible_text(page) == "看得见 & 读得到"
    assert visible_text("<!--" * 70_000 + "<p>x</p>") == ""
    long = visible_text("<p>" + "字" * 100_000 + "</p>" * 50_000, limit=3000)
    assert 3000 < len(long) < 100_000


def test_sigterm_ends_a_check_of_hostile_pages_promptly_and_saves(site: LocalServer, tmp_path: Path,
                                                                 data_copy: Path) -> None:
    urls = [site.url(f"{path}/{n}", "https") for n in range(10) for path in HOSTILE]
    data_copy.write_text("".join(f"- url: {u}\n  title: 敌意页面 {n}\n  category: basics\n  added: 2025-12-01\n\n"
                                 for n, u in enumerate(urls)), encoding="utf-8")
    config = write_config(_config(host_concurrency=1, ttl_hours=0), tmp_path / "check.yaml")
    proc = subprocess.Popen([sys.executable, "-m", "haowen", "check", "--catalog", str(data_copy), "--config",
                             str(config), "--propose-metadata"], env={**os.environ, "HAOWEN_NOW": NOW.isoformat()},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not site.counts:
            assert proc.poll() is None and time.monotonic() < deadline, "the check made no progress"
            time.sleep(0.02)
        time.sleep(1.0)  # the first page is being read (the old regex took over a minute on it)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)  # the old regex held the loop for minutes
    finally:
        proc.kill()
    assert proc.returncode == 143, err
    saved = json.loads((data_copy.parent / "link-status.json").read_text(encoding="utf-8"))["links"]
    assert saved and {s["status"] for s in saved.values()} == {"alive"} and "已保存" in err


def test_add_and_from_issue_read_a_title_past_a_marked_section(data_copy: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    with serve_pages({"/marked": (200, MARKED), "/again": (200, MARKED)}) as base:
        assert main(["add", base + "/marked", "--catalog", str(data_copy), "--category", "basics",
                     "--tags", "", "--timeout", "5"]) == 0
        issue = tmp_path / "issue.md"
        issue.write_text(f"### 链接 / URL\n\n{base}/again\n\n### 标题 / Title\n\n_No response_\n\n"
                         "### 分类 / Category\n\n基础 (basics)\n\n### 推荐理由 / Why is it good?\n\n好\n", encoding="utf-8")
        run = subprocess.run([sys.executable, "-m", "haowen", "from-issue", "--catalog", str(data_copy), str(issue)],
                             capture_output=True, text=True, check=False, timeout=120)
    assert "已添加" in capsys.readouterr().out
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert data_copy.read_text(encoding="utf-8").count("title: 标记段落也能读\n") == 2


MARKUP = st.sampled_from(["<!--", "-->", "<![", " x ]>", "]]>", "<![CDATA[", "<script", "</script>", "<title>", "</",
                          "<a ", "<meta ", 'property="og:title" content="', "itemscope ", 'itemprop="author"', ">",
                          "&#", "&#x110000;", "&amp", "\x00", "<!DOCTYPE", "<?", "<svg>", "msg_title = '", "\\",
                          '<script type="application/ld+json">{"@type":"Article","author":'])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.one_of(MARKUP, st.binary(max_size=8), st.text(max_size=8)), max_size=40))
@example(parts=[b"<![ x ]>"])
def test_readers_of_fetched_pages_survive_any_bytes(parts: list[bytes | str]) -> None:
    body = b"".join(p if isinstance(p, bytes) else p.encode("utf-8", "surrogatepass") for p in parts)
    page = decode(body, None).text
    title_from_html(page)
    page_meta(page, Rules(today=dt.date(2026, 1, 1)))
    visible_text(page)


@pytest.mark.parametrize(("budget", "words"), [("9" * 310, "太长"), ("1e400", "应写成"), ("200h", "最多 168h"),
                                               ("nan", "应写成"), ("0s", "应大于 0")])
def test_absurd_budgets_are_refused_in_chinese(budget: str, words: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("https://example.com/a\n", encoding="utf-8")
    assert main(["check", "--urls", str(urls), "--budget", budget]) == 2
    err = capsys.readouterr().err
    assert f"--budget:1:1: 时长 “{budget[:39]}" in err and words in err


@pytest.mark.parametrize("timeout", ["nan", "inf", "1e400", "-1", "0", "601"])
def test_absurd_add_timeouts_are_refused_in_chinese(timeout: str, data_copy: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["add", "https://example.com/a", "--catalog", str(data_copy), "--timeout", timeout])
    assert exited.value.code == 2 and "应是大于 0、不超过 600 的秒数" in capsys.readouterr().err


def test_an_unclosed_wechat_title_full_of_backslashes_is_read_at_once() -> None:
    """`msg_title = '\\\\\\…` never closed: the old pattern backtracked exponentially (a child process, so
    that a hang fails the test instead of holding it)."""
    page = "<title>文章标题</title><script>var msg_title = '" + "\\" * 5_000 + "x"
    code = f"from haowen.web.title import title_from_html; print(title_from_html({page!r}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert done.stdout.strip() == "文章标题", done.stderr
