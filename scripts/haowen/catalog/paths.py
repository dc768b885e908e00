"""Where each generated page lives in the docs tree (paths relative to docs/).

The site writes its pages here and `haowen validate` uses the same functions to refuse ids whose pages
would share a path (with each other, with a fixed page or with a redirect in mkdocs.yml).
"""

from __future__ import annotations

import re

HOME = "index.md"
RECENT = "recent.md"
TAG_INDEX = "tags/index.md"
READING_PATHS = "paths.md"  # 学习路线
FINDER = "finder.md"  # 筛选
STATS = "stats.md"  # 统计
API = "api.md"  # 数据接口 (hand-written, in docs/)
FIXED_PAGES = (HOME, RECENT, TAG_INDEX, READING_PATHS, FINDER, STATS, API)

_UNSAFE = re.compile(r"[^\w\-]+")


def numbered(first: str, number: int) -> str:
    """Page `number` (1-based) of a list whose first page is `first`: `x.md`, `x/2.md`, `x/3.md` …"""
    return first if number == 1 else f"{first[:-3]}/{number}.md"


def category_page(category_id: str, number: int = 1) -> str:
    return numbered(f"categories/{category_id}.md", number)


def tag_page(tag_id: str, number: int = 1) -> str:
    """A tag's page; characters that are awkward in a file name become hyphens."""
    return numbered(f"tags/{_UNSAFE.sub('-', tag_id.lower()).strip('-') or 'tag'}.md", number)


def series_page(series_id: str) -> str:
    return f"series/{series_id}.md"
