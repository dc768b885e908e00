"""最近添加: the newest links first."""

from __future__ import annotations

from haowen.catalog.paths import RECENT
from haowen.export.feed import newest
from haowen.site.context import Site
from haowen.site.entry import link_list

RECENT_SIZE = 100


def render(site: Site) -> dict[str, str]:
    links = newest(site.catalog, RECENT_SIZE)
    head = "---\nsearch:\n  exclude: true\n---\n\n# 最近添加\n\n" f"最新收录的 {len(links)} 篇文章，新的在前。\n\n"
    return {RECENT: head + link_list(site, RECENT, links)}
