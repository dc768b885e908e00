"""Network failures end in a verdict for that link, never a traceback or a hang (issue 12, items 6 and 10).

Real servers on 127.0.0.1: redirects to javascript:, data:, mailto: and malformed hosts, a server
that drips its response headers, a UTF-8 page labelled GBK, a WeChat page with escaped msg_title.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from haowen.cli import main
from haowen.linkcheck.run import check_urls
from haowen.web.title import FetchError, fetch_title, title_from_html
from test_check_support import ARTICLE, ZHIHU_GONE, Handler, LocalServer, quick_config, trusted_tls, write_config

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
BAD_LOCATIONS = {
    "/to-js": "javascript:alert(document.cookie)",
    "/to-data": "data:text/html,<script>alert(1)</script>",
    "/to-mailto": "mailto:someone@example.com",
    "/to-bad-idna": "https://xn--/x",
    "/to-bad-port": "http://[::1",
}
WECHAT_ESCAPED = ("<html><script>var msg_title = 'FlashAttention \\x3cv2\\x3e \\x26amp; 推理\\u52a0\\u901f'"
                  ".html(false);</script><title></title></html>")


def _drip_headers(h: Handler) -> None:
    """A status line, then one header every 0.2 s for 10 s: each read is quick, the answer never ends."""
    try:
        h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n")
        for n in range(50):
            h.wfile.write(f"X-Drip-{n}: {'x' * 10}\r\n".encode())
            h.wfile.flush()
            time.sleep(0.2)
    except OSError:
        pass
    h.close_connection = True


def _utf8_labelled_gbk(h: Handler, body: str) -> None:
    data = body.encode("utf-8")
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=gbk")
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    h.wfile.write(data)


class FailureHandler(Handler):
    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.server.owner.enter(path)  # type: ignore[attr-defined]
        try:
            if path in BAD_LOCATIONS:
                self.redirect(302, BAD_LOCATIONS[path])
            elif path == "/drip-headers":
                _drip_headers(self)
            elif path == "/p/gone-mislabelled":  # a zhihu soft 404 in UTF-8, labelled GBK
                _utf8_labelled_gbk(self, ZHIHU_GONE)
            elif path == "/mislabelled":
                _utf8_labelled_gbk(self, "<title>分布式训练与推理优化 - 博客园</title>")
            elif path == "/wechat-escaped":
                self.send(200, WECHAT_ESCAPED)
            else:
                self.send(200, ARTICLE)
        finally:
            self.server.owner.leave()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    made = LocalServer(FailureHandler)
    yield made
    made.close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy", "CI"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("path", list(BAD_LOCATIONS))
def test_check_gives_a_verdict_for_a_redirect_nowhere(server: LocalServer, path: str) -> None:
    urls = [server.url(path), server.url("/ok")]
    bad, good = asyncio.run(check_urls(urls, quick_config(), {}, NOW, lambda r: None))
    assert (bad.verdict.status, bad.verdict.code) == ("unknown", 302)
    assert "重定向" in bad.verdict.reason and BAD_LOCATIONS[path][:10] in bad.verdict.reason
    assert good.verdict.status == "alive"  # the other links of the run keep their results


@pytest.mark.parametrize("path", list(BAD_LOCATIONS))
def test_add_gives_a_reason_for_a_redirect_nowhere(server: LocalServer, path: str) -> None:
    with pytest.raises(FetchError, match="重定向"):
        fetch_title(server.url(path), timeout=2)


def test_add_deadline_covers_dripped_headers(server: LocalServer, data_copy: Path, capsys) -> None:
    """The drip lasts 10 s: a deadline per read would not end it; the whole fetch's 1 s deadline does (timed in
    benchmarks/limits.py)."""
    code = main(["add", server.url("/drip-headers"), "--catalog", str(data_copy), "--timeout", "1"])
    assert code == 1
    assert "1 秒内没有响应" in capsys.readouterr().err


def test_check_deadline_covers_dripped_headers(server: LocalServer) -> None:
    [result] = asyncio.run(check_urls([server.url("/drip-headers")], quick_config(timeout=1.0, retries=0), {},
                                      NOW, lambda r: None))
    assert (result.verdict.status, result.verdict.reason) == ("unknown", "超时")


def test_catalogue_run_keeps_every_result_when_one_link_redirects_to_javascript(
        tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tls = trusted_tls(tmp_path, monkeypatch)
    site = LocalServer(FailureHandler, tls=tls)
    try:
        urls = [site.url(p, "https") for p in ("/to-js", "/ok", "/to-data")]
        data_copy.write_text("".join(f"- url: {u}\n  title: 文章 {n}\n  category: basics\n  added: 2025-12-01\n\n"
                                     for n, u in enumerate(urls)), encoding="utf-8")
        config = write_config(quick_config(), tmp_path / "check.yaml")
        monkeypatch.setenv("HAOWEN_NOW", "2026-01-01T08:00:00")
        assert main(["check", "--catalog", str(data_copy), "--config", str(config)]) == 0
    finally:
        site.close()
    links = json.loads((data_copy.parent / "link-status.json").read_text(encoding="utf-8"))["links"]
    assert {u: links[u]["status"] for u in urls} == {urls[0]: "unknown", urls[1]: "alive", urls[2]: "unknown"}


def test_utf8_page_labelled_gbk_is_read_as_utf8_with_a_warning(server: LocalServer, capsys) -> None:
    assert fetch_title(server.url("/mislabelled"), timeout=2) == "分布式训练与推理优化"
    assert "UTF-8" in capsys.readouterr().err


def test_check_finds_soft_404_on_a_utf8_page_labelled_gbk(server: LocalServer) -> None:
    config = quick_config({f"127.0.0.1:{server.port}": "zhuanlan.zhihu.com"})
    [result] = asyncio.run(check_urls([server.url("/p/gone-mislabelled")], config, {}, NOW, lambda r: None))
    assert result.verdict.status == "dead"
    assert "荒原" in result.verdict.reason and "UTF-8" in result.verdict.reason


def test_wechat_msg_title_escapes_are_decoded(server: LocalServer) -> None:
    assert fetch_title(server.url("/wechat-escaped"), timeout=2) == "FlashAttention <v2> & 推理加速"


@pytest.mark.parametrize(("literal", "title"), [
    (r"'a\x3cb\x3e'", "a<b>"),
    (r"'It\'s \"ok\"'", "It's \"ok\""),
    (r'"say \"hi\" \\ done"', 'say "hi" \\ done'),
    (r"'\ud83d\ude00 \u{1F680}'", "😀 🚀"),
])
def test_msg_title_js_string_literal(literal: str, title: str) -> None:
    assert title_from_html(f"<script>var msg_title = {literal}.html(false);</script>") == title
