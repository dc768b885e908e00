"""The built site: one page per category, an entry and a search result per link, hand-written docs kept."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
from pathlib import Path

import yaml

import sitebuild
from haowen.catalog.load import load_or_exit
from haowen.catalog.model import Link
from haowen.catalog.status import DeadMark
from haowen.catalog.urls import canonical
from haowen.site.context import Site, anchor
from haowen.site.entry import render_entry

CATALOG = load_or_exit(sitebuild.ROOT / "data/links.yaml")


def test_every_category_has_a_page_listing_its_links_with_anchors() -> None:
    site = sitebuild.site()
    for cat in CATALOG.ordered_categories():
        page = (site / "categories" / cat.id / "index.html").read_text(encoding="utf-8")
        ids = {c.id for c in [cat, *cat.children]}
        for link in (l for l in CATALOG.links if l.category in ids):
            assert f'id="{anchor(link)}"' in page, (cat.id, link.title)


def test_search_index_has_one_record_per_link_pointing_at_its_entry() -> None:
    root = sitebuild.site() / "search/hw"
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    records = [r for chunk in sorted((root / meta["dir"] / "d").glob("*.json"), key=lambda p: int(p.stem))
               for r in json.loads(chunk.read_text(encoding="utf-8"))]
    assert meta["count"] == len(records) == len(CATALOG.links)
    by_url = {r[1]: r for r in records}
    for link in CATALOG.links:
        record = by_url[link.url]
        assert record[0] == link.title
        assert record[6] == f"categories/{CATALOG.parents[link.category].id}/#{anchor(link)}"
    # Material's page index is not shipped: nothing on the site reads it
    assert not (sitebuild.site() / "search/search_index.json").exists()


def test_generated_pages_have_no_edit_button_and_hand_written_ones_do() -> None:
    page = (sitebuild.site() / "categories/training/index.html").read_text(encoding="utf-8")
    assert "md-content__button" not in page and "edit/main" not in page  # changed through data/, not edited
    api = (sitebuild.site() / "api/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/haowen-cn/haowen/edit/main/docs/api.md"' in api


def test_not_found_page_is_chinese_with_search_and_picks() -> None:
    page = (sitebuild.site() / "404.html").read_text(encoding="utf-8")
    body = page[page.index("<article"):page.index("</article>")]
    assert "找不到这个页面" in body and "Not found" not in body
    assert '<label class="md-button md-button--primary" for="__search">搜索文章</label>' in body
    assert len(re.findall(r'<li><a href="https://[^"]+" target="_blank"', body)) >= 3


def test_permalinks_are_titled_in_chinese() -> None:
    page = (sitebuild.site() / "stats/index.html").read_text(encoding="utf-8")
    assert 'title="本节链接"' in page and "Permanent link" not in page


def test_material_search_is_not_started() -> None:
    """Material fetches its index and mounts its search only on a form named "search" and data-md-component."""
    page = (sitebuild.site() / "categories/training/index.html").read_text(encoding="utf-8")
    assert 'name="search"' not in page and 'data-md-component="search' not in page
    assert "data-hw-search" in page


def test_build_writes_nothing_into_docs() -> None:
    sitebuild.site()
    tracked = {p.relative_to(sitebuild.ROOT / "docs").as_posix() for p in (sitebuild.ROOT / "docs").rglob("*")}
    assert not {p for p in tracked if p.endswith(".md") and p.startswith(("categories", "tags", "recent"))}


def test_build_does_not_report_generated_pages_missing_from_the_nav() -> None:
    """Tag and series pages are reached from pages, not the nav: no INFO line for each of them."""
    log = sitebuild.site_log()
    assert "Documentation built" in log
    assert "not included in the \"nav\"" not in log
    assert (sitebuild.site() / "tags").is_dir() and (sitebuild.site() / "series").is_dir()


def test_missing_catalogue_file_is_a_config_error_naming_it(tmp_path: Path) -> None:
    result = sitebuild.build(tmp_path / "site", catalog=tmp_path / "nowhere" / "links.yaml")
    assert result.returncode != 0
    assert "nowhere/links.yaml" in result.stderr and "catalog" in result.stderr
    assert "Traceback" not in result.stderr


def test_hand_written_page_in_a_generated_place_fails_the_build_and_is_kept(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "recent.md").write_text("# 我的手写页面\n", encoding="utf-8")
    result = sitebuild.build(tmp_path / "site", docs_dir=docs)
    assert result.returncode != 0
    assert "docs/recent.md 是手写文件" in result.stderr
    assert "Traceback" not in result.stderr
    assert (docs / "recent.md").read_text(encoding="utf-8") == "# 我的手写页面\n"


def test_bad_catalogue_stops_the_build_with_positions(data_copy: Path, tmp_path: Path) -> None:
    data_copy.write_text(data_copy.read_text(encoding="utf-8") + "\n- url: ftp://example.com/x\n", encoding="utf-8")
    result = sitebuild.build(tmp_path / "site", catalog=data_copy)
    assert result.returncode != 0
    assert re.search(r"links\.yaml:\d+:\d+: ", result.stderr)
    assert "Traceback" not in result.stderr


def test_entry_html_shows_hostile_text_literally() -> None:
    link = Link(url="https://example.com/a?x=1&y=2", title='<script>alert(1)</script> *a* [b](javascript:x) {: #id }',
                category="rwkv", note='<img src=x onerror="alert(2)"> | _u_', added=dt.date(2026, 1, 2))
    out = render_entry(Site(CATALOG), "categories/x.md", link)
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *a* [b](javascript:x) {: #id }" in out
    assert 'href="https://example.com/a?x=1&amp;y=2"' in out
    assert 'rel="noopener noreferrer"' in out and 'target="_blank"' in out


def test_dead_link_shows_mark_last_alive_date_and_archive() -> None:
    link = CATALOG.links[0]
    mark = DeadMark(last_alive=dt.date(2025, 3, 4), archive_url="https://web.archive.org/web/2025/x")
    out = render_entry(Site(CATALOG, dead={canonical(link.url): mark}), "categories/x.md", link)
    assert "可能失效" in out and "2025-03-04" in out
    assert 'href="https://web.archive.org/web/2025/x"' in out
    assert "可能失效" not in render_entry(Site(CATALOG), "categories/x.md", link)


def test_retired_tag_pages_redirect_to_a_page_that_exists() -> None:
    """Tag pages are public URLs: a merged or retired tag's page sends readers on to a page that is built."""
    config = yaml.safe_load((sitebuild.ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (maps,) = [p["redirects"]["redirect_maps"] for p in config["plugins"] if isinstance(p, dict) and "redirects" in p]
    built = sitebuild.site()
    live_tags = {t["id"] for t in yaml.safe_load((sitebuild.ROOT / "data/tags.yaml").read_text(encoding="utf-8"))["tags"]}
    for old, new in maps.items():
        assert Path(old).stem not in live_tags, f"{old} 还是一个在用的标签，不该跳转"
        stub = (built / old[:-3] / "index.html").read_text(encoding="utf-8")
        target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', stub).group(1)
        assert (built / old[:-3] / urllib.parse.unquote(target) / "index.html").resolve().is_file(), (old, target)
        assert (built / (new[:-3] if new != "index.md" else "") / "index.html").is_file()
