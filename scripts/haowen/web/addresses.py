"""Only public addresses are fetched: a stranger's URL (add, from-issue) or a catalogued one (check) never
reaches loopback, private, link-local, multicast, reserved or unspecified addresses, nor an IPv6 address
that embeds one (IPv4-mapped, 6to4, NAT64), also after a redirect and after DNS.

Every request is made by `get`: the host is resolved once, every address it has must be public (the
ipaddress module's `is_global`, and not multicast or reserved), and the request goes to the first of them
by IP, carrying the original Host header and TLS server name (so the certificate is checked against the
host, not the IP).  A DNS answer that changes between the check and the connection (rebinding) therefore
cannot move the request.  Such a connection is closed after its answer: the connection pool knows it by
IP only, and another host at the same IP (a CDN) must not reuse a connection whose certificate named this
one.  Both callers follow redirects by hand, so every hop is checked the same way.
Through a proxy from the environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, not bypassed by NO_PROXY) the
proxy resolves names, so only an address written in the URL is checked there.

Tests serve pages on 127.0.0.1: the environment variable `ALLOW_ENV` (networks, comma-separated) lets such
addresses through.  Only the test harness sets it (tests/conftest.py); a workflow never does, and nothing
in an issue or a catalogue can.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

ALLOW_ENV = "HAOWEN_ALLOW_NETWORKS"
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressError(Exception):
    """The URL's host cannot be fetched; the message says why, in Chinese; `retry` if trying again may help."""

    def __init__(self, reason: str, retry: bool = False) -> None:
        super().__init__(reason)
        self.retry = retry


def _embedded(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (IPv4-mapped, 6to4, NAT64), if any."""
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.ipv4_mapped or address.sixtofour


def public(address: IPAddress) -> bool:
    """Whether `address` is on the public internet (and any IPv4 address it embeds too)."""
    inner = _embedded(address) if isinstance(address, ipaddress.IPv6Address) else None
    if inner is not None:
        return public(inner)
    return address.is_global and not address.is_multicast and not address.is_reserved


def _allowed_by_tests(address: IPAddress) -> bool:
    for text in os.environ.get(ALLOW_ENV, "").split(","):
        try:
            if text.strip() and address in ipaddress.ip_network(text.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def _check(host: str, address: IPAddress) -> None:
    if not public(address) and not _allowed_by_tests(address):
        where = host if host == str(address) else f"{host}（解析为 {address}）"
        raise AddressError(f"{where} 不是公网地址（本机、内网、保留或组播地址），不抓取")


def check_literal(host: str) -> bool:
    """Whether `host` is written as an IP address; AddressError when that address is not public."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    _check(host, address)
    return True


async def _resolved(host: str, port: int) -> IPAddress:
    """The address to connect to: every address `host` resolves to is checked; IPv4 preferred."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise AddressError(f"无法连接：域名 {host} 解析失败（{exc}）", retry=True) from None
    addresses = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))
    if not addresses:
        raise AddressError(f"无法连接：域名 {host} 没有地址", retry=True)
    for address in addresses:
        _check(host, address)
    return next((a for a in addresses if a.version == 4), addresses[0])


def _proxied(url: httpx.URL) -> bool:
    """Whether a proxy from the environment carries requests for `url` (httpx reads the same variables)."""
    proxies = urllib.request.getproxies()
    return bool(proxies.get(url.scheme) or proxies.get("all")) and not urllib.request.proxy_bypass(url.host)


async def _request(client: httpx.AsyncClient, url: httpx.URL) -> httpx.Request:
    """A GET request for `url` that can only reach a public address (see the module's text)."""
    host = url.raw_host.decode("ascii")
    if check_literal(host) or _proxied(url):
        return client.build_request("GET", url)
    address = await _resolved(host, url.port or (443 if url.scheme == "https" else 80))
    headers = {"Host": url.netloc.decode("ascii"), "Connection": "close"}
    return client.build_request("GET", url.copy_with(host=str(address)), headers=headers,
                                extensions={"sni_hostname": host})


@asynccontextmanager
async def get(client: httpx.AsyncClient, url: httpx.URL) -> AsyncIterator[httpx.Response]:
    """`client.stream("GET", url)`, sent only to a checked public address; AddressError otherwise."""
    response = await client.send(await _request(client, url), stream=True)
    try:
        yield response
    finally:
        await response.aclose()
