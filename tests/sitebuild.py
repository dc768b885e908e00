"""Building the site for tests: a real `mkdocs build --strict`, optionally on another catalogue.

`site()` builds the repository's own site once per test process, for every test module that needs it.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _is_redirects(plugin: str | dict) -> bool:
    """The redirects plugin: its targets are pages of the repository's own catalogue, not of a test catalogue."""
    return isinstance(plugin, dict) and "redirects" in plugin


def write_config(site_dir: Path, catalog: Path | None = None, docs_dir: Path | None = None,
                 haowen: dict | None = None, plain: bool = False) -> Path:
    """A copy of mkdocs.yml building into `site_dir`; `catalog` and `docs_dir` replace data/links.yaml and docs/.

    `haowen`: more options for the haowen plugin; `plain`: build without it (docs_dir only).
    """
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir or ROOT / "docs")
    config["site_dir"] = str(site_dir)
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    options = {"catalog": str(catalog or ROOT / "data/links.yaml"), **(haowen or {})}
    config["plugins"] = [{"haowen": options} if p == "haowen" else p for p in config["plugins"]
                         if not (plain and p == "haowen") and not (catalog and _is_redirects(p))]
    config_file = site_dir.with_name(site_dir.name + ".mkdocs.yml")
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return config_file


def build(site_dir: Path, catalog: Path | None = None, docs_dir: Path | None = None,
          haowen: dict | None = None, plain: bool = False) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into `site_dir` (see write_config)."""
    config_file = write_config(site_dir, catalog, docs_dir, haowen, plain)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file)],
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@functools.cache
def site() -> Path:
    """The repository's site, built once; a failed or warning build fails every test that uses it."""
    scratch = Path(tempfile.mkdtemp(prefix="haowen-site-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    result = build(scratch / "site")
    if result.returncode != 0:
        raise AssertionError(f"mkdocs build --strict 失败：\n{result.stderr}")
    (scratch / "build.log").write_text(result.stderr, encoding="utf-8")
    return scratch / "site"


def site_log() -> str:
    """What MkDocs printed while building site()."""
    return (site().parent / "build.log").read_text(encoding="utf-8")
