"""Local servers and configuration for the `haowen check` tests (no tests here; helpers only)."""

from __future__ import annotations

import json
import socket
import ssl
import struct
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from haowen.linkcheck.config import CheckConfig, load_config

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = "<html><head><title>文章</title></head><body><h1>一篇文章</h1><p>" + "正文内容。" * 400 + "</p></body></html>"
WECHAT_DELETED = ("<html><head><title>该内容已被发布者删除</title></head><body><div class='weui-msg'>"
                  "<p>该内容已被发布者删除</p></div><script>var x = '" + "a" * 5000 + "';</script></body></html>")
WECHAT_LONG_QUOTE = ("<html><head><title>如何处理删帖</title></head><body><p>" + "这是一篇很长的文章。" * 400
                     + "</p><blockquote>该内容已被发布者删除</blockquote></body></html>")
WECHAT_CAPTCHA = "<html><body><p>环境异常</p><p>当前环境异常，完成验证后即可继续访问。</p></body></html>"
ZHIHU_GONE = "<html><head><title>知乎</title></head><body><p>你似乎来到了没有知识存在的荒原</p></body></html>"


class Handler(BaseHTTPRequestHandler):
    """Answers by path; the server counts requests and concurrent requests."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        srv: LocalServer = self.server.owner  # type: ignore[attr-defined]
        n = srv.enter(self.path.split("?")[0])  # a proxy sees absolute URLs here
        path = urlsplit(self.path).path
        try:
            route = ROUTES.get(path) or ROUTES.get("/" + path.strip("/").split("/")[0] + "/*")
            if route is None:
                self.send(404, "<p>not found</p>")
            else:
                route(self, n)
        finally:
            srv.leave()

    def send(self, code: int, body: str = "", headers: dict[str, str] | None = None, charset: str = "utf-8",
             label: bool = True) -> None:
        """`body` encoded in `charset`, named in Content-Type unless `label` is False."""
        data = body.encode(charset)
        self.send_response(code)
        self.send_header("Content-Type", f"text/html; charset={charset}" if label else "text/html")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, code: int, location: str) -> None:
        self.send(code, "", {"Location": location})


def _slow(h: Handler, n: int) -> None:
    time.sleep(0.01)
    h.send(200, ARTICLE)


def _drip(h: Handler, n: int) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", "1000")
    h.end_headers()
    try:
        for _ in range(40):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


def _huge(h: Handler, n: int) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.end_headers()
    h.close_connection = True
    chunk = ("<p>" + "长" * 10000 + "</p>").encode()
    try:
        for _ in range(20000):  # about 600 MB if nobody stops reading
            h.wfile.write(chunk)
    except OSError:
        pass


def _reset(h: Handler, n: int) -> None:
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.close_connection = True
    h.connection.close()


ROUTES: dict[str, Callable[[Handler, int], None]] = {
    "/ok": lambda h, n: h.send(200, ARTICLE),
    "/slow/*": _slow,
    "/gone404": lambda h, n: h.send(404, "<p>没有这个页面</p>"),
    "/gone/*": lambda h, n: h.send(404, "<p>没有这个页面</p>"),
    "/toggle": lambda h, n: h.send(200, ARTICLE) if n == 1 else h.send(404),
    "/gone410": lambda h, n: h.send(410, "<p>已删除</p>"),
    "/forbidden": lambda h, n: h.send(403, ZHIHU_GONE),
    "/unauthorized": lambda h, n: h.send(401),
    "/limited": lambda h, n: h.send(429, "", {"Retry-After": "1"}) if n == 1 else h.send(200, ARTICLE),
    "/always-limited": lambda h, n: h.send(429, "", {"Retry-After": "1"}),
    "/flaky": lambda h, n: h.send(500) if n == 1 else h.send(200, ARTICLE),
    "/broken": lambda h, n: h.send(503),
    "/chain/1": lambda h, n: h.redirect(302, "/chain/2"),
    "/chain/2": lambda h, n: h.redirect(301, "/chain/3"),
    "/chain/3": lambda h, n: h.redirect(307, "/ok"),
    "/loop/a": lambda h, n: h.redirect(302, "/loop/b"),
    "/loop/b": lambda h, n: h.redirect(302, "/loop/a"),
    "/article/moved-home": lambda h, n: h.redirect(302, "/"),
    "/article/moved-login": lambda h, n: h.redirect(302, "/login?next=/article/moved-login"),
    "/article/to-ftp": lambda h, n: h.redirect(302, "ftp://127.0.0.1/file"),
    "/": lambda h, n: h.send(200, ARTICLE),
    "/login": lambda h, n: h.send(200, "<form>登录</form>"),
    "/drip": _drip,
    "/huge": _huge,
    "/reset": _reset,
    "/s/deleted": lambda h, n: h.send(200, WECHAT_DELETED),
    "/s/long-quote": lambda h, n: h.send(200, WECHAT_LONG_QUOTE),
    "/s/captcha": lambda h, n: h.redirect(302, "/mp/wappoc_appmsgcaptcha?poc_token=x"),
    "/mp/wappoc_appmsgcaptcha": lambda h, n: h.send(200, "<p>请完成验证后继续</p>"),
    "/s/busy": lambda h, n: h.send(200, WECHAT_CAPTCHA),
    "/p/gone": lambda h, n: h.send(200, ZHIHU_GONE),
    "/p/gone-gbk": lambda h, n: h.send(200, ZHIHU_GONE, charset="gbk", label=False),
    "/p/forbidden": lambda h, n: h.send(403, ZHIHU_GONE),
    "/p/check": lambda h, n: h.send(200, "<p>安全验证</p><p>系统监测到您的网络环境存在异常</p>"),
}


class LocalServer:
    """A threaded HTTP(S) server on 127.0.0.1 that counts requests per path and peak concurrency."""

    def __init__(self, handler: type[BaseHTTPRequestHandler] = Handler, tls: ssl.SSLContext | None = None) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self  # type: ignore[attr-defined]
        if tls:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        self.times: dict[str, list[float]] = {}
        self.active = 0
        self.peak = 0
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str, scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def enter(self, path: str) -> int:
        with self.lock:
            self.counts[path] += 1
            self.times.setdefault(path, []).append(time.monotonic())
            self.active += 1
            self.peak = max(self.peak, self.active)
            return self.counts[path]

    def leave(self) -> None:
        with self.lock:
            self.active -= 1

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def make_cert(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (openssl), returns (cert, key)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy", "CI")


def trusted_tls(folder: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """A server TLS context with a fresh self-signed certificate that this process's clients trust
    (SSL_CERT_FILE), and no proxy in the way: what a local HTTPS site for `haowen check` needs."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    cert, key = make_cert(folder)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    return tls


