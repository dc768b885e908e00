"""`haowen check --propose-metadata` (issue 15 part 8): publication dates and authors read from the pages the
check fetches, for entries that lack them, written through revise/replace_entry and listed in a report.

Saved pages in the real shapes (tests/fixtures/pages/) are served by HTTPS servers on 127.0.0.1; check.yaml's
host_aliases make one server count as mp.weixin.qq.com and another as zhuanlan.zhihu.com.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from haowen.catalog.load import load_or_exit
from haowen.catalog.model import Link
from haowen.cli import main
from haowen.commands.check import fill_in
from haowen.editing.entrytext import entry_text
from haowen.editing.revise import revise
from haowen.linkcheck.config import ConfigError, load_config
from haowen.linkcheck.metadata import MAX_REPORT, Proposal, read_meta, render_report
from haowen.text.safe import github_length
from haowen.web.pagemeta import Rules, author_value, date_value, page_meta
from test_check_support import ROOT, Handler, LocalServer, quick_config, trusted_tls, write_config

PAGES = Path(__file__).parent / "fixtures" / "pages"
NOW = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC)
RULES = Rules(today=dt.date(2026, 1, 1), generic_authors=frozenset({"admin", "佚名"}))


def page(name: str) -> str:
    return (PAGES / f"{name}.html").read_text(encoding="utf-8")


# --- reading one page -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "published", "author"), [
    # the article's own date at its own offset (-05:00 → the 5th; in China it was the 6th); the @id author
    ("blog-jsonld", ("2024-03-05", "JSON-LD datePublished"), ("Lilian Example", "JSON-LD author")),
    # the date written at UTC-7 (the 10th in China); article:author is a profile URL, no name
    ("og-only", ("2023-07-09", "meta article:published_time"), None),
    ("modified-only", None, None),  # update times, a date in the text and "admin" give nothing
    # markup, a javascript: URL, a 100k-character name, 1970 and 2999 are refused; the meta author is cleaned
    ("hostile", None, ("王五 & *赵六*_", "meta author")),
])
def test_standard_tags(name: str, published: tuple[str, str] | None, author: tuple[str, str] | None) -> None:
    meta = page_meta(page(name), RULES)
    assert ((meta.published.value, meta.published.where) if meta.published else None) == published
    assert ((meta.author.value, meta.author.where) if meta.author else None) == author


@pytest.mark.parametrize("depth", [900, 980, 995])
def test_json_ld_nested_near_the_parsers_limit_is_ignored(depth: int) -> None:
    nested = "[" * depth + "]" * depth
    html = f'<script type="application/ld+json">{{"@type":"Article","author":{nested}}}</script>'
    html += '<meta property="article:published_time" content="2024-01-02">'
    meta = page_meta(html, RULES)
    assert meta.published and meta.published.value == "2024-01-02" and meta.author is None


def test_generic_and_site_names_are_no_authors() -> None:
    assert author_value("Admin", RULES) is None
    assert author_value("佚名", RULES) is None
    assert author_value("Example Notes", RULES, ["Example Notes"]) is None  # the page's og:site_name
    assert author_value("知乎", RULES) is None  # a site label of catalog/urls.py
    assert author_value("https://example.com/me", RULES) is None
    assert author_value("x" * 81, RULES) is None
    assert author_value("  Ada&nbsp;\u200bLovelace\n ", RULES) == "Ada Lovelace"


@pytest.mark.parametrize(("text", "day"), [
    ("1700000000", "2023-11-15"),  # 2023-11-14 22:13 UTC is the 15th in China
    ("1700000000000", "2023-11-15"),  # milliseconds
    ("2024-03-05T23:30:00-05:00", "2024-03-05"),
    ("2024-03-05 09:00", "2024-03-05"),
    ("2024-02-30", None), ("1994-12-31", None), ("2026-01-02", None),  # no such day, too early, the future
    ("March 5, 2024", None), ("2024/03/05", None),
])
def test_date_values(text: str, day: str | None) -> None:
    found = date_value(text, dt.date(2026, 1, 1))
    assert (found.isoformat() if found else None) == day


# --- the per-host rows of data/check.yaml --------------------------------------------------------


def _config_as(host: str) -> tuple[object, str]:
    config = load_config(ROOT / "data" / "check.yaml")
    return config.model_copy(update={"host_aliases": {"site.test": host}}), "https://site.test/x"


def test_wechat_row_reads_ct_and_author_not_the_account_name() -> None:
    config, url = _config_as("mp.weixin.qq.com")
    meta = read_meta(config, url, page("wechat"), NOW)  # type: ignore[arg-type]
    assert meta.published and (meta.published.value, meta.published.where) == ("2023-11-15", "check.yaml 微信公众号")
    assert meta.author and meta.author.value == "张三"  # var author, not var nickname (某某技术号)
    plain = read_meta(load_config(ROOT / "data" / "check.yaml"), url, page("wechat"), NOW)
    assert plain.published is None and plain.author is None  # the row, not a generic rule, reads them


def test_zhihu_row_reads_published_not_edited() -> None:
    config, url = _config_as("zhuanlan.zhihu.com")
    meta = read_meta(config, url, page("zhihu"), NOW)  # type: ignore[arg-type]
    assert meta.published and (meta.published.value, meta.published.where) == ("2021-02-19", "check.yaml 知乎")
    assert meta.author and (meta.author.value, meta.author.where) == ("张小明", "microdata author")
    edited = read_meta(config, url, page("zhihu-edited"), NOW)  # type: ignore[arg-type]
    assert edited.published is None and edited.author and edited.author.value == "李四"


PATTERNS = [(row.name, kind, pattern) for row in load_config(ROOT / "data" / "check.yaml").hosts
            for kind, patterns in (("published", row.published_patterns), ("author", row.author_patterns))
            for pattern in patterns]


@pytest.mark.parametrize(("row", "kind", "pattern"), PATTERNS)
def test_every_pattern_reads_a_saved_page(row: str, kind: str, pattern: str) -> None:
    """A row's pattern is tried on the saved pages: a new pattern needs a saved page in the real shape."""
    hits = [p.stem for p in PAGES.glob("*.html") if re.search(pattern, p.read_text(encoding="utf-8"))]
    assert hits, f"{row} 的 {kind} 正则在 tests/fixtures/pages/ 里没有一页能读到：请存一页真实形状的页面并补测试"


