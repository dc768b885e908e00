"""Discovery in a real browser: feed autodiscovery, links.json, the statistics page and the finder.

The finder and statistics run on a small catalogue built for these tests (known counts, a hostile
title); autodiscovery and links.json are checked on the repository's own site.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urljoin, urlsplit
from urllib.request import urlopen

import pytest

import sitebuild
from haowen.catalog.load import Catalog, load_or_exit
from haowen.catalog.model import Link
from haowen.catalog.synonyms import key
from haowen.catalog.urls import canonical
from haowen.catalog.urls import host as url_host
from haowen.editing.entrytext import links_text
from haowen.export.json_doc import document
from haowen.site.context import Site
from haowen.site.search.groups import tag_texts, touched
from haowen.site.search.index import ranked
from haowen.site.search.tokens import tokens

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '<img src=x onerror="window.__xss=1">恶意标题 & <b>粗</b>'
D = dt.date

LINKS = [
    Link(url="https://zhuanlan.zhihu.com/p/1", title="vLLM 的 PagedAttention 详解", category="engines",
         tags=["vllm", "pagedattention"], published=D(2023, 6, 1), added=D(2024, 5, 2)),
    Link(url="https://mp.weixin.qq.com/s/q1", title="大模型量化入门：GPTQ 与 AWQ", category="quantization",
         tags=["量化", "gptq"], added=D(2024, 5, 20)),
    Link(url="https://github.com/x/flash", title="FlashAttention 注意力算子原理", category="attention-kernels",
         tags=["flashattention"], published=D(2022, 7, 1), added=D(2024, 7, 1)),
    Link(url="https://example.com/evil", title=HOSTILE, category="data",
         note="<script>window.__xss=2</script>备注里提到量化", added=D(2024, 7, 3)),
    Link(url="https://arxiv.org/abs/2401.04088", title="Mixtral of Experts", category="moe",
         tags=["moe"], note="讲清楚了专家路由", added=D(2024, 7, 4)),
    Link(url="https://zhuanlan.zhihu.com/p/2", title="Speculative Decoding in SGLang", category="speculative",
         tags=["sglang", "投机采样"], added=D(2024, 7, 5)),
]
DEAD = LINKS[4]  # marked dead on the small site


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> str:
    """A site built from the six links above, with the real taxonomy and tags; DEAD is marked dead."""
    root = tmp_path_factory.mktemp("discovery")
    data = root / "data"
    shutil.copytree(sitebuild.ROOT / "data", data, ignore=shutil.ignore_patterns("sources", "links.yaml"))
    (data / "links.yaml").write_text(links_text(LINKS), encoding="utf-8")
    (data / "link-status.json").write_text(json.dumps({"version": 1, "links": {canonical(DEAD.url): {
        "status": "dead", "last_checked": "2026-01-02T08:00:00+00:00", "confirmed_dead": True,
        "first_failed": "2025-12-30T08:00:00+00:00", "consecutive_failures": 3,
        "last_alive": "2025-12-24T07:00:00+00:00", "archive_url": "https://web.archive.org/web/2025/x"}}}),
        encoding="utf-8")
    result = sitebuild.build(root / "site", catalog=data / "links.yaml")
    assert result.returncode == 0, result.stderr
    return serve(root / "site")


def settled(page) -> None:
    """Wait until the finder shows the result of its latest filter (it asks the search engine, which may fetch)."""
    page.wait_for_selector("#hw-finder[data-ready]:not([data-busy])", state="attached")


def _titles(page) -> list[str]:
    """The titles of the entries the finder shows: its DOM holds no others.

    textContent, not innerText: entries below the fold are not laid out (content-visibility)."""
    settled(page)
    return page.locator("#hw-finder .hw-link .hw-link__title > a").all_text_contents()


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _entries(page):
    """Every entry in the finder's DOM, drawn or not."""
    return page.locator("#hw-finder .hw-link")


# Feed and links.json on the repository's own site