def https_site(handler: type[BaseHTTPRequestHandler], folder: Path,
               monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    """A LocalServer with `handler` over HTTPS this process trusts (trusted_tls), closed after the test."""
    server = LocalServer(handler, tls=trusted_tls(folder, monkeypatch))
    yield server
    server.close()


def quick_config(aliases: dict[str, str] | None = None, **limits: object) -> CheckConfig:
    """The repository's check.yaml with quick limits, no intervals, and local ports mapped to rule hosts."""
    config = load_config(ROOT / "data" / "check.yaml")
    quick = {"interval": 0.0, "timeout": 1.0, "connect_timeout": 1.0, "retries": 2, "backoff": 0.01,
             "max_retry_after": 5.0, "max_body_bytes": 65536, **limits}
    hosts = [r.model_copy(update={"interval": 0.0}) for r in config.hosts]
    return config.model_copy(update={"limits": config.limits.model_copy(update=quick), "hosts": hosts,
                                     "host_aliases": aliases or {}})


class ArchiveHandler(Handler):
    """A fake Wayback availability API: links whose URL contains 'archived' have a snapshot."""

    def do_GET(self) -> None:
        srv: LocalServer = self.server.owner  # type: ignore[attr-defined]
        srv.enter("/wayback/available")
        try:
            target = parse_qs(urlsplit(self.path).query).get("url", [""])[0]
            closest = {"available": True, "status": "200", "timestamp": "20240101000000",
                       "url": f"http://web.archive.org/web/20240101000000/{target}"}
            answer = {"url": target, "archived_snapshots": {"closest": closest} if "archived" in target else {}}
            self.send(200, json.dumps(answer), {"Content-Type": "application/json"})
        finally:
            srv.leave()


def write_config(config: CheckConfig, path: Path) -> Path:
    path.write_text(yaml.safe_dump(config.model_dump(mode="json"), allow_unicode=True), encoding="utf-8")
    return path
