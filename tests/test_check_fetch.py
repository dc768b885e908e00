"""`haowen check` against real local servers: every kind of answer ends in the right status."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator

import pytest

from haowen.linkcheck.run import Result, check_urls
from test_check_support import LocalServer, quick_config

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

# path → (server, status, code, words the reason contains)
CASES = {
    "200": ("plain", "/ok", "alive", 200, "正常"),
    "404": ("plain", "/gone404", "dead", 404, "404"),
    "410": ("plain", "/gone410", "dead", 410, "410"),
    "403": ("plain", "/forbidden", "blocked", 403, "不代表失效"),
    "401": ("plain", "/unauthorized", "blocked", 401, "不代表失效"),
    "429 then 200": ("plain", "/limited", "alive", 200, "正常"),
    "429 always": ("plain", "/always-limited", "blocked", 429, "限流"),
    "500 then 200": ("plain", "/flaky", "alive", 200, "正常"),
    "503 always": ("plain", "/broken", "unknown", 503, "503"),
    "redirect chain": ("plain", "/chain/1", "alive", 200, "正常"),
    "redirect loop": ("plain", "/loop/a", "unknown", 302, "重定向循环"),
    "article to home": ("plain", "/article/moved-home", "dead", 200, "首页"),
    "article to login": ("plain", "/article/moved-login", "dead", 200, "登录页"),
    "redirect to ftp": ("plain", "/article/to-ftp", "unknown", 302, "非 http(s)"),
    "slow drip": ("plain", "/drip", "unknown", None, "超时"),
    "connection reset": ("plain", "/reset", "unknown", None, "连接中断"),
    "huge body": ("plain", "/huge", "alive", 200, "正常"),
    "wechat deleted": ("wechat", "/s/deleted", "dead", 200, "该内容已被发布者删除"),
    "wechat long quote": ("wechat", "/s/long-quote", "alive", 200, "正常"),
    "wechat captcha redirect": ("wechat", "/s/captcha", "blocked", 200, "wappoc_appmsgcaptcha"),
    "wechat captcha page": ("wechat", "/s/busy", "blocked", 200, "环境异常"),
    "zhihu soft 404": ("zhihu", "/p/gone", "dead", 200, "荒原"),
    "soft 404 in GBK, no charset named": ("zhihu", "/p/gone-gbk", "dead", 200, "荒原"),
    "zhihu 403 with wasteland text": ("zhihu", "/p/forbidden", "blocked", 403, "不代表失效"),
    "zhihu verification": ("zhihu", "/p/check", "blocked", 200, "安全验证"),
    "deletion text on a plain host": ("plain", "/s/deleted", "alive", 200, "正常"),
}


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, LocalServer]]:
    made = {name: LocalServer() for name in ("plain", "wechat", "zhihu")}
    yield made
    for server in made.values():
        server.close()


@pytest.fixture(scope="module")
def results(servers: dict[str, LocalServer]) -> dict[str, Result]:
    aliases = {f"127.0.0.1:{servers['wechat'].port}": "mp.weixin.qq.com",
               f"127.0.0.1:{servers['zhihu'].port}": "zhuanlan.zhihu.com"}
    config = quick_config(aliases)
    urls = {name: servers[srv].url(path) for name, (srv, path, *_rest) in CASES.items()}
    done = asyncio.run(check_urls(list(urls.values()), config, {}, NOW, lambda r: None))
    by_url = {r.url: r for r in done}
    return {name: by_url[url] for name, url in urls.items()}


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("case", list(CASES))
def test_status_code_and_reason(case: str, results: dict[str, Result]) -> None:
    _srv, _path, status, code, words = CASES[case]
    verdict = results[case].verdict
    assert (verdict.status, verdict.code) == (status, code), verdict.reason
    assert words in verdict.reason


def test_retry_after_is_honoured(results: dict[str, Result], servers: dict[str, LocalServer]) -> None:
    times = servers["plain"].times["/limited"]
    assert len(times) == 2
    assert times[1] - times[0] >= 0.9  # the server asked for 1 second


def test_server_errors_are_retried_once_they_succeed(results: dict[str, Result],
                                                     servers: dict[str, LocalServer]) -> None:
    assert servers["plain"].counts["/flaky"] == 2
    assert servers["plain"].counts["/broken"] == 3  # first try and two retries
    assert servers["plain"].counts["/gone404"] == 1  # a clear answer is not retried


def test_redirect_loop_stops(results: dict[str, Result], servers: dict[str, LocalServer]) -> None:
    assert servers["plain"].counts["/loop/a"] == 1
    assert servers["plain"].counts["/loop/b"] == 1


def test_too_many_redirects_is_unknown(servers: dict[str, LocalServer]) -> None:
    config = quick_config(max_redirects=2)
    [result] = asyncio.run(check_urls([servers["plain"].url("/chain/1")], config, {}, NOW, lambda r: None))
    assert result.verdict.status == "unknown"
    assert "重定向超过 2 次" in result.verdict.reason


def test_blocked_is_never_dead(results: dict[str, Result]) -> None:
    blocked = [name for name, case in CASES.items() if case[2] == "blocked"]
    assert blocked and all(results[name].verdict.status == "blocked" for name in blocked)


def test_proxy_from_environment_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    proxy = LocalServer()
    try:
        monkeypatch.setenv("HTTP_PROXY", proxy.url(""))
        monkeypatch.setenv("NO_PROXY", "")
        [result] = asyncio.run(check_urls(["http://article.invalid/ok"], quick_config(), {}, NOW, lambda r: None))
    finally:
        proxy.close()
    assert result.verdict.status == "alive"
    assert proxy.counts["http://article.invalid/ok"] == 1  # the proxy saw the absolute URL


def test_untrusted_certificate_is_unknown_not_dead(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ssl

    from test_check_support import make_cert

    cert, key = make_cert(tmp_path)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    server = LocalServer(tls=tls)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    try:
        [result] = asyncio.run(check_urls([server.url("/ok", "https")], quick_config(), {}, NOW, lambda r: None))
    finally:
        server.close()
    assert result.verdict.status == "unknown"
    assert "TLS" in result.verdict.reason
