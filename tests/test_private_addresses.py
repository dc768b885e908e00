"""Private addresses are never fetched (issue 22, item 17): add, from-issue and check refuse loopback,
private, link-local and other non-public addresses, written in the URL, reached by a redirect or by DNS.

Real servers on 127.0.0.1; the tests' permission to fetch 127.0.0.1 (tests/conftest.py) is removed here
to see the refusal, or kept to see a redirect from an allowed page refused.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import os
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from haowen.cli import main
from haowen.linkcheck.run import check_urls
from haowen.web.addresses import ALLOW_ENV, public
from haowen.web.title import FetchError, fetch_title
from test_check_support import ARTICLE, PROXY_VARIABLES, Handler, LocalServer, quick_config

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SECRET = "<title>内部管理后台</title>"
PRIVATE_TARGETS = ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/",
                   "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://127.0.0.2/"]


class InternalHandler(Handler):
    def do_GET(self) -> None:
        srv: LocalServer = self.server.owner  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        srv.enter(path)
        srv.hosts.append(self.headers.get("Host", ""))  # type: ignore[attr-defined]
        try:
            if path.startswith("/to/"):
                self.redirect(302, PRIVATE_TARGETS[int(path.rsplit("/", 1)[1])])
            else:
                self.send(200, SECRET + ARTICLE)
        finally:
            srv.leave()


def _server(tls: ssl.SSLContext | None = None) -> LocalServer:
    server = LocalServer(InternalHandler, tls=tls)
    server.hosts = []  # type: ignore[attr-defined]
    return server


@pytest.fixture
def internal(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    server = _server()
    yield server
    server.close()


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                     "100.64.0.1", "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1",
                                     "::", "fe80::1", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "2002:7f00:1::1",
                                     "64:ff9b::a00:1", "2001:db8::1"])
def test_non_public_addresses(address: str) -> None:
    assert not public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "64:ff9b::808:808"])
def test_public_addresses(address: str) -> None:
    assert public(ipaddress.ip_address(address))


def test_add_refuses_a_loopback_url_and_writes_nothing(internal: LocalServer, data_copy: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(ALLOW_ENV)
    before = data_copy.read_bytes()
    assert main(["add", internal.url("/internal"), "--catalog", str(data_copy), "--timeout", "5"]) == 1
    err = capsys.readouterr().err
    assert "127.0.0.1 不是公网地址" in err and "内部管理后台" not in err
    assert data_copy.read_bytes() == before and sum(internal.counts.values()) == 0


def test_from_issue_refuses_a_name_that_resolves_to_loopback(internal: LocalServer, data_copy: Path,
                                                             tmp_path: Path) -> None:
    issue = tmp_path / "issue.md"
    issue.write_text(f"### 链接 / URL\n\nhttp://localhost:{internal.port}/internal\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != ALLOW_ENV}
    before = data_copy.read_bytes()
    run = subprocess.run([sys.executable, "-m", "haowen", "from-issue", "--catalog", str(data_copy), str(issue)],
                         capture_output=True, text=True, check=False, timeout=120, env=env)
    assert run.returncode == 1 and "localhost（解析为" in run.stderr and "不是公网地址" in run.stderr, run.stderr
    assert "内部管理后台" not in run.stderr + run.stdout and "Traceback" not in run.stderr
    assert data_copy.read_bytes() == before and sum(internal.counts.values()) == 0


@pytest.mark.parametrize("target", range(len(PRIVATE_TARGETS)))
def test_a_redirect_to_a_private_address_is_refused(internal: LocalServer, target: int) -> None:
    """The first page is allowed (the tests' 127.0.0.1); where it redirects to is not."""
    with pytest.raises(FetchError, match="不是公网地址"):
        fetch_title(internal.url(f"/to/{target}"), timeout=5)
    [result] = asyncio.run(check_urls([internal.url(f"/to/{target}")], quick_config(), {}, NOW, lambda r: None))
    assert result.verdict.status == "unknown" and "不是公网地址" in result.verdict.reason


def test_check_does_not_fetch_catalogued_private_links(internal: LocalServer,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_ENV)
    urls = [internal.url("/internal"), f"http://localhost:{internal.port}/internal"]
    results = asyncio.run(check_urls(urls, quick_config(), {}, NOW, lambda r: None))
    assert [r.verdict.status for r in results] == ["unknown", "unknown"]
    assert all("不是公网地址" in r.verdict.reason for r in results)
    assert sum(internal.counts.values()) == 0


def test_a_name_is_fetched_at_its_checked_address_with_its_own_certificate(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """https://localhost: resolved and checked once, connected to by IP, the certificate checked for the name."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setenv(ALLOW_ENV, "127.0.0.1/32,::1/128")
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    server = _server(tls)
    try:
        url = f"https://localhost:{server.port}/page"
        assert fetch_title(url, timeout=5) == "内部管理后台"
        [result] = asyncio.run(check_urls([url], quick_config(), {}, NOW, lambda r: None))
    finally:
        server.close()
    assert result.verdict.status == "alive", result.verdict.reason
    assert server.hosts == [f"localhost:{server.port}"] * 2  # type: ignore[attr-defined]


def test_a_name_is_resolved_once_and_the_checked_address_is_used(internal: LocalServer,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the name answers 127.0.0.1 (allowed here) once, then a private address; the request
    still goes to the address that was checked, because nothing resolves the name a second time."""
    real = asyncio.BaseEventLoop.getaddrinfo
    asked: list[str] = []

    async def rebinding(self: asyncio.BaseEventLoop, host: object, port: object, **kwargs: object) -> object:
        if host != "rebind.test":
            return await real(self, host, port, **kwargs)  # type: ignore[arg-type]
        asked.append(host)
        address = "127.0.0.1" if len(asked) == 1 else "10.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", rebinding)
    assert fetch_title(f"http://rebind.test:{internal.port}/page", timeout=5) == "内部管理后台"
    assert asked == ["rebind.test"] and internal.hosts == [f"rebind.test:{internal.port}"]  # type: ignore[attr-defined]


def test_from_issue_with_a_title_refuses_a_private_address_too(data_copy: Path, tmp_path: Path) -> None:
    """No fetch is needed when the form gives a title; a link to a private address is still not catalogued."""
    issue = tmp_path / "issue.md"
    issue.write_text("### 链接 / URL\n\nhttp://10.0.0.1/admin\n\n### 标题 / Title\n\n内部页面\n\n"
                     "### 分类 / Category\n\n基础 (basics)\n", encoding="utf-8")
    before = data_copy.read_bytes()
    run = subprocess.run([sys.executable, "-m", "haowen", "from-issue", "--catalog", str(data_copy), str(issue)],
                         capture_output=True, text=True, check=False, timeout=120)
    assert run.returncode == 1 and "http://10.0.0.1/admin: 10.0.0.1 不是公网地址" in run.stderr, run.stderr
    assert data_copy.read_bytes() == before
