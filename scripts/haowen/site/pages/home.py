"""The home page: articles first (a few picks per topic as cards), then the categories, the recently
added links, the tools and how to contribute.  No entry is listed twice."""

from __future__ import annotations

from collections import Counter

from haowen.catalog.model import KIND_LABELS, LANG_LABELS, Category, Link
from haowen.catalog.urls import host_label
from haowen.site.context import SUGGEST_URL, Site
from haowen.site.entry import link_list
from haowen.site.pages.discovery import home_section
from haowen.site.pages.frontmatter import no_search
from haowen.site.pages.recent import listed
from haowen.site.paths import HOME, READING_PATHS, RECENT, TAG_INDEX, category_page
from haowen.site.placement import reading_key
from haowen.site.reading import lang_attr, pick_star, place_link
from haowen.text.safe import html_text

HOME_CARDS = 3  # picks per topic on the home page
HOME_NEWEST = 10

INTRO = """\
# 好文 {{#haowen}}

大模型与 AI 基础设施的中文好文精选目录。先从下面各主题的推荐读起，也可以按分类、[标签]({tags})、[学习路线]({paths})浏览，或用右上角的搜索框查找。
"""

CONTRIBUTE = """\
## 如何贡献

读到一篇值得推荐的中文好文？在 GitHub 上提一个“推荐文章”的 issue，写上链接和推荐理由即可；
熟悉 Git 的话，也可以直接修改 `data/links.yaml` 并提交 pull request（步骤见 CONTRIBUTING.md）。

[推荐文章]({suggest}){{ .md-button .md-button--primary target="_blank" rel="noopener noreferrer" }}
"""


def _card(site: Site, link: Link) -> str:
    """One article as a card: the title linking to it (new tab), its site and kind, its place in the catalogue."""
    meta = [host_label(link.url), KIND_LABELS[link.kind], *([LANG_LABELS[link.lang]] if link.lang in LANG_LABELS else [])]
    return (f'<li class="hw-card">{pick_star(link)}<a class="hw-card__title" href="{html_text(link.url)}" '
            f'target="_blank" rel="noopener noreferrer"{lang_attr(link)}>{html_text(link.title)}</a>'
            f'<span class="hw-card__meta">{html_text(" · ".join(meta))}</span>'
            f'<span class="hw-card__place">{place_link(site, HOME, link)}</span></li>')


def _topics(site: Site) -> list[tuple[Category, list[Link]]]:
    """Each top-level category with picks, and the first HOME_CARDS of them in reading order."""
    out = []
    for cat in site.catalog.ordered_categories():
        picks = sorted(site.catalog.picks(cat.id), key=reading_key)[:HOME_CARDS]
        if picks:
            out.append((cat, picks))
    return out


def _cards(site: Site, topics: list[tuple[Category, list[Link]]]) -> str:
    """Per topic: its name (linking to the category) and its picks as cards."""
    out = []
    for cat, picks in topics:
        href = html_text(site.href(HOME, category_page(cat.id)))
        out.append(f'<section class="hw-topic" aria-labelledby="t-{cat.id}"><h3 id="t-{cat.id}" class="hw-topic__title">'
                   f'<a href="{href}">{html_text(cat.title)}</a></h3>\n'
                   f'<ul class="hw-cards">{"".join(_card(site, link) for link in picks)}</ul></section>')
    return '<div class="hw-topics">\n' + "\n".join(out) + "\n</div>\n"


def _categories(site: Site) -> str:
    """Every top-level category with its number of links and its description."""
    per_top = Counter(site.catalog.parents[link.category].id for link in site.catalog.links
                      if link.category in site.catalog.parents)
    rows = "".join(f'<li><a href="{html_text(site.href(HOME, category_page(cat.id)))}">{html_text(cat.title)}</a>'
                   f'（{per_top[cat.id]} 篇）<span class="hw-categories__about">{html_text(cat.description)}</span></li>'
                   for cat in site.catalog.ordered_categories())
    return f'<ul class="hw-categories">{rows}</ul>\n'


def _newest(site: Site, shown: list[Link]) -> list[str]:
    """The links added one by one most recently, leaving out those the cards show."""
    seen = {id(link) for link in shown}
    links = [link for _, day in listed(site, HOME_NEWEST + len(seen)) for link in day if id(link) not in seen]
    if not links:
        return []
    return [f"## 最近添加\n\n逐条收录的最新 {len(links[:HOME_NEWEST])} 篇；按日期列出的全部见[最近添加]({site.doc_link(HOME, RECENT)})。\n",
            link_list(site, HOME, links[:HOME_NEWEST])]


def render(site: Site) -> dict[str, str]:
    topics = _topics(site)
    shown = [link for _, picks in topics for link in picks]
    catalog = site.catalog
    parts = [
        INTRO.format(tags=site.doc_link(HOME, TAG_INDEX), paths=site.doc_link(HOME, READING_PATHS)),
        *(["## 推荐阅读 {#picks}\n\n每个主题先读这几篇（★ 推荐），点标题直接打开文章。\n",
           site.defer(HOME, lambda: _cards(site, topics))] if topics else []),
        f"## 分类 {{#categories}}\n\n共 {len(catalog.links)} 篇，分属 {len(catalog.taxonomy.categories)} 个分类。\n",
        site.defer(HOME, lambda: _categories(site)),
        *_newest(site, shown),
        home_section(site),  # issue 6: finder, statistics, feed
        CONTRIBUTE.format(suggest=SUGGEST_URL),
    ]
    return {HOME: no_search() + "\n".join(parts)}
