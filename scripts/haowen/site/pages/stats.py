"""统计: links per category, tag, source site and month, as inline SVG bar charts beside tables."""

from __future__ import annotations

from urllib.parse import urlencode

from haowen.site import counts
from haowen.site.context import Site
from haowen.site.pages.finder import FINDER
from haowen.site.pages.frontmatter import no_search
from haowen.site.paths import category_page, tag_page
from haowen.site.placement import plan, section_page
from haowen.site.svgchart import bar_chart
from haowen.text.safe import html_text as escape

STATS = "stats.md"
CHART_TAGS = 30
CHART_HOSTS = 20


def _table(head: tuple[str, str], rows: list[tuple[str, int]]) -> str:
    """Rows are (cell HTML, count); the cell HTML is already escaped."""
    body = "".join(f"<tr><td>{cell}</td><td>{n}</td></tr>" for cell, n in rows)
    return (f"<table><thead><tr><th>{head[0]}</th><th>{head[1]}</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _a(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def _section(heading: str, anchor: str, chart: str, table: str, note: str = "") -> str:
    """A Markdown heading, then the chart, then its table folded (every number once on screen)."""
    lead = f"{note}\n\n" if note else ""
    return (f"## {heading} {{#{anchor}}}\n\n{lead}"
            f'<div class="hw-stat"><div class="hw-stat__chart">{chart}</div>'
            f'<details class="hw-stat__table"><summary>{heading}：表格</summary>{table}</details></div>\n')


def _categories(site: Site) -> str:
    catalog, per = site.catalog, counts.by_category(site.catalog)
    tops = [(c.title, per[c.id]) for c in catalog.ordered_categories()]
    rows, plans = [], plan(site)
    for cat in catalog.ordered_categories():
        rows.append((_a(site.href(STATS, category_page(cat.id)), cat.title), per[cat.id]))
        rows += [("└ " + _a(site.href(STATS, category_page(cat.id, section_page(plans[cat.id], child.id)),
                                      child.id), child.title), per[child.id])
                 for child in cat.children]
    return _section("各分类文章数", "by-category", bar_chart(tops, "各分类文章数"), _table(("分类", "文章数"), rows))


def _tags(site: Site) -> str:
    ranked = sorted(counts.by_tag(site.catalog).items(), key=lambda kv: (-kv[1], kv[0]))
    labels = {t: site.catalog.tag_label(t) for t, _ in ranked}
    chart = bar_chart([(labels[t], n) for t, n in ranked[:CHART_TAGS]], "各标签文章数")
    rows = [(_a(site.href(STATS, tag_page(t)), labels[t]), n) for t, n in ranked]
    note = f"图中是文章最多的 {CHART_TAGS} 个标签，表中是全部 {len(ranked)} 个。" if len(ranked) > CHART_TAGS else ""
    return _section("各标签文章数", "by-tag", chart, _table(("标签", "文章数"), rows), note)


def _hosts(site: Site) -> str:
    ranked = sorted(counts.by_host(site.catalog).items(), key=lambda kv: (-kv[1], kv[0]))
    chart = bar_chart(ranked[:CHART_HOSTS], "各来源网站文章数")
    finder = site.href(STATS, FINDER)
    rows = [(_a(f"{finder}?{urlencode({'host': h})}", h), n) for h, n in ranked]
    note = f"图中是文章最多的 {CHART_HOSTS} 个网站，表中是全部 {len(ranked)} 个。" if len(ranked) > CHART_HOSTS else ""
    return _section("各来源网站文章数", "by-host", chart, _table(("网站", "文章数"), rows), note)


def _months(site: Site) -> str:
    months = counts.by_month(site.catalog)
    table = _table(("月份", "收录数"), [(escape(m), n) for m, n in months])
    return _section("每月收录", "by-month", bar_chart(months, "每月收录的文章数"), table,
                    "按收录日期（added）统计，图和表都从早到晚。")


def render(site: Site) -> dict[str, str]:
    catalog = site.catalog
    head = (no_search(hide_toc=True) + "# 统计\n\n"
            f"目录共收录 {len(catalog.links)} 篇文章，分属 {len(catalog.taxonomy.categories)} 个分类，"
            f"用到 {len(counts.by_tag(catalog))} 个标签，来自 {len(counts.by_host(catalog))} 个网站。\n\n")
    return {STATS: head + "\n".join((_categories(site), _tags(site), _hosts(site), _months(site)))}
