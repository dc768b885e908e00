"""筛选: every link filtered in the browser by keyword, category, tag, kind, site and year.

The page embeds compact JSON for all links (see `data_json`) and docs/assets/finder.js draws the matching
entries from it, PAGE_SIZE at a time, with the markup of entry.py.  Only the first PAGE_SIZE entries
are rendered here, as HTML for readers without JavaScript, so the page stays small at 100k links.
"""

from __future__ import annotations

import json
import json.encoder
from collections import Counter
from collections.abc import Iterable

from haowen.catalog.load import Catalog
from haowen.catalog.model import DEFAULT_KIND, KIND_LABELS, Link
from haowen.catalog.synonyms import key
from haowen.catalog.urls import host, host_label
from haowen.site import counts
from haowen.site.context import Site
from haowen.site.entry import render_entry
from haowen.site.pages.frontmatter import no_search
from haowen.site.paths import HOME, TAG_INDEX, tag_page
from haowen.site.search.docs import link_groups
from haowen.text.safe import html_text as escape

FINDER = "finder.md"
SCRIPT = "assets/finder.js"
STYLE = "assets/finder.css"
PAGE_SIZE = 100  # entries the finder draws at a time (not the site's page_size: links per category page)

_str = json.encoder.encode_basestring  # a JSON string, non-ASCII kept (json's C encoder)


def year(link: Link) -> int:
    """The year the finder files a link under: published, or added when that is unknown."""
    return (link.published_on or link.added).year


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _numbered(values: Iterable[str]) -> dict[str, int]:
    """Each distinct value by its position in order of first occurrence."""
    return {v: i for i, v in enumerate(dict.fromkeys(values))}


def _tag_row(site: Site, raw: str) -> list[str]:
    """[id to filter on, label, href of its page]: the label and href as entry.py renders them."""
    return [site.catalog.resolve_tag(raw) or raw, site.catalog.tag_label(raw), site.href(FINDER, tag_page(raw))]


def _dead(site: Site, link: Link) -> str:
    """`,[last alive, archive url]` for a link marked dead, else nothing."""
    mark = site.dead_mark(link)
    if mark is None:
        return ""
    return "," + _compact([mark.last_alive.isoformat() if mark.last_alive else None, mark.archive_url])


KINDS = list(KIND_LABELS)  # a row's kind is its index here


def _published(link: Link) -> str:
    value = link.published
    return "" if value is None else value if isinstance(value, str) else value.isoformat()


def _mirrors(link: Link) -> str:
    return _compact([[host_label(url), url] for url in link.mirrors]) if link.mirrors else "0"


def _row(site: Site, link: Link, host_index: int, cats: dict[str, int], tags: dict[str, str]) -> str:
    """One link as a JSON array (see `data_json`), as text: 100k live lists would set off full GCs."""
    return (f'[{_str(link.title)},{_str(link.url)},{_str(link.note or "")},{cats[link.category]},'
            f'[{",".join([tags[t] for t in link.tags])}],{host_index},{year(link)},'
            f'{KINDS.index(link.kind)},"{_published(link)}",{_mirrors(link)}{_dead(site, link)}]')


def _synonyms(site: Site, touched: list[set[int]]) -> tuple[list[list[str]], list[list[int]]]:
    """The synonym groups some link touches, as lists of term keys, and each link's groups numbered among them."""
    order = dict.fromkeys(g for groups in touched for g in sorted(groups))
    used = {g: i for i, g in enumerate(order)}
    table = [sorted({key(t) for t in site.thesaurus.groups[g]}) for g in used]
    return table, [sorted(used[g] for g in groups) for groups in touched]