@pytest.mark.parametrize("path", ["", "stats/", "finder/", "categories/moe/", "api/"])
def test_every_page_announces_the_feed(page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    link = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert link.count() == 1
    href = urljoin(page.url, link.get_attribute("href"))
    assert href == site_url + "feed.xml"
    with urlopen(href) as response:
        feed = ET.fromstring(response.read())
    assert len(feed.findall(f"{ATOM}entry")) == 50


def test_home_page_links_to_feed_finder_and_statistics(page, site_url: str) -> None:
    page.goto(site_url)
    for name, target in (("订阅新文章（Atom）", "feed.xml"), ("筛选", "finder/"), ("统计", "stats/")):
        link = page.locator("article").get_by_role("link", name=name, exact=True)
        assert urljoin(page.url, link.first.get_attribute("href")) == site_url + target


def test_links_json_is_the_public_document(page, site_url: str) -> None:
    page.goto(site_url + "api/")
    loaded = page.evaluate("fetch('../links.json').then(r => r.json())")
    expected = document(load_or_exit(sitebuild.ROOT / "data" / "links.yaml"))
    assert loaded == json.loads(json.dumps(expected))
    assert page.get_by_role("heading", name="稳定性承诺").count() == 1


# Statistics page


def test_statistics_page_has_charts_and_tables(page, small_site: str) -> None:
    page.goto(small_site + "stats/")
    charts = page.locator("article svg.hw-chart")
    assert charts.count() == 4
    for i in range(4):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 200 and box["height"] > 10
    assert "目录共收录 6 篇文章" in page.locator("article").inner_text()
    assert page.locator("details.hw-stat__table[open]").count() == 0  # tables folded under their charts
    page.evaluate("document.querySelectorAll('details.hw-stat__table').forEach(d => d.open = true)")
    # per category (a child counts in its parent), per tag, per host, per month
    rows = dict(r.split("\t") for r in page.locator("#by-category + div table tbody tr").all_inner_texts())
    assert rows["推理与部署"] == "2" and rows["└ 推理引擎"] == "1" and rows["数据"] == "1"
    tags = dict(r.split("\t") for r in page.locator("#by-tag + div table tbody tr").all_inner_texts())
    assert tags["vLLM"] == "1" and tags["量化"] == "1"
    hosts = dict(r.split("\t") for r in page.locator("#by-host + div table tbody tr").all_inner_texts())
    assert hosts == {"zhuanlan.zhihu.com": "2", "mp.weixin.qq.com": "1", "github.com": "1",
                     "example.com": "1", "arxiv.org": "1"}
    months = dict(r.split("\t") for r in page.locator("#by-month ~ div table tbody tr").all_inner_texts())
    assert months == {"2024-07": "4", "2024-06": "0", "2024-05": "2"}
    bars = page.locator("#by-month + p + div svg .hw-bar")
    assert bars.count() == 3


def test_statistics_bars_are_proportional(page, small_site: str) -> None:
    page.goto(small_site + "stats/")
    rects = page.locator("#by-host + div svg rect")
    widths = [float(rects.nth(i).get_attribute("width")) for i in range(rects.count())]
    assert widths[0] == pytest.approx(2 * widths[1], rel=0.01)


def test_statistics_host_links_open_the_finder_filtered(page, small_site: str) -> None:
    page.goto(small_site + "stats/")
    page.locator("#by-host + div summary").click()
    page.locator("#by-host + div table").get_by_role("link", name="arxiv.org").click()
    page.wait_for_url("**/finder/?host=arxiv.org")
    assert _titles(page) == ["Mixtral of Experts"]


# Finder


def test_finder_shows_everything_and_loads_nothing_from_elsewhere(page, small_site: str) -> None:
    page.goto(small_site + "finder/")
    assert len(_titles(page)) == 6
    assert page.locator("[data-count]").inner_text() == "共 6 篇"
    assert page.locator("[data-empty]").is_hidden()
    assert all(url.startswith(small_site) for url in page.requested), page.requested


def test_hostile_title_and_note_are_text(page, small_site: str) -> None:
    page.goto(small_site + "finder/")
    page.get_by_role("searchbox").fill("恶意")
    assert _titles(page) == [HOSTILE]
    assert page.locator("#hw-finder .hw-link__note").all_text_contents() == [LINKS[3].note]
    assert page.evaluate("window.__xss") is None
    assert page.locator("#hw-finder img, #hw-finder .hw-link script, #hw-finder b").count() == 0


# The markup entry.py renders, which the server-rendered first page has; the finder's own entries
# differ only in having no heading id (an anchor on the category pages) and no line breaks between blocks.
_SAME_MARKUP_JS = """html => {
  const normal = list => Array.from(list.querySelectorAll(".hw-link"), e => {
    const copy = e.cloneNode(true);
    copy.querySelectorAll("[id]").forEach(n => n.removeAttribute("id"));
    Array.from(copy.childNodes).filter(n => n.nodeType === 3 && !n.data.trim()).forEach(n => n.remove());
    return copy.outerHTML;
  });
  const served = new DOMParser().parseFromString(html, "text/html");
  return [normal(served.querySelector(".hw-finder__list")), normal(document.querySelector(".hw-finder__list"))];
}"""


def test_entries_have_the_markup_of_every_other_page(page, small_site: str) -> None:
    page.goto(small_site + "finder/")
    settled(page)
    with urlopen(small_site + "finder/") as response:
        served, drawn = page.evaluate(_SAME_MARKUP_JS, response.read().decode())
    assert len(served) == len(drawn) == 6
    assert drawn == served
    dead = page.locator("#hw-finder .hw-link", has_text=DEAD.title)
    assert dead.locator(".hw-dead-mark").text_content() == "可能失效最后可访问 2025-12-24存档"
    page.locator("#hw-finder .hw-tag", has_text="#投机采样").click()
    assert unquote(urlsplit(page.url).path) == "/tags/投机采样/"
    assert "投机采样" in page.locator("article h1").first.inner_text()


def test_typing_filters_instantly_and_keeps_the_query_in_the_url(page, small_site: str) -> None:
    page.goto(small_site + "finder/")
    page.get_by_role("searchbox").press_sequentially("量化")
    assert sorted(_titles(page)) == sorted(["大模型量化入门：GPTQ 与 AWQ", HOSTILE])
    assert page.locator("[data-count]").inner_text() == "找到 2 篇（共 6 篇）"
    assert _query(page) == {"q": ["量化"]}


@pytest.mark.parametrize(("typed", "expected"), [
    ("SPECULATIVE sglang", ["Speculative Decoding in SGLang"]),  # case-insensitive, every word must occur
    ("意力算", ["FlashAttention 注意力算子原理"]),  # Chinese substring, no word segmentation
    ("专家路由", ["Mixtral of Experts"]),  # note
    ("pagedattention", ["vLLM 的 PagedAttention 详解"]),  # tag
    ("投机", ["Speculative Decoding in SGLang"]),  # tag name
    ("arxiv.org", ["Mixtral of Experts"]),  # host
])
def test_keyword_box_searches_title_note_tags_and_host(page, small_site: str, typed: str,
                                                       expected: list[str]) -> None:
    page.goto(small_site + "finder/")
    page.get_by_role("searchbox").fill(typed)
    assert _titles(page) == expected


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("cat", "inference", ["vLLM 的 PagedAttention 详解", "Speculative Decoding in SGLang"]),  # with children
    ("cat", "speculative", ["Speculative Decoding in SGLang"]),
    ("tag", "gptq", ["大模型量化入门：GPTQ 与 AWQ"]),
    ("host", "zhuanlan.zhihu.com", ["vLLM 的 PagedAttention 详解", "Speculative Decoding in SGLang"]),
    ("year", "2023", ["vLLM 的 PagedAttention 详解"]),  # the publication year
    ("year", "未知", ["Speculative Decoding in SGLang", "Mixtral of Experts", HOSTILE,
                    "大模型量化入门：GPTQ 与 AWQ"]),  # no publication date: never the year it was added
])
def test_each_select_filters(page, small_site: str, field: str, value: str, expected: list[str]) -> None:
    page.goto(small_site + "finder/")
    page.locator(f'select[name="{field}"]').select_option(value)
    assert _titles(page) == expected
    assert _query(page) == {field: [value]}


