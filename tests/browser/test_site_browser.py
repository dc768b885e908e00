"""The site in a real browser: browsing, search, tags, hostile titles, no third-party requests, screenshots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

import sitebuild

SEARCH_INPUT = "input.md-search__input"
# The titles of the results listed, without the ★ mark's words and the kind badge.
_TITLES_JS = """els => els.map(h => {
  const copy = h.cloneNode(true);
  copy.querySelectorAll(".hw-pick, .hw-kind").forEach(n => n.remove());
  return copy.textContent.trim();
})"""


def wait_for_results(page, query: str) -> None:
    """Wait until the header search lists the results of `query` (search.js marks what its list shows)."""
    page.wait_for_function("q => document.querySelector('[data-hw-search]').dataset.query === q", arg=query.strip())


def result_titles(page) -> list[str]:
    """The titles of the results listed, best first."""
    return page.eval_on_selector_all(".md-search-result__list .hw-result__title", _TITLES_JS)


def search(page, base: str, query: str, path: str = "") -> list[str]:
    """Type `query` into the header search on the page at `path`; the titles of the results listed."""
    page.goto(base + path)
    page.click(SEARCH_INPUT)
    page.keyboard.type(query)
    wait_for_results(page, query)
    return result_titles(page)


def test_home_to_category_to_article(page, site_url: str) -> None:
    page.goto(site_url)
    assert "推荐文章" in page.inner_text("article")
    button = page.locator("a.md-button", has_text="推荐文章")
    assert button.get_attribute("href") == "https://github.com/haowen-cn/haowen/issues/new?template=suggest-link.yml"
    page.locator("article ul.hw-categories a", has_text="训练与分布式").click()
    page.wait_for_url(re.compile(r"/categories/training/$"))
    link = page.locator(".hw-link__title a").first
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert link.get_attribute("href").startswith("https://")
    assert page.locator("h2#distributed").is_visible()


@pytest.mark.parametrize(("query", "expected"), [
    ("张量并行", "深入理解 Megatron-LM（5）张量并行"),
    ("投机采样", "LLM投机采样（Speculative Sampling）为何能加速模型推理"),
    ("FlashAttention", "FlashAttention2详解（性能比FlashAttention提升200%）"),
    ("flashattention", "FlashAttention2详解（性能比FlashAttention提升200%）"),
    ("vLLM", "vLLM框架top down概览"),
    ("DeepSpeed ZeRO", "图解大模型训练之：数据并行下篇( DeepSpeed ZeRO，零冗余优化)"),
    ("cuda编程", "GPU CUDA 编程的基本原理是什么? 怎么入门?"),
])
def test_search_lists_matching_links(page, site_url: str, query: str, expected: str) -> None:
    assert expected in search(page, site_url, query)


def test_search_result_opens_the_article_and_its_row(page, site_url: str) -> None:
    search(page, site_url, "vLLM")
    item = page.locator(".hw-result", has_text="vLLM框架top down概览").first
    main = item.locator(".md-search-result__link")
    assert main.get_attribute("href").startswith("https://")  # the article itself, in a new tab as rows open
    assert main.get_attribute("target") == "_blank" and main.get_attribute("rel") == "noopener noreferrer"
    article = main.get_attribute("href")
    item.locator(".hw-result__row").click()  # the smaller link: its row in the catalogue
    page.wait_for_url(re.compile(r"/categories/inference/.*#l-[0-9a-f]+$"))
    fragment = page.url.rsplit("#", 1)[1]
    assert page.locator(f"#{fragment}").inner_text().replace("\u200b", "") == "vLLM框架top down概览"
    assert page.locator(f"#{fragment} a").get_attribute("href") == article


def test_tag_page_lists_only_tagged_links(page, site_url: str) -> None:
    page.goto(site_url + "tags/")
    page.locator("article a", has_text=re.compile(r"^RWKV$")).click()
    page.wait_for_url(re.compile(r"/tags/rwkv/$"))
    entries = page.locator(".hw-link").all()
    assert entries
    assert all("#RWKV" in e.locator(".hw-tags").inner_text() for e in entries)


HOSTILE = [
    ("<script>window.pwned=1</script>脚本标题", "<img src=x onerror=\"window.pwned=2\"> 备注"),
    ("[点我](javascript:window.pwned=3) | *星* _下划线_ [括号] {: #x .y }", "`代码` <b>粗</b>"),
]


def _hostile_catalog(links_yaml: Path) -> None:
    text = links_yaml.read_text(encoding="utf-8")
    for i, (title, note) in enumerate(HOSTILE):
        text += (f"\n- url: https://example.com/hostile/{i}\n  title: '{title}'\n  category: rwkv\n"
                 f"  tags: [rwkv]\n  note: '{note}'\n  added: 2099-01-0{i + 1}\n")
    links_yaml.write_text(text, encoding="utf-8")


def test_hostile_titles_are_inert_and_visible(page, serve, data_copy: Path, tmp_path: Path) -> None:
    _hostile_catalog(data_copy)
    result = sitebuild.build(tmp_path / "site", catalog=data_copy)
    assert result.returncode == 0, result.stderr
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    base = serve(tmp_path / "site")
    for path in ("categories/linear-models/", "recent/", "tags/rwkv/", ""):
        page.goto(base + path)
        text = page.inner_text("article")
        for title, note in HOSTILE:
            assert title in text and note in text, path
        assert page.evaluate("window.pwned") is None
    assert not dialogs


def test_no_request_leaves_the_site(page, site_url: str) -> None:
    search(page, site_url, "FlashAttention")
    page.goto(site_url + "categories/training/")
    page.wait_for_load_state("networkidle")
    assert page.requested
    assert [u for u in page.requested if not u.startswith(site_url)] == []


def _distinct_colours(path: Path) -> int:
    with Image.open(path) as image:
        return len(image.convert("RGB").getcolors(maxcolors=1 << 20) or [])


def test_screenshots_are_not_blank(page, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + "categories/training/")
    page.screenshot(path=tmp_path / "category.png")
    search(page, site_url, "投机采样")
    page.screenshot(path=tmp_path / "search.png")
    assert _distinct_colours(tmp_path / "category.png") > 50
    assert _distinct_colours(tmp_path / "search.png") > 50