def data_json(site: Site) -> str:
    """What finder.js needs, as JSON safe inside a <script> element (no `<` survives).

    {"cats": [[id, top-level id]], "tags": [[id, label, href]], "hosts": [host], "kinds": [[id, label]],
    "synonyms": [[term key]], "abbreviations": [term key], "link_synonyms": [[synonym group]], "links": [row]},
    a row per link in catalogue order: [title, url, note, category, [tags], host, year, kind, published or "",
    [[site label, url]] of its mirrors or 0] with indexes into the tables, plus [last alive, archive url] for
    a link marked dead.  A tag's label and href are those entry.py renders; its id (the one the filter uses)
    resolves aliases.  link_synonyms has the synonym groups each link's title, note and tags touch
    (haowen.site.search.docs.link_groups): a keyword that is a term of one finds it.
    """
    catalog = site.catalog
    links = catalog.links
    hosts = [host(link.url) for link in links]
    cats = _numbered(link.category for link in links)
    tags = _numbered(t for link in links for t in link.tags)
    host_ids = _numbered(hosts)
    synonyms, groups = _synonyms(site, [link_groups(site, link) for link in links])
    head = {"cats": [[c, catalog.parents[c].id] for c in cats],
            "tags": [_tag_row(site, t) for t in tags], "hosts": list(host_ids),
            "kinds": [[k, "" if k == DEFAULT_KIND else v] for k, v in KIND_LABELS.items()],
            "synonyms": synonyms, "abbreviations": site.thesaurus.abbreviations, "link_synonyms": groups}
    tag_refs = {t: str(i) for t, i in tags.items()}
    rows = ",".join([_row(site, link, host_ids[h], cats, tag_refs) for link, h in zip(links, hosts)])
    return (_compact(head)[:-1] + f',"links":[{rows}]}}').replace("<", "\\u003c")


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
    years = sorted({year(link) for link in links}, reverse=True)
    return (
        '<form class="hw-finder__form" role="search" action="" method="get">'
        '<label class="hw-finder__field hw-finder__field--q"><span>关键词</span>'
        '<input type="search" name="q" data-filter="q" autocomplete="off" '
        'placeholder="标题、备注、标签或网站，例如：量化"></label>'
        + _select("cat", "分类", "全部分类", _category_options(catalog))
        + _select("tag", "标签", "全部标签", _counted(tags, labels))
        + _select("kind", "类型", "全部类型", _counted(Counter(link.kind for link in links), KIND_LABELS))
        + _select("host", "网站", "全部网站", _counted(hosts))
        + _select("year", "年份", "全部年份", [_option(str(y), str(y)) for y in years])
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
    first = "\n".join(render_entry(site, FINDER, link, with_series=False) for link in links[:PAGE_SIZE])
    return (
        f'<div id="hw-finder" class="hw-finder" data-page-size="{PAGE_SIZE}">\n'
        f'<link rel="stylesheet" href="{escape(site.href(FINDER, STYLE))}">\n'
        f"{_form(catalog)}\n"
        f'<p class="hw-finder__count" data-count aria-live="polite">共 {len(links)} 篇</p>\n'
        '<p class="hw-finder__empty" data-empty hidden>没有符合条件的文章。换个关键词，或者清除筛选试试。</p>\n'
        f"{_noscript(site, len(links))}"
        f'<div class="hw-links hw-finder__list">\n{first}\n</div>\n'
        '<p><button type="button" class="md-button" data-more hidden>显示更多</button></p>\n'
        f'<script type="application/json" data-finder-data>{data_json(site)}</script>\n'
        f'<script src="{escape(site.href(FINDER, SCRIPT))}" defer></script>\n'
        "</div>\n"
    )


def render(site: Site) -> dict[str, str]:
    page = (
        no_search(hide_toc=True) + "# 筛选\n\n"
        "输入关键词（不区分大小写，中文直接输入即可，多个词用空格隔开表示同时包含；"
        "缩写、全称和中英文叫法都能找到，例如 DP 和数据并行），"
        "或按分类、标签、类型、网站和年份筛选。筛选条件保存在地址里，可以直接复制分享。"
        "年份是发表年份，不知道发表日期时按收录年份。\n"
        + site.defer(FINDER, lambda: _finder(site))  # the whole finder skips Markdown (deferred.py)
    )
    return {FINDER: page}