@pytest.mark.parametrize(("sort", "expected"), [
    ("new", [LINKS[0].title, LINKS[2].title]),  # published 2023, 2022; then the undated ones
    ("old", [LINKS[2].title, LINKS[0].title]),
])
def test_sort_by_publication_date_puts_undated_last(page, small_site: str, sort: str, expected: list[str]) -> None:
    page.goto(small_site + "finder/")
    settled(page)
    page.locator('select[name="sort"]').select_option(sort)
    titles = _titles(page)
    assert titles[:2] == expected and len(titles) == 6
    assert _query(page) == {"sort": [sort]}


def test_filters_combine_and_clear(page, small_site: str) -> None:
    page.goto(small_site + "finder/")
    page.locator('select[name="host"]').select_option("zhuanlan.zhihu.com")
    page.get_by_role("searchbox").fill("vllm")
    assert _titles(page) == ["vLLM 的 PagedAttention 详解"]
    page.get_by_role("button", name="清除筛选").click()
    page.wait_for_function("!location.search")
    assert len(_titles(page)) == 6


def test_url_restores_the_filter(page, small_site: str) -> None:
    page.goto(small_site + "finder/?q=量化&tag=gptq")
    assert page.get_by_role("searchbox").input_value() == "量化"
    assert page.locator('select[name="tag"]').input_value() == "gptq"
    assert _titles(page) == ["大模型量化入门：GPTQ 与 AWQ"]
    # Material's own search box also reads ?q=; on the finder it stays closed and q stays in the URL
    assert not page.locator('[data-md-toggle="search"]').is_checked()
    assert _query(page) == {"q": ["量化"], "tag": ["gptq"]}


