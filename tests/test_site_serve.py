"""`mkdocs serve` shows the current catalogue: saving links.yaml rebuilds the pages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

import sitebuild

WAIT_SECONDS = 120  # a deadline for a slow machine, not a measurement


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, text: str, proc: subprocess.Popen) -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if text in httpx.get(url, timeout=5).text:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    return False


def test_saving_links_yaml_under_serve_updates_the_page(data_copy: Path, tmp_path: Path) -> None:
    config = sitebuild.write_config(tmp_path / "site", catalog=data_copy)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        url = f"http://127.0.0.1:{port}/haowen/categories/linear-models/"  # serve keeps site_url's path
        assert _wait_for(url, "rwkv论文原理解读", proc)
        text = data_copy.read_text(encoding="utf-8")
        data_copy.write_text(text.replace("title: rwkv论文原理解读", "title: 刚刚改过的标题", 1), encoding="utf-8")
        assert _wait_for(url, "刚刚改过的标题", proc)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
