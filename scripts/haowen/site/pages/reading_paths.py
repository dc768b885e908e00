"""学习路线: every series in reading order and each top-level category's start-here picks; a page per series."""

from __future__ import annotations

from functools import partial

from haowen.catalog.model import Series
from haowen.catalog.paths import READING_PATHS, category_page, series_page
from haowen.site.context import Site
from haowen.site.entry import link_list
from haowen.site.reading import compact_list
from haowen.text.safe import markdown_text as escape

NO_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"  # every entry's search result is on its category page


def shown_series(site: Site) -> list[Series]:
    """The series of data/series.yaml that have entries (at least two), in file order."""
    members = site.catalog.series_links
    return [s for s in site.catalog.series_index.series if len(members.get(s.id, ())) >= 2]


def _about(series: Series, count: int) -> str:
    by = f"{escape(series.author)} · " if series.author else ""
    text = f"{by}共 {count} 篇，按顺序阅读。\n"
    return text + (f"\n{escape(series.description)}\n" if series.description else "")


def _series_page(site: Site, series: Series) -> str:
    path = series_page(series.id)
    links = site.catalog.series_links[series.id]
    back = f"[全部学习路线]({site.doc_link(path, READING_PATHS)})\n"
    return "\n".join([f"{NO_SEARCH}# 系列：{escape(series.title)}\n", _about(series, len(links)), back,
                      link_list(site, path, links)])


def _series_section(site: Site, all_series: list[Series]) -> list[str]:
    if not all_series:
        return ["## 系列\n", "系列正在整理中。\n"]
    out = ["## 系列\n", "按顺序写成的一组文章，从第一篇读起。\n"]
    for series in all_series:
        links = site.catalog.series_links[series.id]
        target = site.doc_link(READING_PATHS, series_page(series.id))
        out += [f"### [{escape(series.title)}]({target}) {{#s-{series.id}}}\n", _about(series, len(links)),
                site.defer(READING_PATHS, partial(compact_list, site, READING_PATHS, links, ordered=True))]
    return out


def start_here_sections(site: Site, page: str, level: int) -> list[str]:
    """Per top-level category with picks: a heading linking to the category, then its picks."""
    out = []
    for cat in site.catalog.ordered_categories():
        picks = site.catalog.picks(cat.id)
        if picks:
            target = site.doc_link(page, category_page(cat.id))
            out += [f"{'#' * level} [{escape(cat.title)}]({target})\n",
                    site.defer(page, partial(compact_list, site, page, picks))]
    return out


def _paths_page(site: Site, all_series: list[Series]) -> str:
    picks = start_here_sections(site, READING_PATHS, 3)
    head = [f"{NO_SEARCH}# 学习路线\n", "不知道从哪里读起？下面是成体系的系列文章，以及每个分类推荐先读的几篇。\n"]
    starts = ["## 从这里开始\n", "每个分类里最适合入门的几篇。\n", *picks] if picks else \
        ["## 从这里开始\n", "各分类的入门推荐正在整理中。\n"]
    return "\n".join([*head, *_series_section(site, all_series), *starts])


def render(site: Site) -> dict[str, str]:
    all_series = shown_series(site)
    out = {series_page(s.id): _series_page(site, s) for s in all_series}
    out[READING_PATHS] = _paths_page(site, all_series)
    return out