def test_empty_result_message(page, small_site: str) -> None:
    page.goto(small_site + "finder/?q=不存在的词")
    assert _titles(page) == []
    assert page.locator("[data-empty]").is_visible()
    assert page.locator("[data-count]").inner_text() == "找到 0 篇（共 6 篇）"
    page.get_by_role("searchbox").fill("")
    settled(page)
    assert page.locator("[data-empty]").is_hidden()


def test_unknown_value_in_url_matches_nothing(page, small_site: str) -> None:
    page.goto(small_site + "finder/?tag=no-such-tag")
    settled(page)
    assert page.locator('select[name="tag"]').input_value() == "no-such-tag"
    assert page.locator("[data-empty]").is_visible()


def test_long_results_show_a_page_at_a_time(page, site_url: str) -> None:
    links = ranked(Site(load_or_exit(sitebuild.ROOT / "data" / "links.yaml")))
    total = len(links)
    page.goto(site_url + "finder/")
    settled(page)
    assert page.locator("[data-count]").inner_text() == f"共 {total} 篇"
    assert _entries(page).count() == 100
    more = page.locator("[data-more]")
    assert more.inner_text() == f"显示更多（还有 {total - 100} 篇）"
    more.click()
    assert _titles(page) == [link.title for link in links[:200]]
    assert _entries(page).count() == 200
    assert more.inner_text() == f"显示更多（还有 {total - 200} 篇）"
    page.get_by_role("searchbox").fill("zhihu")
    settled(page)
    assert _entries(page).count() == 100


def test_the_dom_never_holds_more_than_a_page(page, site_url: str) -> None:
    page.goto(site_url + "finder/")
    box = page.get_by_role("searchbox")
    for letter in "attention":
        box.press(letter)
        assert _entries(page).count() <= 100
    settled(page)
    page.locator('select[name="host"]').select_option(index=1)
    settled(page)
    assert 0 < _entries(page).count() <= 100


