"""筛选: every link filtered in the browser by keyword, category, tag, kind, site and year, in a chosen order.

docs/assets/finder.js asks the site's search engine (docs/assets/search/engine.js, the header search's
own) for the matching entries and draws them PAGE_SIZE at a time with the markup of entry.py; the filters
are facet tokens of the same index (site/search/index.py).  Only the first PAGE_SIZE entries in standing
order are rendered here, as HTML for readers without JavaScript, so the page stays small at 100k links.
"""

from __future__ import annotations

from collections import Counter

from haowen.catalog.load import Catalog
from haowen.catalog.model import KIND_LABELS
from haowen.catalog.paths import FINDER, HOME, TAG_INDEX
from haowen.catalog.urls import host
from haowen.site import counts
from haowen.site.context import Site
from haowen.site.entry import render_entry
from haowen.site.pages.frontmatter import no_search
from haowen.site.search.index import FOLDER, UNKNOWN_YEAR, ranked
from haowen.text.safe import html_text as escape

SCRIPT = "assets/finder.js"
STYLE = "assets/finder.css"
PAGE_SIZE = 100  # entries the finder draws at a time (not the site's page_size: links per category page)
SORTS = [("", "推荐"), ("new", "最新"), ("old", "最早")]


def _option(value: str, label: str) -> str:
    return f'<option value="{escape(value)}">{escape(label)}</option>'


def _select(name: str, label: str, everything: str, options: list[str]) -> str:
    return (f'<label class="hw-finder__field"><span>{label}</span>'
            f'<select name="{name}" data-filter="{name}">{_option("", everything)}{"".join(options)}</select></label>')


def _category_options(catalog: Catalog) -> list[str]:
    out = []
    for cat in catalog.ordered_categories():
        out.append(_option(cat.id, cat.title))
        out += [_option(child.id, f"{cat.title} / {child.title}") for child in cat.children]
    return out


def _counted(counter: Counter[str], label: dict[str, str] | None = None) -> list[str]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return [_option(k, f"{(label or {}).get(k, k)}（{n}）") for k, n in ranked]


def _form(catalog: Catalog) -> str:
    links = catalog.links
    tags = counts.by_tag(catalog)
    labels = {t: catalog.tags[t].label for t in tags if t in catalog.tags}
    hosts = Counter(host(link.url) for link in links)
    years = Counter(str(link.published_on.year) if link.published_on else UNKNOWN_YEAR for link in links)
    known = sorted((y for y in years if y != UNKNOWN_YEAR), reverse=True)
    return (
        '<form class="hw-finder__form" role="search" action="" method="get">'
        '<label class="hw-finder__field hw-finder__field--q"><span>关键词</span>'
        '<input type="search" name="q" data-filter="q" autocomplete="off" '
        'placeholder="标题、备注、标签或网站，例如：量化"></label>'
        + _select("cat", "分类", "全部分类", _category_options(catalog))
        + _select("tag", "标签", "全部标签", _counted(tags, labels))
        + _select("kind", "类型", "全部类型", _counted(Counter(link.kind for link in links), KIND_LABELS))
        + _select("host", "网站", "全部网站", _counted(hosts))
        + _select("year", "发表年份", "全部年份",
                  [_option(y, f"{y}（{years[y]}）") for y in [*known, *([UNKNOWN_YEAR] if UNKNOWN_YEAR in years else [])]])
        + '<label class="hw-finder__field"><span>排序</span><select name="sort" data-filter="sort">'
        + "".join(_option(value, label) for value, label in SORTS) + "</select></label>"
        + '<button type="reset" class="md-button">清除筛选</button></form>'
    )


def _noscript(site: Site, total: int) -> str:
    """Without JavaScript the form does nothing: hide it and point to the category and tag pages."""
    home, tags = escape(site.href(FINDER, HOME)), escape(site.href(FINDER, TAG_INDEX))
    return ('<noscript><style>.hw-finder__form, .hw-finder__count { display: none; }</style>'
            f'<p class="hw-finder__noscript">筛选需要 JavaScript。下面只列出前 {min(total, PAGE_SIZE)} 篇'
            f'（共 {total} 篇），其余文章请按<a href="{home}">首页的分类</a>或<a href="{tags}">标签</a>浏览。'
            '</p></noscript>\n')


def _finder(site: Site) -> str:
    catalog = site.catalog
    links = catalog.links
    first = "\n".join(render_entry(site, FINDER, link, with_series=False, with_pick=True)
                      for link in ranked(site)[:PAGE_SIZE])
    index, root = escape(site.href(FINDER, FOLDER + "/")), escape(site.href(FINDER, HOME))
    return (
        f'<div id="hw-finder" class="hw-finder" data-page-size="{PAGE_SIZE}" data-index="{index}" data-root="{root}">\n'
        f'<link rel="stylesheet" href="{escape(site.href(FINDER, STYLE))}">\n'
        f"{_form(catalog)}\n"
        f'<p class="hw-finder__count" data-count aria-live="polite">共 {len(links)} 篇</p>\n'
        '<p class="hw-finder__empty" data-empty hidden>没有符合条件的文章。换个关键词，或者清除筛选试试。</p>\n'
        f"{_noscript(site, len(links))}"
        f'<div class="hw-links hw-finder__list">\n{first}\n</div>\n'
        '<p><button type="button" class="md-button" data-more hidden>显示更多</button></p>\n'
        f'<script src="{escape(site.href(FINDER, SCRIPT))}" defer></script>\n'
        "</div>\n"
    )


def render(site: Site) -> dict[str, str]:
    page = (
        no_search(hide_toc=True) + "# 筛选\n\n"
        "输入关键词（不区分大小写，中文直接输入即可，多个词用空格隔开表示同时包含；"
        "缩写、全称和中英文叫法都能找到，例如 DP 和数据并行），"
        "或按分类、标签、类型、网站和发表年份筛选（不知道发表日期的算“未知”），按推荐、最新或最早排序。"
        "筛选条件保存在地址里，可以直接复制分享；关键词的规则和顶部的搜索框相同。\n"
        + site.defer(FINDER, lambda: _finder(site))  # the whole finder skips Markdown (deferred.py)
    )
    return {FINDER: page}
