"""Large categories and tags over numbered pages, and search records pointing at the page holding each link."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

import sitebuild
from haowen.catalog.load import load_or_exit
from haowen.site.context import anchor

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
    meta = json.loads((paged / "search/hw/meta.json").read_text(encoding="utf-8"))
    rows = [r[6] for chunk in (paged / "search/hw" / meta["dir"] / "d").glob("*.json")
            for r in json.loads(chunk.read_text(encoding="utf-8"))]
    assert len(rows) == len(set(rows)) == len(CATALOG.links)
    for location in rows:
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
