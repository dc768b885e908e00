"""最近添加: the links by the day they were added, newest day first; a bulk import is one block with its count."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from haowen.catalog.model import Link
from haowen.site.context import Site
from haowen.site.entry import link_list
from haowen.site.pages.finder import FINDER
from haowen.site.pages.frontmatter import no_search
from haowen.site.paths import HOME, RECENT, TAG_INDEX

RECENT_SIZE = 100  # links listed one by one
BULK = 100  # a day that added more links than this was an import: shown as one block with its count


def by_day(site: Site) -> list[tuple[dt.date, list[Link]]]:
    """Every added day, newest first, with its links (later in links.yaml first)."""
    ranked = sorted(enumerate(site.catalog.links), key=lambda pair: (pair[1].added, pair[0]), reverse=True)
    return [(day, [link for _, link in group]) for day, group in groupby(ranked, key=lambda pair: pair[1].added)]


def listed(site: Site, count: int) -> list[tuple[dt.date, list[Link]]]:
    """The newest `count` links added one by one (bulk days left out), by day."""
    out: list[tuple[dt.date, list[Link]]] = []
    for day, links in by_day(site):
        if len(links) <= BULK and count > 0:
            out.append((day, links[:count]))
            count -= len(out[-1][1])
    return out


def _bulk(site: Site, day: dt.date, count: int) -> str:
    to = site.doc_link
    return (f"## {day.isoformat()}：批量导入 {count} 篇 {{#d-{day.isoformat()}}}\n\n"
            f"这一天从整理好的文章列表一次导入了 {count} 篇，这里不逐条列出：请按[分类]({to(RECENT, HOME)}#categories)、"
            f"[标签]({to(RECENT, TAG_INDEX)})或[筛选]({to(RECENT, FINDER)})浏览。\n")


def render(site: Site) -> dict[str, str]:
    shown = {id(link) for _, links in listed(site, RECENT_SIZE) for link in links}
    parts = [no_search() + "# 最近添加\n",
             f"按收录日期从新到旧，逐条列出最近收录的 {len(shown)} 篇；一天里一次导入的大批文章只写日期和篇数。\n"]
    for day, links in by_day(site):
        if len(links) > BULK:
            parts.append(_bulk(site, day, len(links)))
            continue
        here = [link for link in links if id(link) in shown]
        if here:
            parts += [f"## {day.isoformat()}（{len(links)} 篇） {{#d-{day.isoformat()}}}\n", link_list(site, RECENT, here)]
    return {RECENT: "\n".join(parts)}
