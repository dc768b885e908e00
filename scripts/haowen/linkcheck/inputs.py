"""What a run checks and when it is: URLs from the catalogue or a plain file, and an injectable 'now'."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from haowen.catalog.clock import NOW_ENV, parse_now
from haowen.catalog.load import Catalog
from haowen.catalog.urls import UrlError, canonical, split_checked
from haowen.io.problems import Problem, shown_path
from haowen.linkcheck.config import ConfigError


def run_time(option: str | None) -> dt.datetime:
    """The run's 'now': --now, else $HAOWEN_NOW, else the clock."""
    value = option or os.environ.get(NOW_ENV)
    try:
        return parse_now(value)
    except ValueError:
        raise ConfigError([Problem(f"${NOW_ENV}" if not option else "--now", 1, 1,
                                   f"时间 “{value}” 应写成 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SS")]) from None


def catalog_urls(catalog: Catalog) -> list[str]:
    """The catalogue's URLs in canonical form, each once, in file order."""
    return list(dict.fromkeys(canonical(link.url) for link in catalog.links))


def file_urls(path: Path) -> list[str]:
    """URLs from a plain file, one a line (blank lines and # comments skipped); all problems at once."""
    where = shown_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(where, 1, 1, f"无法读取链接文件：{exc}")]) from None
    urls, problems = [], []
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            split_checked(stripped)
        except UrlError as exc:
            problems.append(Problem(where, n, len(line) - len(line.lstrip()) + 1, str(exc)))
            continue
        urls.append(stripped)
    if problems:
        raise ConfigError(problems)
    return list(dict.fromkeys(urls))
