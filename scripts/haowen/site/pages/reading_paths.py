"""学习路线: per topic (top-level category), its start-here picks and its series in reading order; a page per series."""

from __future__ import annotations

from collections import Counter
from functools import partial

from haowen.catalog.model import Category, Link, Series
from haowen.site.context import Site
from haowen.site.entry import link_list
from haowen.site.pages.frontmatter import no_search
from haowen.site.paths import READING_PATHS, category_page, series_page
from haowen.site.placement import reading_key
from haowen.site.reading import compact_list, holdings
from haowen.text.safe import markdown_text as escape


def shown_series(site: Site) -> list[Series]:
    """The series of data/series.yaml that have entries (at least two), in file order."""
    members = site.catalog.series_links
    return [s for s in site.catalog.series_index.series if len(members.get(s.id, ())) >= 2]


def topic(site: Site, links: list[Link]) -> str:
    """The top-level category most of `links` are filed under (the first one's on a tie)."""
    tops = Counter(site.catalog.parents[link.category].id for link in links)
    return max(tops, key=lambda top: (tops[top], -list(tops).index(top)))


def _about(series: Series, links: list[Link]) -> str:
    """作者 · 入门 · 共 5 篇 (or 收录第 2、3、5 篇), then the description."""
    facts = [escape(series.author)] if series.author else []
    facts += [series.level] if series.level else []
    facts.append(holdings(links) + "，按篇序阅读")
    text = " · ".join(facts) + "。\n"
    return text + (f"\n{escape(series.description)}\n" if series.description else "")


def _series_page(site: Site, series: Series) -> str:
    path = series_page(series.id)
    links = site.catalog.series_links[series.id]
    back = f"[全部学习路线]({site.doc_link(path, READING_PATHS)})\n"
    return "\n".join([f"{no_search()}# 系列：{escape(series.title)}\n", _about(series, links), back,
                      link_list(site, path, links)])


def _series_block(site: Site, series: Series) -> list[str]:
    links = site.catalog.series_links[series.id]
    target = site.doc_link(READING_PATHS, series_page(series.id))
    return [f"### 系列：[{escape(series.title)}]({target}) {{#s-{series.id}}}\n", _about(series, links),
            site.defer(READING_PATHS, partial(compact_list, site, READING_PATHS, links, ordered=True))]


def _topic_block(site: Site, cat: Category, picks: list[Link], series: list[Series]) -> list[str]:
    target = site.doc_link(READING_PATHS, category_page(cat.id))
    out = [f"## {escape(cat.title)} {{#{cat.id}}}\n", f"[{escape(cat.title)} 分类的全部文章]({target})\n"]
    if picks:
        out += [f"### 先读这几篇 {{#start-{cat.id}}}\n", site.defer(READING_PATHS, partial(compact_list, site, READING_PATHS, picks))]
    for one in series:
        out += _series_block(site, one)
    return out


def _paths_page(site: Site, all_series: list[Series]) -> str:
    by_topic: dict[str, list[Series]] = {}
    for series in all_series:
        by_topic.setdefault(topic(site, site.catalog.series_links[series.id]), []).append(series)
    blocks, contents = [], []
    for cat in site.catalog.ordered_categories():
        picks = sorted(site.catalog.picks(cat.id), key=reading_key)
        grouped = by_topic.get(cat.id, [])
        if picks or grouped:
            contents.append(f"[{escape(cat.title)}](#{cat.id})" + (f"（{len(grouped)} 个系列）" if grouped else ""))
            blocks += _topic_block(site, cat, picks, grouped)
    head = [f"{no_search()}# 学习路线\n",
            "按主题整理：每个主题先读几篇推荐（★），再按篇序读成体系的系列。点标题直接打开文章，“目录”链接指向它在分类页上的位置。\n",
            "主题：" + " · ".join(contents) + "\n" if contents else "各主题的推荐和系列正在整理中。\n"]
    return "\n".join([*head, *blocks])


def render(site: Site) -> dict[str, str]:
    all_series = shown_series(site)
    out = {series_page(s.id): _series_page(site, s) for s in all_series}
    out[READING_PATHS] = _paths_page(site, all_series)
    return out