def test_a_pattern_without_one_group_is_refused_with_its_position(tmp_path: Path) -> None:
    text = (ROOT / "data" / "check.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "check.yaml"
    bad.write_text(text.replace(r"""'\bvar\s+ct\s*=\s*"(\d{10})"'""", r"""'\bvar\s+ct\s*=\s*"\d{10}"'"""), encoding="utf-8")
    assert bad.read_text(encoding="utf-8") != text
    with pytest.raises(ConfigError) as caught:
        load_config(bad)
    line = next(n for n, row in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if r'"\d{10}"' in row)
    assert f"check.yaml:{line}:" in str(caught.value) and "一个分组" in str(caught.value)


# --- haowen check over a catalogue ----------------------------------------------------------------

BLOG = {"/jsonld": "blog-jsonld", "/og": "og-only", "/modified": "modified-only", "/hostile": "hostile",
        "/kept": "blog-jsonld", "/slow/a": "blog-jsonld", "/slow/b": "og-only", "/slow/c": "blog-jsonld"}


# 17:00 UTC today: already tomorrow in China, where a page published "today" was published on LATE_DAY.
LATE = dt.datetime.combine(dt.datetime.now(dt.UTC).date(), dt.time(17), dt.UTC)
LATE_DAY = (LATE + dt.timedelta(hours=8)).date()
LATE_PAGE = (f'<html><head><meta property="article:published_time" content="{LATE_DAY}T00:30:00+08:00">'
             '<meta name="author" content="夜里发文的人"></head><body>刚发表</body></html>')


class PageHandler(Handler):
    """Saved pages by path; /gone answers 404 with a page full of metadata; /slow/* takes a while; /late was
    published just after midnight in China, on LATE_DAY."""

    def do_GET(self) -> None:
        srv: LocalServer = self.server.owner  # type: ignore[attr-defined]
        srv.enter(self.path)
        try:
            if self.path.startswith("/slow/"):
                time.sleep(0.4)
            name = BLOG.get(self.path) or {"/s/a": "wechat", "/p/1": "zhihu"}.get(self.path)
            body = LATE_PAGE if self.path == "/late" else page(name or "blog-jsonld")
            self.send(404 if self.path == "/gone" else 200, body)
        finally:
            srv.leave()


def _entry(url: str, title: str, **fields: object) -> str:
    return entry_text(Link.model_validate({"url": url, "title": title, "category": "basics",
                                           "added": dt.date(2025, 12, 1), **fields}))


@pytest.fixture
def world(tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict]:
    tls = trusted_tls(tmp_path, monkeypatch)
    servers = {k: LocalServer(PageHandler, tls=tls) for k in ("wechat", "zhihu", "blog")}
    url = {"wechat": servers["wechat"].url("/s/a", "https"), "zhihu": servers["zhihu"].url("/p/1", "https"),
           **{p: servers["blog"].url(p, "https") for p in (*BLOG, "/gone", "/late")}}
    entries = [_entry(url["wechat"], "推理服务的显存管理"), _entry(url["zhihu"], "分布式训练里的流水线并行"),
               _entry(url["/jsonld"], "Speculative decoding, explained"), _entry(url["/og"], "Notes on MoE routing"),
               _entry(url["/modified"], "Changelog of a guide"), _entry(url["/hostile"], "敌意页面"),
               _entry(url["/kept"], "已有日期", published="2020-01-01"), _entry(url["/gone"], "失效页面")]
    data_copy.write_text("\n".join(sorted(entries)), encoding="utf-8")  # canonical order: by URL here
    config = quick_config({f"127.0.0.1:{servers['wechat'].port}": "mp.weixin.qq.com",
                           f"127.0.0.1:{servers['zhihu'].port}": "zhuanlan.zhihu.com"},
                          max_body_bytes=1_048_576, timeout=5.0)
    yield {"servers": servers, "url": url, "catalog": data_copy, "tmp": tmp_path,
           "config": write_config(config, tmp_path / "check.yaml")}
    for server in servers.values():
        server.close()


def _check(world: dict, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    monkeypatch.setenv("HAOWEN_NOW", NOW.isoformat())
    return main(["check", "--catalog", str(world["catalog"]), "--config", str(world["config"]),
                 "--report", str(world["tmp"] / "report.md"), *extra])


def _added_lines(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails when it removes or changes any."""
    diff = [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[:1] in "+-?"]
    assert not [d for d in diff if not d.startswith("+ ")], diff
    return [d[2:] for d in diff]


def test_metadata_is_filled_in_only_where_missing_and_reported(world: dict, monkeypatch, capsys) -> None:
    before = world["catalog"].read_text(encoding="utf-8")
    report = world["tmp"] / "meta.md"
    assert _check(world, monkeypatch, "--propose-metadata", "--metadata-report", str(report)) == 0
    after = world["catalog"].read_text(encoding="utf-8")
    added = _added_lines(before, after)
    assert sorted(line.strip() for line in added) == sorted([
        "published: 2023-11-15", "author: 张三", "published: 2021-02-19", "author: 张小明",
        "published: 2024-03-05", "author: Lilian Example", "published: 2023-07-09", "author: 王五 & *赵六*_",
        "author: Lilian Example"])
    kept = after.split(world["url"]["/kept"])[1].split("- url:")[0]
    assert "published: 2020-01-01" in kept and "author: Lilian Example" in kept
    gone = after.split(world["url"]["/gone"])[1].split("- url:")[0]
    assert "published" not in gone and "author" not in gone  # a dead page proposes nothing
    assert main(["validate", "--catalog", str(world["catalog"])]) == 0
    text = report.read_text(encoding="utf-8")
    assert "已写入" in text and "推理服务的显存管理（127.0.0.1）：发表日期 2023-11-15（check.yaml 微信公众号）" in text
    assert "敌意页面" in text and r"王五 &amp; \*赵六\*\_" in text and "<" not in text
    assert "Changelog of a guide" not in text and "失效页面" not in text
    assert text.count("\n- ") == 9
    assert "已为 6 条补充" in capsys.readouterr().err


def test_without_propose_the_report_lists_and_nothing_is_written(world: dict, monkeypatch) -> None:
    before = world["catalog"].read_text(encoding="utf-8")
    report = world["tmp"] / "meta.md"
    assert _check(world, monkeypatch, "--metadata-report", str(report)) == 0
    assert world["catalog"].read_text(encoding="utf-8") == before
    text = report.read_text(encoding="utf-8")
    assert "未写入" in text and "Lilian Example" in text


def test_without_the_flags_pages_are_not_read(world: dict, monkeypatch) -> None:
    before = world["catalog"].read_text(encoding="utf-8")
    assert _check(world, monkeypatch) == 0
    assert world["catalog"].read_text(encoding="utf-8") == before


def test_entries_with_both_fields_are_not_read(world: dict, monkeypatch) -> None:
    text = world["catalog"].read_text(encoding="utf-8")
    plain = _entry(world["url"]["/jsonld"], "Speculative decoding, explained")
    assert plain in text
    world["catalog"].write_text(text.replace(plain, _entry(world["url"]["/jsonld"], "Speculative decoding, explained",
                                                           published="2001-01-01", author="某人")), encoding="utf-8")
    before = world["catalog"].read_text(encoding="utf-8")
    report = world["tmp"] / "meta.md"
    assert _check(world, monkeypatch, "--propose-metadata", "--metadata-report", str(report)) == 0
    after = world["catalog"].read_text(encoding="utf-8")
    assert "published: 2001-01-01" in after and "author: 某人" in after
    assert world["servers"]["blog"].counts["/jsonld"] == 1  # still checked, only not read for metadata
    assert "Speculative decoding" not in report.read_text(encoding="utf-8")
    assert len(_added_lines(before, after)) == 7


def test_urls_file_and_metadata_do_not_mix(world: dict, monkeypatch, capsys) -> None:
    urls = world["tmp"] / "urls.txt"
    urls.write_text(world["url"]["/jsonld"] + "\n", encoding="utf-8")
    assert _check(world, monkeypatch, "--urls", str(urls), "--propose-metadata") == 2
    assert "--urls" in capsys.readouterr().err


def _check_until_requested(world: dict, path: str) -> subprocess.Popen[str]:
    """`haowen check --propose-metadata` in a child process, returned once the blog server was asked for `path`."""
    env = {**os.environ, "HAOWEN_NOW": NOW.isoformat()}
    proc = subprocess.Popen([sys.executable, "-m", "haowen", "check", "--catalog", str(world["catalog"]),
                             "--config", str(world["config"]), "--propose-metadata"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    server = world["servers"]["blog"]
    deadline = time.monotonic() + 30
    while server.counts[path] == 0:
        assert time.monotonic() < deadline, "the check made no progress"
        time.sleep(0.02)
    return proc


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_metadata_found_before_a_signal_is_written(world: dict, sig: signal.Signals) -> None:
    slow = [world["url"][p] for p in ("/slow/a", "/slow/b", "/slow/c")]
    world["catalog"].write_text("\n".join(sorted(_entry(u, f"慢页面 {n}") for n, u in enumerate(slow))), encoding="utf-8")
    config = load_config(world["config"])
    config = config.model_copy(update={"limits": config.limits.model_copy(update={"host_concurrency": 1})})
    write_config(config, world["config"])
    proc = _check_until_requested(world, "/slow/b")  # the first page is done, the second under way
    server = world["servers"]["blog"]
    time.sleep(0.2)  # the first page's metadata is read off the event loop; /slow/b still has 0.2 s to go
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == {signal.SIGINT: 130, signal.SIGTERM: 143}[sig], err
    after = world["catalog"].read_text(encoding="utf-8")
    first = after.split(slow[0])[1].split("- url:")[0]
    assert "published: 2024-03-05" in first and "author: Lilian Example" in first
    assert server.counts["/slow/c"] == 0 and "published" not in after.split(slow[2])[1]
    assert main(["validate", "--catalog", str(world["catalog"])]) == 0


def test_filling_every_entry_of_the_real_catalogue_only_adds_lines_at_once(data_copy: Path) -> None:
    """One pass over links.yaml however many entries get metadata (one replace_entry per entry took ~0.3 s each)."""
    before = data_copy.read_text(encoding="utf-8")
    catalog = load_or_exit(data_copy)
    found = [Proposal(link.url, link.title, "author", f"作者 {n}", "test") for n, link in enumerate(catalog.links)
             if link.author is None]
    applied: list[Proposal] = []
    assert revise(catalog, fill_in(found, applied, [])) is not None  # how long it takes: benchmarks/limits.py
    assert len(applied) == len(found) > 500
    assert len(_added_lines(before, data_copy.read_text(encoding="utf-8"))) == len(found)
    assert main(["validate", "--catalog", str(data_copy)]) == 0


def test_the_pull_request_list_mentions_nobody_and_stays_bounded() -> None:
    hostile = Proposal("https://example.com/@octocat/a", "修复 #12 与 owner/repo#3", "author", "@octocat", "meta author")
    text = render_report([hostile], written=True)
    assert not re.search(r"@\w|#\d", text) and "@\u200boctocat" in text
    many = render_report([hostile] * 2000, written=True)
    assert github_length(many) <= MAX_REPORT and "…另有" in many


# --- one clock (China's date), and one bad proposal never keeps the others out ---------------------


def test_a_page_published_today_in_china_lands_after_16_utc(world: dict, monkeypatch, capsys) -> None:
    """At 17:00 UTC it is already tomorrow in China: the date read as "today" there is written, not refused."""
    late, jsonld = world["url"]["/late"], world["url"]["/jsonld"]
    world["catalog"].write_text("\n".join(sorted([_entry(late, "深夜发表"), _entry(jsonld, "Speculative decoding")])),
                                encoding="utf-8")
    monkeypatch.setenv("HAOWEN_NOW", LATE.isoformat())
    code = main(["check", "--catalog", str(world["catalog"]), "--config", str(world["config"]),
                 "--report", str(world["tmp"] / "report.md"), "--propose-metadata"])
    assert code == 0, capsys.readouterr().err
    after = world["catalog"].read_text(encoding="utf-8")
    assert f"published: {LATE_DAY}" in after.split(late)[1].split("- url:")[0]
    assert "published: 2024-03-05" in after.split(jsonld)[1].split("- url:")[0]
    assert main(["validate", "--catalog", str(world["catalog"])]) == 0


def test_one_refused_proposal_never_keeps_the_others_out(world: dict) -> None:
    catalog = load_or_exit(world["catalog"])
    urls = [link.url for link in catalog.links]
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).date().isoformat()
    found = [Proposal(urls[0], "一", "published", "2999-01", "test"), Proposal(urls[0], "一", "author", "作者甲", "test"),
             Proposal(urls[1], "二", "published", tomorrow, "test"), Proposal(urls[2], "三", "author", "作者丙", "test")]
    applied: list[Proposal] = []
    refused: list[tuple[Proposal, str]] = []
    assert revise(catalog, fill_in(found, applied, refused)) is not None
    assert applied == [found[1], found[3]]
    assert [(p, "2999" in why or "未来" in why) for p, why in refused] == [(found[0], True), (found[2], True)]
    text = world["catalog"].read_text(encoding="utf-8")
    assert "author: 作者甲" in text and "author: 作者丙" in text and "2999" not in text and tomorrow not in text
    assert main(["validate", "--catalog", str(world["catalog"])]) == 0


def test_a_refused_write_is_a_failing_exit(world: dict) -> None:
    """links.yaml changes during the run so that the write is refused as a whole: the exit says so."""
    slow = world["url"]["/slow/a"]
    world["catalog"].write_text(_entry(slow, "慢页面"), encoding="utf-8")
    proc = _check_until_requested(world, "/slow/a")  # the page is being read
    with world["catalog"].open("a", encoding="utf-8") as out:  # someone adds the same article meanwhile
        out.write("\n" + _entry(slow + "/", "同一篇"))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err
    assert "一条也没有写入" in err and "Traceback" not in err
