"""Title fetching against real HTTP servers on 127.0.0.1: each page gives its title or a clear reason."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from haowen.web.title import FetchError, fetch_title, title_from_html

Route = Callable[[BaseHTTPRequestHandler], None]
TIMEOUT = 0.5


def _send(h: BaseHTTPRequestHandler, body: bytes, ctype: str = "text/html; charset=utf-8", status: int = 200) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def _redirect(to: str) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", to)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return route


def _slow(h: BaseHTTPRequestHandler) -> None:
    time.sleep(TIMEOUT * 6)
    _send(h, b"<title>too late</title>")


def _huge(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    h.wfile.write(b"<html><head><title>Big page</title></head><body>")
    for _ in range(200):  # 200 MiB if nobody stops reading
        h.wfile.write(b"x" * (1 << 20))


def _trickle(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    for _ in range(100):  # each byte comes within the read timeout; the whole never ends
        h.wfile.write(b" ")
        h.wfile.flush()
        time.sleep(TIMEOUT / 4)


def _pages(seen_ua: list[str]) -> dict[str, Route]:
    def og(h: BaseHTTPRequestHandler) -> None:
        seen_ua.append(h.headers.get("User-Agent", ""))
        _send(h, '<html><head><meta property="og:title" content="注意力机制详解 &amp; 实现"><title>别的 - 知乎</title>'
                 "</head></html>".encode())
    return {
        "/og": og,
        "/title": lambda h: _send(h, "<html><head><title>\n  RoPE 位置编码 - 知乎 </title></head></html>".encode()),
        "/gbk": lambda h: _send(h, "<html><head><meta charset=gb2312><title>混合专家模型-CSDN博客</title></head>".encode("gbk"),
                                ctype="text/html"),
        "/gbk-header": lambda h: _send(h, "<title>分布式训练 - 博客园</title>".encode("gbk"), ctype="text/html; charset=GBK"),
        "/wechat": lambda h: _send(h, '<html><script>var msg_title = \'大模型推理加速&amp;优化\'.html(false);</script>'
                                      "<title></title></html>".encode()),
        "/forbidden": lambda h: _send(h, b"<title>403 Forbidden</title>", status=403),
        "/missing": lambda h: _send(h, b"<title>Not Found</title>", status=404),
        "/a": _redirect("/b"), "/b": _redirect("/c"), "/c": _redirect("/title"),
        "/loop1": _redirect("/loop2"), "/loop2": _redirect("/loop1"),
        "/slow": _slow,
        "/trickle": _trickle,
        "/huge": _huge,
        "/pdf": lambda h: _send(h, b"%PDF-1.7 <title>nope</title>", ctype="application/pdf"),
        "/untitled": lambda h: _send(h, b"<html><body>no title here</body></html>"),
        "/captcha": lambda h: _send(h, "<title>环境异常</title>".encode()),
    }


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[str]]]:
    seen_ua: list[str] = []
    pages = _pages(seen_ua)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            try:
                pages.get(self.path, lambda h: _send(h, b"", status=404))(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", seen_ua
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/og", "注意力机制详解 & 实现"),
        ("/title", "RoPE 位置编码"),
        ("/gbk", "混合专家模型"),
        ("/gbk-header", "分布式训练"),
        ("/wechat", "大模型推理加速&优化"),
        ("/a", "RoPE 位置编码"),
        ("/huge", "Big page"),
    ],
)
def test_title_found(server: tuple[str, list[str]], path: str, title: str) -> None:
    base, _ = server
    assert fetch_title(base + path, timeout=TIMEOUT, max_bytes=1 << 20) == title


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/forbidden", "拒绝了访问（HTTP 403）"),
        ("/missing", "HTTP 404"),
        ("/loop1", "循环"),
        ("/slow", "没有响应"),
        ("/trickle", "太慢"),
        ("/pdf", "不是网页（application/pdf）"),
        ("/untitled", "没有找到标题"),
        ("/captcha", "验证页面"),
    ],
)
def test_clear_reason_when_no_title(server: tuple[str, list[str]], path: str, reason: str) -> None:
    base, _ = server
    with pytest.raises(FetchError, match=reason):
        fetch_title(base + path, timeout=TIMEOUT, blocked_texts=["环境异常"])


def test_sends_a_browser_user_agent(server: tuple[str, list[str]]) -> None:
    base, seen = server
    fetch_title(base + "/og", timeout=TIMEOUT)
    assert seen and seen[-1].startswith("Mozilla/5.0") and "Chrome/" in seen[-1]


def test_nothing_listening_is_a_clear_error() -> None:
    with pytest.raises(FetchError, match="无法访问网页"):
        fetch_title("http://127.0.0.1:9/", timeout=TIMEOUT)


def test_markup_in_a_title_stays_text() -> None:
    assert title_from_html("<title>&lt;script&gt;alert(1)&lt;/script&gt; - 掘金</title>") == "<script>alert(1)</script>"
