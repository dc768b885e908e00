"""Compression bombs (issue 22, item 2): `Content-Encoding: gzip, gzip, gzip` is refused with a clear message,
a one-layer bomb is read up to the body cap only; memory stays bounded in check, add and from-issue.

Real HTTPS and HTTP servers on 127.0.0.1; the memory of real `haowen` child processes is measured
(their peak resident set size, through a small wrapper that waits for them).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import gzip
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from haowen.linkcheck.run import check_urls
from test_check_support import ARTICLE, Handler, LocalServer, https_site, quick_config, write_config

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
MB = 1 << 20
BOMB_MB = 512  # decoded size of each bomb: the old reader held all of it (three times over when stacked)
PEAK_LIMIT_MB = 300  # a haowen process reading a page stays far below this


@functools.cache
def gzip_of_zeros(megabytes: int, head: bytes = b"") -> bytes:
    """A gzip member of `head` and `megabytes` MiB of zeros, built from one repeated deflate block (fast)."""
    block_maker = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = block_maker.compress(b"\0" * MB) + block_maker.flush(zlib.Z_FULL_FLUSH)  # no reference back
    first = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    start = first.compress(head) + first.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(b"\0" * MB, crc)
    size = (len(head) + megabytes * MB) & 0xFFFFFFFF
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + start + block * megabytes + b"\x03\x00"
            + struct.pack("<II", crc, size))


def stacked_bomb() -> bytes:
    return gzip.compress(gzip.compress(gzip_of_zeros(BOMB_MB), 9), 9)


TITLE = "<html><head><title>压缩过的文章</title></head><body><p>".encode()
ROUTES = {  # path → (Content-Encoding, body)
    "/stacked": ("gzip, gzip, gzip", stacked_bomb),
    "/bomb": ("gzip", lambda: gzip_of_zeros(BOMB_MB, TITLE)),
    "/gzip": ("gzip", lambda: gzip.compress(ARTICLE.encode())),
    "/deflate-raw": ("deflate", lambda: zlib.compress(ARTICLE.encode())[2:-4]),
    "/brotli": ("br", lambda: b"\x0b\x02\x80hello\x03"),
}


class BombHandler(Handler):
    def do_GET(self) -> None:
        srv: LocalServer = self.server.owner  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        srv.enter(path)
        try:
            coding, body = ROUTES[path]
            data = body()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", coding)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass
        finally:
            srv.leave()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    yield from https_site(BombHandler, tmp_path, monkeypatch)


def _peak_mb(*argv: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `python -m haowen argv…` and return it with its peak resident set size in MiB."""
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
               "sys.stderr.write(r.stderr); print(r.returncode);"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "haowen", *argv],
                          capture_output=True, text=True, check=False, timeout=300)
    code, peak = done.stdout.split()[-2:]
    return subprocess.CompletedProcess(argv, int(code), "", done.stderr), int(peak) / 1024


def test_check_refuses_stacked_and_unknown_codings_and_reads_single_ones(site: LocalServer) -> None:
    urls = {p: site.url(p, "https") for p in ROUTES}
    config = quick_config(max_body_bytes=MB, retries=0, timeout=30.0)
    results = {r.url: r.verdict for r in asyncio.run(check_urls(list(urls.values()), config, {}, NOW, lambda r: None))}
    stacked = results[urls["/stacked"]]
    assert (stacked.status, stacked.code) == ("unknown", 200) and "压缩了 3 层" in stacked.reason
    assert "不支持的压缩方式 br" in results[urls["/brotli"]].reason
    assert [results[urls[p]].status for p in ("/bomb", "/gzip", "/deflate-raw")] == ["alive"] * 3


def test_check_process_memory_stays_bounded(site: LocalServer, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{site.url('/stacked', 'https')}\n{site.url('/bomb', 'https')}\n", encoding="utf-8")
    config = write_config(quick_config(max_body_bytes=MB, retries=0, timeout=60.0), tmp_path / "check.yaml")
    done, peak = _peak_mb("check", "--urls", str(urls), "--config", str(config), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert peak < PEAK_LIMIT_MB, peak


@pytest.mark.parametrize("command", ["add", "from-issue"])
def test_add_and_from_issue_refuse_a_stacked_bomb_in_bounded_memory(site: LocalServer, data_copy: Path,
                                                                   tmp_path: Path, command: str) -> None:
    before = data_copy.read_bytes()
    url = site.url("/stacked", "https")
    issue = tmp_path / "issue.md"
    issue.write_text(f"### 链接 / URL\n\n{url}\n\n### 标题 / Title\n\n_No response_\n", encoding="utf-8")
    argv = ["add", url, "--timeout", "60"] if command == "add" else ["from-issue", str(issue)]
    done, peak = _peak_mb(*argv[:1], "--catalog", str(data_copy), *argv[1:])
    assert done.returncode == 1 and "压缩了 3 层" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert peak < PEAK_LIMIT_MB, peak
    assert data_copy.read_bytes() == before


def test_add_reads_the_title_of_a_one_layer_bomb_in_bounded_memory(site: LocalServer, data_copy: Path) -> None:
    done, peak = _peak_mb("add", "--catalog", str(data_copy), site.url("/bomb", "https"), "--timeout", "60",
                          "--category", "basics", "--tags", "")
    assert done.returncode == 0, done.stderr
    assert peak < PEAK_LIMIT_MB, peak
    assert "title: 压缩过的文章\n" in data_copy.read_text(encoding="utf-8")
