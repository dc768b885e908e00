"""Files for reuse beside the pages: the Atom feed (feed.xml) and the public JSON (links.json)."""

from __future__ import annotations

from haowen.export.feed import FEED_PATH, FEED_SIZE, feed_xml
from haowen.export.json_doc import dumps
from haowen.site.context import Site
from haowen.site.pages.finder import FINDER
from haowen.site.pages.stats import STATS
from haowen.site.paths import HOME

LINKS_JSON = "links.json"
API = "api.md"


def render(site: Site) -> dict[str, str]:
    return {
        FEED_PATH: feed_xml(site.catalog, site.site_url).decode("utf-8"),
        LINKS_JSON: dumps(site.catalog),
    }


def home_section(site: Site) -> str:
    """The home page's pointers to the finder, the statistics, the feed and the data."""
    def to(path: str) -> str:
        return site.doc_link(HOME, path)
    return (
        "## 筛选、统计与订阅\n\n"
        f"- [筛选]({to(FINDER)})：按关键词、分类、标签、网站和年份即时筛选全部文章，筛选条件可以随链接分享。\n"
        f"- [统计]({to(STATS)})：各分类、标签、来源网站的文章数和每月收录数。\n"
        f"- [订阅新文章（Atom）]({to(FEED_PATH)})：最近添加的 {FEED_SIZE} 篇，任何 RSS 阅读器都能订阅。\n"
    )