def _term_finds(site: Site, link: Link, term: str) -> bool:
    """The rules of README's search section, worked out here from the catalogue: a typed word finds a link
    through a synonym group the link touches, or by all its tokens (tokens.py) among the link's — a word of
    three letters or more that is no abbreviation, and a lone Chinese character, also by the start of one."""
    catalog = site.catalog
    th = site.thesaurus
    cats = [c.title for c in catalog.category_path(link.category)]
    texts = [link.title, link.note or "", *tag_texts(site, link), url_host(link.url), *cats]
    if key(term) in th.by_key and th.by_key[key(term)] in touched(th, texts):
        return True
    have = {t for text in texts for t, _ in tokens(text)}
    wanted = [t for t, _ in tokens(term) if len(t) > 1 or t.isascii()]  # a Chinese run's last character is not typed
    if re.fullmatch(r"\W*\w\W*", term) and not term.strip().isascii():
        wanted = [term.strip()]
    for tok in wanted:
        prefix = (len(tok) == 1 and not tok.isascii()) or (tok.isalpha() and tok.isascii() and len(tok) >= 3
                                                            and tok not in th.abbreviations)
        if not (tok in have or prefix and any(h.startswith(tok) for h in have)):
            return False
    return bool(wanted)


def _expected(catalog: Catalog, q: str = "", cat: str = "", tag: str = "", host: str = "",
              year: str = "") -> list[str]:
    """The titles the finder should list for a filter (in standing order), worked out here from the catalogue."""
    out = []
    site = Site(catalog)
    for link in ranked(site):
        ids = [catalog.resolve_tag(t) or t for t in link.tags]
        published = str(link.published_on.year) if link.published_on else "未知"
        if (all(_term_finds(site, link, term) for term in q.split())
                and cat in ("", link.category, catalog.parents[link.category].id)
                and tag in ("", *ids) and host in ("", url_host(link.url)) and year in ("", published)):
            out.append(link.title)
    return out


@pytest.mark.parametrize("state", [
    {},
    {"q": "cuda"},
    {"q": "Attention 优化"},
    {"q": "量化"},
    {"cat": "inference"},
    {"cat": "inference", "q": "vllm"},
    {"tag": "flashattention"},
    {"host": "zhuanlan.zhihu.com", "year": "未知"},
    {"year": "2023"},
    {"host": "github.com", "q": "cuda"},
])
def test_results_match_the_catalogue(page, site_url: str, state: dict[str, str]) -> None:
    catalog = load_or_exit(sitebuild.ROOT / "data" / "links.yaml")
    expected = _expected(catalog, **state)
    assert expected, state
    page.goto(site_url + "finder/?" + urlencode(state))
    settled(page)
    total = len(catalog.links)
    count = f"共 {total} 篇" if len(expected) == total else f"找到 {len(expected)} 篇（共 {total} 篇）"
    assert page.locator("[data-count]").inner_text() == count
    more, shown = page.locator("[data-more]"), 100
    if len(expected) > shown:
        more.click()
        shown = 200
    titles = _titles(page)
    assert sorted(titles) == sorted(expected[:shown]) if len(expected) <= shown else len(titles) == shown
    if not state.get("q"):
        assert titles == expected[:shown]  # with no words typed: standing order
    assert more.is_visible() == (len(expected) > shown)


def test_without_javascript_the_first_page_and_a_way_on(browser, small_site: str, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "finder/")
    assert _entries(page).count() == 100
    note = page.locator(".hw-finder__noscript")
    assert note.is_visible() and "筛选需要 JavaScript" in note.inner_text()
    assert page.locator(".hw-finder__form").is_hidden()
    note.get_by_role("link", name="首页的分类").click()
    assert urlsplit(page.url).path == urlsplit(site_url).path
    page.goto(small_site + "finder/")
    shown = page.locator("#hw-finder .hw-link .hw-link__title > a").all_text_contents()
    assert shown == [LINKS[i].title for i in (0, 2, 5, 4, 3, 1)]  # standing order: dated first, then newest added
    context.close()
