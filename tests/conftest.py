"""Shared fixtures: the repository root and a scratch copy of data/ to modify.

The suggestion engine's model cache and the XDG cache and config folders go to a temporary folder for the whole
session (and every child process the tests start, which inherit the environment): tests write nothing into the
user's home.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.mkdtemp(prefix="haowen-test-cache-"))
os.environ["HAOWEN_CACHE_DIR"] = str(CACHE)
# Caches and settings of the tools the tests start (Chromium's fontconfig cache, jieba's …) stay there too.
os.environ["XDG_CACHE_HOME"] = str(CACHE / "xdg-cache")
os.environ["XDG_CONFIG_HOME"] = str(CACHE / "xdg-config")
atexit.register(shutil.rmtree, CACHE, ignore_errors=True)


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ (without the seed sources) in a temporary folder; returns its links.yaml."""
    dest = tmp_path / "data"
    shutil.copytree(ROOT / "data", dest, ignore=shutil.ignore_patterns("sources"))
    return dest / "links.yaml"


# Tests serve pages on 127.0.0.1, which haowen otherwise refuses to fetch (web/addresses.py); child
# processes (haowen check, from-issue) inherit the permission.  Tests of the refusal remove it.
os.environ["HAOWEN_ALLOW_NETWORKS"] = "127.0.0.1/32"  # web/addresses.py ALLOW_ENV
