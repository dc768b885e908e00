"""`haowen check --propose-metadata`: which entries lack a date or an author, what their alive pages
say (web/pagemeta.py under the host's row of check.yaml), and the Markdown report for the pull request."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import httpx

from haowen.catalog.clock import china_today
from haowen.catalog.load import Catalog
from haowen.catalog.model import Link
from haowen.catalog.urls import canonical, host_label
from haowen.linkcheck.config import CheckConfig
from haowen.text.safe import BoundedLines, github_text, markdown_text
from haowen.web.markup import Stop, never
from haowen.web.pagemeta import PageMeta, Rules, page_meta

Field = Literal["published", "author"]
FIELDS: tuple[Field, ...] = ("published", "author")
FIELD_LABELS: dict[Field, str] = {"published": "发表日期", "author": "作者"}


@dataclass(frozen=True)
class Proposal:
    """One missing field of one entry, with the value its page gives and where on the page it is."""

    url: str
    title: str
    field: Field
    value: str
    where: str


def read_meta(config: CheckConfig, url: str, body: str, now: dt.datetime, stop: Stop = never) -> PageMeta:
    """What `body` (the page at `url`) says of its date and author, under the host's row of check.yaml
    (nothing when `stop` cuts the reading short)."""
    first = httpx.URL(url)
    rule = config.rule_for(first.host, first.port)
    rules = Rules(today=china_today(now),
                  published_patterns=tuple(re.compile(p) for p in (rule.published_patterns if rule else [])),
                  author_patterns=tuple(re.compile(p) for p in (rule.author_patterns if rule else [])),
                  generic_authors=frozenset(config.metadata.generic_authors),
                  max_author=config.metadata.max_author, host_rule=rule.name if rule else "")
    return page_meta(body, rules, stop)


def lacking(link: Link) -> list[Field]:
    """The fields `link` has no value for."""
    return [f for f in FIELDS if getattr(link, f) is None]


def wanted_urls(catalog: Catalog) -> set[str]:
    """Canonical URLs of the entries without a publication date or an author."""
    return {canonical(link.url) for link in catalog.links if lacking(link)}


def proposals(catalog: Catalog, found: Iterable[tuple[str, PageMeta]]) -> list[Proposal]:
    """For each (url, meta): the values `meta` gives for fields its entry lacks, in catalogue order."""
    by_url = dict(found)
    out = []
    for link in catalog.links:
        meta = by_url.get(canonical(link.url))
        for name in lacking(link) if meta else []:
            value = getattr(meta, name)
            if value is not None:
                out.append(Proposal(link.url, link.title, name, value.value, value.where))
    return out


MAX_REPORT = 50_000  # characters of the list in the pull-request body (GitHub's limit is 65,536)


def render_report(filled: list[Proposal], written: bool, refused: Iterable[tuple[Proposal, str]] = (),
                  limit: int = MAX_REPORT) -> str:
    """A short Markdown list of what was filled in (or would be): title, field, value, where found; then
    what was left out, and why.

    It becomes a pull-request body: at most `limit` characters, scraped text never mentions anyone."""
    page = BoundedLines(limit)
    page.add("### 从页面补充的发表日期和作者", "")
    left_out = [f"- {github_text(markdown_text(f'{p.title}（{host_label(p.url)}）：{FIELD_LABELS[p.field]} {p.value}：{why}'))}"
                for p, why in refused]
    if left_out:
        page.add("以下读到的值未写入（数据校验不通过）：", "")
        page.rows(left_out, 100, lambda n: f"…另有 {n:,} 项未写入")
        page.add("")
    if not filled:
        page.add("本次没有从页面读到可补充的发表日期或作者。")
        return page.text()
    entries = len({p.url for p in filled})
    done = "已写入 `data/links.yaml`" if written else "未写入（只列出）"
    page.add(f"{entries} 条目录缺少的字段由检查时读到的页面补充（{done}；已有的值不会被改动），合并前请核对：", "")
    items = [f"{p.title}（{host_label(p.url)}）：{FIELD_LABELS[p.field]} {p.value}（{p.where}）" for p in filled]
    page.rows([f"- {github_text(markdown_text(item))}" for item in items], None,
              lambda n: f"…另有 {n:,} 项未列出（见拉取请求的改动）")
    return page.text()
