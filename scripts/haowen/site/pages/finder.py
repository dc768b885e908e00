"""筛选: every link on one page, filtered in the browser by keyword, category, tag, site and year.

The entries are rendered here (escaped, like every other page); docs/assets/finder.js only
toggles `hidden` on them, using the JSON embedded beside them (one row per entry, same order).
At most PAGE_SIZE matches are shown at a time (a button shows more), so that a keystroke
changes a few hundred elements, not thousands; without JavaScript every entry is shown.
"""

from __future__ import annotations

import json
from collections import Counter
from html import escape

from ...catalog import Catalog
from ...model import Link
from ...urls import host
from ..context import Site
from ..entry import render_entry

FINDER = "finder.md"
SCRIPT = "assets/finder.js"
STYLE = "assets/finder.css"
PAGE_SIZE = 100


def year(link: Link) -> int:
    """The year the finder files a link under: published, or added when that is unknown."""
    return (link.published or link.added).year


def _haystack(catalog: Catalog, link: Link) -> str:
    """The text the keyword box searches: title, note, tags (id and name) and host."""
    ids = tag_ids(catalog, link)
    labels = [catalog.tags[t].label for t in ids if t in catalog.tags]
    return "\n".join([link.title, link.note or "", *ids, *labels, host(link.url)])


def tag_ids(catalog: Catalog, link: Link) -> list[str]:
    return [catalog.resolve_tag(t) or t for t in link.tags]


def _row(catalog: Catalog, link: Link) -> list[object]:
    return [_haystack(catalog, link), link.category, catalog.parents[link.category].id,
            tag_ids(catalog, link), host(link.url), year(link)]


def data_json(catalog: Catalog) -> str:
    """The embedded data, safe inside a <script> element (no `<` survives)."""
    rows = [_row(catalog, link) for link in catalog.links]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


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
    tags = Counter(t for link in catalog.links for t in tag_ids(catalog, link))
    labels = {t: catalog.tags[t].label for t in tags if t in catalog.tags}
    hosts = Counter(host(link.url) for link in catalog.links)
    years = sorted({year(link) for link in catalog.links}, reverse=True)
    return (
        '<form class="hw-finder__form" role="search" action="" method="get">'
        '<label class="hw-finder__field hw-finder__field--q"><span>关键词</span>'
        '<input type="search" name="q" data-filter="q" autocomplete="off" '
        'placeholder="标题、备注、标签或网站，例如：量化"></label>'
        + _select("cat", "分类", "全部分类", _category_options(catalog))
        + _select("tag", "标签", "全部标签", _counted(tags, labels))
        + _select("host", "网站", "全部网站", _counted(hosts))
        + _select("year", "年份", "全部年份", [_option(str(y), str(y)) for y in years])
        + '<button type="reset" class="md-button">清除筛选</button></form>'
    )


def _items(site: Site) -> str:
    """Every entry in a wrapper; those past the first page start hidden (shown by <noscript> CSS)."""
    out = ['<div class="hw-links hw-finder__list">']
    for i, link in enumerate(site.catalog.links):
        hidden = " hidden" if i >= PAGE_SIZE else ""
        out.append(f'<div class="hw-finder__item"{hidden}>{render_entry(site, FINDER, link)}</div>')
    out.append("</div>")
    return "\n".join(out) + "\n"


def _finder(site: Site) -> str:
    catalog = site.catalog
    return (
        f'<div id="hw-finder" class="hw-finder" data-page-size="{PAGE_SIZE}">\n'
        f'<link rel="stylesheet" href="{escape(site.href(FINDER, STYLE))}">\n'
        f"{_form(catalog)}\n"
        f'<p class="hw-finder__count" data-count aria-live="polite">共 {len(catalog.links)} 篇</p>\n'
        '<p class="hw-finder__empty" data-empty hidden>没有符合条件的文章。换个关键词，或者清除筛选试试。</p>\n'
        '<noscript><style>.hw-finder__item[hidden] { display: block !important; }</style></noscript>\n'
        f"{_items(site)}"
        '<p><button type="button" class="md-button" data-more hidden>显示更多</button></p>\n'
        f'<script type="application/json" data-finder-data>{data_json(catalog)}</script>\n'
        f'<script src="{escape(site.href(FINDER, SCRIPT))}" defer></script>\n'
        "</div>\n"
    )


def render(site: Site) -> dict[str, str]:
    page = (
        "---\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n\n# 筛选\n\n"
        "输入关键词（不区分大小写，中文直接输入即可，多个词用空格隔开表示同时包含），"
        "或按分类、标签、网站和年份筛选。筛选条件保存在地址里，可以直接复制分享。"
        "年份是发表年份，不知道发表日期时按收录年份。\n"
        + site.defer(FINDER, lambda: _finder(site))  # the whole finder skips Markdown (deferred.py)
    )
    return {FINDER: page}
