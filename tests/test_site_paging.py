"""Large categories and tags over numbered pages, and link search results written without HTML parsing."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest

import sitebuild
from haowen.catalog.load import load_or_exit
from haowen.site.context import Site, anchor
from haowen.site.plugin import as_plain_markdown, generated_files
from haowen.site.search.docs import ABBREVIATIONS, RECALL

CATALOG = load_or_exit(sitebuild.ROOT / "data/links.yaml")
PAGE = 20  # small pages, so the real catalogue spreads over many


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("paged") / "site"
    result = sitebuild.build(site_dir, haowen={"page_size": PAGE})
    assert result.returncode == 0, result.stderr
    return site_dir


def _html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def _category_pages(site: Path, cat_id: str) -> list[str]:
    urls = [f"categories/{cat_id}/"]
    while (site / f"categories/{cat_id}/{len(urls) + 1}/index.html").exists():
        urls.append(f"categories/{cat_id}/{len(urls) + 1}/")
    return urls


def _ids(page: str) -> list[str]:
    return re.findall(r'<h3 id="(l-[0-9a-f]+)"', page)


def test_every_link_is_on_exactly_one_page_of_its_category_and_pages_are_full(paged: Path) -> None:
    for cat in CATALOG.ordered_categories():
        members = {c.id for c in [cat, *cat.children]}
        want = [anchor(l) for l in CATALOG.links if l.category in members]
        pages = _category_pages(paged, cat.id)
        found = [i for url in pages for i in _ids(_html(paged, url))]
        assert sorted(found) == sorted(want), cat.id
        assert len(pages) == max(1, math.ceil(len(want) / PAGE)), cat.id
        assert all(len(_ids(_html(paged, url))) <= PAGE for url in pages)


def test_pager_and_contents_lead_to_every_page_and_subcategory(paged: Path) -> None:
    cat = max(CATALOG.ordered_categories(), key=lambda c: len(c.children))
    pages = _category_pages(paged, cat.id)
    assert len(pages) > 2
    first, last = _html(paged, pages[0]), _html(paged, pages[-1])
    assert f'第 1/{len(pages)} 页' in first and f'href="{len(pages)}/"' in first and "下一页" in first
    assert "上一页" in last and "下一页" not in last
    # Each subcategory link in the contents goes to the page where its heading (not a continuation) is.
    contents = re.search(r"本分类的各部分：(.*?)</p>", first).group(1)
    for child in cat.children:
        href = re.search(rf'href="([^"]*)#{child.id}"', contents).group(1)
        target = _html(paged, urljoin("http://site/" + pages[0], href).removeprefix("http://site/"))
        assert re.search(rf'<h2 id="{child.id}">{re.escape(child.title)}<', target), child.id


def test_search_results_point_at_the_page_holding_each_link(paged: Path) -> None:
    index = json.loads((paged / "search/search_index.json").read_text(encoding="utf-8"))
    results = [d["location"] for d in index["docs"] if "#l-" in d["location"]]
    assert len(results) == len(set(results)) == len(CATALOG.links)
    for location in results:
        url, link_id = location.split("#")
        assert f'id="{link_id}"' in _html(paged, url), location


def test_large_tags_are_split_too(paged: Path) -> None:
    counts = {}
    for link in CATALOG.links:
        for tag in link.tags:
            counts[tag] = counts.get(tag, 0) + 1
    tag, n = max(counts.items(), key=lambda kv: kv[1])
    assert n > PAGE
    last = math.ceil(n / PAGE)
    assert (paged / f"tags/{tag.lower()}/{last}/index.html").exists()
    assert not (paged / f"tags/{tag.lower()}/{last + 1}/index.html").exists()


def test_no_placeholder_is_left_in_any_page(paged: Path) -> None:
    for page in paged.rglob("*.html"):
        assert "haowen:deferred" not in page.read_text(encoding="utf-8"), page


def test_link_results_equal_what_material_makes_of_the_same_pages(tmp_path: Path) -> None:
    """The site built by the plugin and the same pages as plain Markdown files give the same search index."""
    ours = sitebuild.site()
    docs = tmp_path / "docs"
    shutil.copytree(sitebuild.ROOT / "docs", docs)
    site = Site.of(CATALOG)
    for path, text in as_plain_markdown(site, generated_files(site)).items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    result = sitebuild.build(tmp_path / "site", docs_dir=docs, plain=True)
    assert result.returncode == 0, result.stderr
    theirs = json.loads((tmp_path / "site/search/search_index.json").read_text(encoding="utf-8"))
    mine = json.loads((ours / "search/search_index.json").read_text(encoding="utf-8"))
    assert sum("#l-" in d["location"] for d in mine["docs"]) == len(CATALOG.links)
    mine = _without_recall(mine)
    assert mine["config"] == theirs["config"]
    assert _by_page(mine["docs"]) == _by_page(theirs["docs"])  # pages come in file order, which differs


def _without_recall(index: dict) -> dict:
    """The index without what site/search/docs.py adds for recall: the hidden fields, their weights, the abbreviations."""
    config = {k: v for k, v in index["config"].items() if k != ABBREVIATIONS}
    config["fields"] = {k: v for k, v in config["fields"].items() if k not in RECALL}
    docs = [{k: v for k, v in doc.items() if k not in RECALL} for doc in index["docs"]]
    return {**index, "config": config, "docs": docs}


def _by_page(docs: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for doc in docs:
        out.setdefault(doc["location"].split("#")[0], []).append(doc)
    return out


def test_statistics_link_each_subcategory_to_the_page_where_it_starts(paged: Path) -> None:
    stats = _html(paged, "stats/")
    for cat in CATALOG.ordered_categories():
        for child in cat.children:
            href = re.search(rf'href="([^"]*#{child.id})"', stats).group(1)
            url = urljoin("http://site/stats/", href).removeprefix("http://site/").split("#")[0]
            assert re.search(rf'<h2 id="{child.id}">{re.escape(child.title)}<', _html(paged, url)), child.id


def test_a_page_size_below_one_stops_the_build_with_a_message(tmp_path: Path) -> None:
    result = sitebuild.build(tmp_path / "site", haowen={"page_size": 0})
    assert result.returncode != 0
    assert "page_size 应是正整数" in result.stderr and "Traceback" not in result.stderr
