"""Issue 24 in a real browser: the header search answers with articles, counted, all words matching, picks first.

On the repository's own site: the count is of articles and every one of them can be listed, all words must
match (the finder and the search box agree on every count), start-here picks lead the topic queries of every
category, the main link is the article, no data page appears, and a query overtaken by a newer one is dropped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from test_discovery import _expected, settled
from test_site_browser import SEARCH_INPUT, result_titles, search, wait_for_results

import sitebuild
from haowen.catalog.load import load_or_exit
from haowen.site.context import anchor
from haowen.site.search.tokens import shard_of, tokens

CATALOG = load_or_exit(sitebuild.ROOT / "data" / "links.yaml")
BY_URL = {link.url: link for link in CATALOG.links}
COUNT = re.compile(r"(\d+) 篇")


def _listed(page) -> list[list[str]]:
    """[main href, row href] of every result listed."""
    return page.eval_on_selector_all(".hw-result", "els => els.map(e => [e.querySelector('.md-search-result__link')"
                                     ".getAttribute('href'), e.querySelector('.hw-result__row').getAttribute('href')])")


def _count(page) -> int | None:
    """The number of articles the search reports: "N 篇", or the count under a partial-match label."""
    label = page.locator(".hw-result-label")
    text = label.inner_text() if label.count() else page.inner_text(".md-search-result__meta")
    found = COUNT.search(text)
    return int(found.group(1)) if found else None


def _scroll_to_end(page) -> None:
    """Scroll the result list to its end until nothing more loads."""
    for _ in range(200):
        before = page.locator(".hw-result").count()
        page.eval_on_selector(".md-search__scrollwrap", "el => el.scrollTop = el.scrollHeight")
        page.wait_for_timeout(100)
        if page.locator(".hw-result").count() == before and not page.locator(".hw-result-more").count():
            return


def test_the_browser_cuts_text_as_the_index_does(page, site_url: str) -> None:
    """Every title and category name of the catalogue: each token the query side makes, at its position, is one
    the index made of the same text, in the same shard."""
    texts = [link.title for link in CATALOG.links] + [c.title for c in CATALOG.categories.values()]
    texts += ["ＦｌａｓｈＡｔｔｅｎｔｉｏｎ－２ 权重量化", "cuda编程入门 LLMs llama.cpp", "ZeRO-3 与 DP/TP"]
    page.goto(site_url)
    cut = page.evaluate("""texts => texts.map(t => window.haowenSearch.tokens(t).map(q =>
        [q.tok, q.pos, window.haowenSearch.shardOf(q.tok, 64)]))""", texts)
    for text, query in zip(texts, cut):
        indexed = set(tokens(text))
        for tok, pos, shard in query:
            assert (tok, pos) in indexed, (text, tok, pos)
            assert shard == shard_of(tok, 64), (text, tok)


def test_the_count_is_of_articles_and_the_rest_load_on_scroll(page, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 700})
    search(page, site_url, "RLHF")
    total = _count(page)
    assert total is not None and total > 20
    assert page.locator(".hw-result").count() < total  # not all at once
    _scroll_to_end(page)
    listed = _listed(page)
    assert len(listed) == len({main for main, _ in listed}) == total  # every article once, and the count is of them


def test_ten_or_fewer_are_all_listed_and_every_word_must_match(page, site_url: str) -> None:
    titles = search(page, site_url, "量化 awq")
    expected = _expected(CATALOG, q="量化 awq")
    assert page.inner_text(".md-search-result__meta") == f"{len(expected)} 篇"
    assert 0 < len(expected) <= 10
    assert sorted(titles) == sorted(expected)
    assert all("量化" in t or "AWQ" in t.upper() for t in titles)


def test_without_a_match_for_every_word_the_best_partial_matches_name_the_word_left_out(page, site_url: str) -> None:
    search(page, site_url, "量化 没有这个词")
    assert page.inner_text(".md-search-result__meta") == "没有同时包含全部关键词的文章"
    assert "不含“没有这个词”" in page.inner_text(".hw-result-label")
    _scroll_to_end(page)
    assert _count(page) == len(_listed(page)) == len(_expected(CATALOG, q="量化"))


def _topics() -> dict[str, set[str]]:
    """Every category with start-here picks (filed in it or, for a top-level one, under it), by its Chinese
    and English name: query → the categories whose picks answer it."""
    out: dict[str, set[str]] = {}
    for cat in CATALOG.ordered_categories():
        for sub in [cat, *cat.children]:
            ids = {sub.id} if sub is not cat else {cat.id, *(c.id for c in cat.children)}
            if any(link.pick and link.category in ids for link in CATALOG.links):
                out.setdefault(sub.title, ids)
                out.setdefault(sub.title_en, ids)
    return out


_TOP5_JS = """async topics => {
  const engine = window.haowenSearch.engine(document.querySelector("[data-hw-search]").dataset.index);
  const out = {};
  for (const q of topics) {
    const result = await engine.search({q});
    out[q] = (await engine.records(result.ids.slice(0, 5))).map(r => r[1]);
  }
  return out;
}"""


def test_start_here_picks_lead_the_topic_queries_of_every_category(page, site_url: str) -> None:
    topics = _topics()
    assert len(topics) > 40
    page.goto(site_url)
    top5 = page.evaluate(_TOP5_JS, list(topics))
    missing = {q: [BY_URL[u].title for u in urls] for q, urls in top5.items()
               if not any(BY_URL[u].pick and BY_URL[u].category in topics[q] for u in urls)}
    assert not missing, f"这些主题的前五条里没有“从这里开始”：{missing}"


@pytest.mark.parametrize("query", ["注意力机制", "混合精度", "RWKV", "微调", "CUDA 入门", "RLHF", "flash attention"])
def test_the_first_result_of_everyday_queries_is_a_start_here_pick(page, site_url: str, query: str) -> None:
    search(page, site_url, query)
    first = page.locator(".hw-result").first
    assert first.locator(".hw-pick").count() == 1
    assert BY_URL[first.locator(".md-search-result__link").get_attribute("href")].pick


def test_the_main_link_is_the_article_and_the_second_its_row(page, site_url: str) -> None:
    search(page, site_url, "flash attention")
    listed = _listed(page)
    assert listed
    for (main, row), title in zip(listed, result_titles(page)):
        link = BY_URL[main]  # the article's own URL
        assert title == link.title
        top = CATALOG.parents[link.category].id
        assert row.endswith(f"categories/{top}/#{anchor(link)}")


@pytest.mark.parametrize("query", ["links.json", "json", "API", "统计", "MoE 负载均衡", "JSON Schema", "constructor __proto__"])
def test_data_pages_never_appear(page, site_url: str, query: str) -> None:
    search(page, site_url, query)
    _scroll_to_end(page)
    for main, row in _listed(page):
        assert main in BY_URL, main
        assert "categories/" in row and not re.search(r"links\.json|api/|stats/", row + main)


def test_the_search_box_and_the_finder_count_the_same(page, site_url: str) -> None:
    for query in ["RLHF", "flash attention", "量化 awq", "MoE 负载均衡", "DP", "cuda编程", "量化 没有这个词"]:
        search(page, site_url, query)
        header = _count(page)
        page.goto(f"{site_url}finder/?q={quote(query)}")
        settled(page)
        assert COUNT.search(page.inner_text("[data-count]")).group(1) == str(header), query


def test_the_finder_stars_start_here_picks_as_the_search_does(page, site_url: str) -> None:
    page.goto(f"{site_url}finder/?q=RLHF")
    settled(page)
    first = page.locator("#hw-finder .hw-link").first
    assert first.locator(".hw-pick").count() == 1
    assert BY_URL[first.locator(".hw-link__title > a").get_attribute("href")].pick
    assert sum(BY_URL[h].pick for h in page.eval_on_selector_all(
        "#hw-finder .hw-link:has(.hw-pick) .hw-link__title > a", "els => els.map(e => e.getAttribute('href'))")) > 0


def test_a_query_overtaken_by_a_newer_one_is_dropped(page, site_url: str) -> None:
    meta = json.loads((Path(sitebuild.site()) / "search/hw/meta.json").read_text(encoding="utf-8"))
    old, new = "rlhf", next(q for q in ("量化", "显存", "推理", "编译") if shard_of(q[0], meta["shards"])
                             != shard_of("rl", meta["shards"]))
    page.goto(site_url)
    page.click(SEARCH_INPUT)
    page.wait_for_function("window.haowenSearch.engine(document.querySelector('[data-hw-search]').dataset.index).meta")
    held = []

    def hold_first(route) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)  # the old query's shard: answered only after the new query is shown

    page.route("**/t/*.json", hold_first)
    page.fill(SEARCH_INPUT, old)
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held
    page.fill(SEARCH_INPUT, new)
    wait_for_results(page, new)
    shown = result_titles(page)
    assert shown and _count(page) == len(_expected(CATALOG, q=new))
    with page.expect_response("**/t/*.json"):
        held[0].continue_()
    page.wait_for_timeout(300)  # the old answer has arrived and is dropped
    assert page.evaluate("document.querySelector('[data-hw-search]').dataset.query") == new
    assert result_titles(page) == shown
    assert page.inner_text(".md-search-result__meta") == f"{_count(page)} 篇"
