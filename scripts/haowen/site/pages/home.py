"""The home page: what this is, counts per category, the newest links and how to contribute."""

from __future__ import annotations

from collections import Counter

from haowen.catalog.paths import HOME, READING_PATHS, RECENT, TAG_INDEX, category_page
from haowen.export.feed import newest
from haowen.site.context import SUGGEST_URL, Site
from haowen.site.entry import link_list
from haowen.site.pages.discovery import home_section
from haowen.site.pages.reading_paths import start_here_sections
from haowen.text.safe import markdown_text as escape

HOME_NEWEST = 10

INTRO = """\
# 好文

大模型与 AI 基础设施的中文好文精选目录：RWKV、MoE、训练、推理、CUDA、扩散模型……
每篇文章都经过整理、归类、打标签。可以按分类和[标签]({tags})浏览，也可以用右上角的搜索框按关键词查找，中文、英文（不区分大小写）都可以。
"""

CONTRIBUTE = """\
## 如何贡献

读到一篇值得推荐的中文好文？在 GitHub 上提一个“推荐文章”的 issue，写上链接和推荐理由即可；
熟悉 Git 的话，也可以直接修改 `data/links.yaml` 并提交 pull request（每页底部的“编辑此页”就指向它）。

[推荐文章]({suggest}){{ .md-button .md-button--primary target="_blank" rel="noopener noreferrer" }}
"""


def _counts(site: Site) -> str:
    per_top = Counter(site.catalog.parents[link.category].id for link in site.catalog.links
                      if link.category in site.catalog.parents)
    rows = ["| 分类 | 文章数 |", "| --- | ---: |"]
    for cat in site.catalog.ordered_categories():
        rows.append(f"| [{escape(cat.title)}]({site.doc_link(HOME, category_page(cat.id))}) | {per_top[cat.id]} |")
    rows.append(f"| **合计** | **{len(site.catalog.links)}** |")
    return "## 分类\n\n" + "\n".join(rows) + "\n"


def render(site: Site) -> dict[str, str]:
    links = newest(site.catalog, HOME_NEWEST)
    picks = start_here_sections(site, HOME, 3)
    paths = site.doc_link(HOME, READING_PATHS)
    parts = [
        INTRO.format(tags=site.doc_link(HOME, TAG_INDEX)),
        _counts(site),
        *([f"## 从这里开始\n\n每个分类推荐先读的几篇；成体系的系列文章见[学习路线]({paths})。\n", *picks] if picks else []),
        f"## 最新收录\n\n更多见[最近添加]({site.doc_link(HOME, RECENT)})。\n",
        link_list(site, HOME, links),
        home_section(site),  # issue 6: finder, statistics, feed, links.json
        CONTRIBUTE.format(suggest=SUGGEST_URL),
    ]
    return {HOME: "---\nsearch:\n  exclude: true\n---\n\n" + "\n".join(parts)}
