"""最近添加: the newest links first."""

from __future__ import annotations

from ...model import Link
from ..context import Site
from ..entry import render_entries
from ..paths import RECENT

RECENT_SIZE = 100


def newest(site: Site, count: int) -> list[Link]:
    """The `count` newest links by `added`; on the same day, later in links.yaml comes first."""
    ranked = sorted(enumerate(site.catalog.links), key=lambda pair: (pair[1].added, pair[0]), reverse=True)
    return [link for _, link in ranked[:count]]


def render(site: Site) -> dict[str, str]:
    links = newest(site, RECENT_SIZE)
    head = "---\nsearch:\n  exclude: true\n---\n\n# 最近添加\n\n" f"最新收录的 {len(links)} 篇文章，新的在前。\n\n"
    return {RECENT: head + render_entries(site, RECENT, links)}
