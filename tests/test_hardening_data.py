"""Hostile values in the data files (issue 22): each is refused by validate with `file:line:col`, or
costs bounded time and memory, never a traceback in validate, a tool or the site build."""

from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haowen.catalog.clock import china_today
from haowen.catalog.load import Catalog, load, load_or_exit
from haowen.catalog.model import MAX_PART, MAX_TERM, MIN_YEAR
from haowen.catalog.status import LinkState, StatusFileError, dead_marks, load_states
from haowen.catalog.synonyms import Thesaurus
from haowen.cli import main
from haowen.export.feed import feed_xml
from haowen.export.json_doc import dumps
from haowen.linkcheck.archive import snapshot_url
from haowen.linkcheck.config import load_config
from haowen.linkcheck.plan import make_plan
from haowen.linkcheck.state import is_fresh
from haowen.site.context import Site
from haowen.site.plugin import as_plain_markdown, generated_files
from haowen.text.safe import MAX_NOTE, MAX_TITLE
from haowen.validation.checks import redirect_sources, validate

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "- url: https://zhuanlan.zhihu.com/p/{n}\n  title: 第 {n} 篇\n  category: attention\n  added: 2024-01-01\n"


@pytest.fixture
def catalog_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """<tmp>/data with the real taxonomy and tags; the working directory is <tmp>."""
    (tmp_path / "data").mkdir()
    for name in ("taxonomy.yaml", "tags.yaml"):
        shutil.copy(ROOT / "data" / name, tmp_path / "data" / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def run_validate(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["validate", "--catalog", "data/links.yaml"])
    return code, capsys.readouterr().out.strip().splitlines()


def entry(n: int, extra: str = "") -> str:
    return ENTRY.format(n=n) + (f"  {extra}\n" if extra else "")


# --- 4. part ---------------------------------------------------------------------------------------

def validate_in_1gb() -> tuple[int, list[str]]:
    """`haowen validate` in a process that may use at most 1 GB of address space (and a minute)."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run([sys.executable, "-m", "haowen.cli", "validate", "--catalog", "data/links.yaml"],
                          capture_output=True, text=True, timeout=60, preexec_fn=limit, check=False)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    return done.returncode, done.stdout.strip().splitlines()


def test_a_huge_part_is_refused_with_its_position_in_bounded_memory(catalog_dir: Path) -> None:
    (catalog_dir / "series.yaml").write_text("series:\n- id: s\n  title: 系列\n", encoding="utf-8")
    (catalog_dir / "links.yaml").write_text(entry(1, "series: s\n  part: 1") + "\n"
                                            + entry(2, "series: s\n  part: 1000000000000"), encoding="utf-8")
    code, lines = validate_in_1gb()
    assert code == 1
    assert lines[0].startswith("data/links.yaml:13:9:") and f"不大于 {MAX_PART}" in lines[0], lines


def test_a_series_with_its_last_part_at_the_bound_validates(catalog_dir: Path, capsys) -> None:
    """Parts follow the author's numbering (gaps allowed): part 1 and part MAX_PART pass without a range over them."""
    (catalog_dir / "series.yaml").write_text("series:\n- id: s\n  title: 系列\n", encoding="utf-8")
    (catalog_dir / "links.yaml").write_text(entry(1, "series: s\n  part: 1") + "\n"
                                            + entry(2, f"series: s\n  part: {MAX_PART}"), encoding="utf-8")
    code, lines = run_validate(capsys)
    assert code == 0, lines


# --- 5. long terms ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "text", "where"), [
    ("synonyms.yaml", "groups:\n- [注意力, {long}]\n", "data/synonyms.yaml:2:9:"),
    ("tags.yaml", "tags:\n- id: attention\n  aliases: [{long}]\n", "data/tags.yaml:3:13:"),
    ("tags.yaml", "tags:\n- id: attention\n  keywords: [x, {long}]\n", "data/tags.yaml:3:17:"),
    ("tags.yaml", "tags:\n- id: {long}\n", "data/tags.yaml:2:7:"),
])
def test_a_long_term_is_refused_with_its_position(catalog_dir: Path, capsys, name: str, text: str, where: str) -> None:
    long = "长" * 60_000
    (catalog_dir / name).write_text(text.format(long=long), encoding="utf-8")
    (catalog_dir / "links.yaml").write_text(entry(1), encoding="utf-8")
    code, lines = run_validate(capsys)
    assert code == 1
    assert len(lines) == 2 and lines[0].startswith(where) and f"最多 {MAX_TERM} 个字符" in lines[0], lines


def test_matching_synonyms_keeps_no_structure_growing_with_the_square_of_a_term() -> None:
    long = "a" * 20_000  # an over-long term that validate refuses; the site still must not blow up on it
    thesaurus = Thesaurus(((long, "b" * 20_000), ("dp", "data parallel")))
    tracemalloc.start()
    try:
        found = thesaurus.groups_in(["a" * 100, "x", "dp", "data", "parallel"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == {1}
    assert peak < 10 << 20  # every prefix of the two terms would be 400 MB


# --- 6. published ----------------------------------------------------------------------------------

YEARS = st.integers(-10_000, 100_000)
PUBLISHED = st.one_of(
    YEARS, st.dates(),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", YEARS, st.integers(-1, 13)),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", YEARS, st.integers(0, 13), st.integers(0, 32)),
    st.text(alphabet="0123456789-xXoObB_:.+ eE", max_size=12),
    st.floats(allow_nan=True), st.booleans(), st.none(), st.lists(st.integers(), max_size=2),
)


def published_line(value: object, raw: bool) -> str:
    """`published: …` with `value` as YAML writes it, or (`raw`, for text) written plain, unquoted."""
    shown = value if raw and isinstance(value, str) and value.strip() else yaml.safe_dump(value, default_flow_style=True)
    return "published: " + str(shown).removesuffix("\n...\n").strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=PUBLISHED, raw=st.booleans())
def test_no_published_value_crashes_validate_or_the_site(catalog_dir: Path, value: object, raw: bool) -> None:
    links = catalog_dir / "links.yaml"
    links.write_text(entry(1, published_line(value, raw)), encoding="utf-8")
    catalog, problems = validate(links)
    if problems:
        assert all(p.path == "data/links.yaml" and p.line == 5 for p in problems), problems
        return
    (link,) = catalog.links
    assert link.published_on is None or MIN_YEAR <= link.published_on.year <= china_today().year + 1
    site = Site.of(catalog)
    pages = as_plain_markdown(site, generated_files(site))
    assert str(link.published or "") in pages["recent.md"]
    assert feed_xml(catalog, "https://example.com/")
    assert json.loads(dumps(catalog))["links"][0].get("published") == (None if link.published is None else str(link.published))


def test_the_oldest_and_newest_years_build(catalog_dir: Path) -> None:
    links = catalog_dir / "links.yaml"
    links.write_text(entry(1, f"published: {MIN_YEAR}") + "\n" + entry(2, f"published: '{china_today():%Y-%m}'"),
                     encoding="utf-8")
    catalog, problems = load(links)
    assert problems == []
    assert [link.published for link in catalog.links] == [str(MIN_YEAR), f"{china_today():%Y-%m}"]


# --- 11. one cap on titles and notes, every way in ------------------------------------------------

def test_validate_refuses_an_over_long_note_and_title_with_their_positions(catalog_dir: Path, capsys) -> None:
    (catalog_dir / "links.yaml").write_text(entry(1, f"note: {'长' * (MAX_NOTE + 1)}").replace(
        "title: 第 1 篇", f"title: {'题' * (MAX_TITLE + 1)}"), encoding="utf-8")
    code, lines = run_validate(capsys)
    assert code == 1
    assert lines[:2] == [f"data/links.yaml:2:10: “title” 太长：最多 {MAX_TITLE} 个字符，请删短",
                         f"data/links.yaml:5:9: “note” 太长：最多 {MAX_NOTE} 个字符，请删短"]


def test_from_issue_refuses_a_200k_note_before_any_work(data_copy: Path, tmp_path: Path) -> None:
    before = data_copy.read_text(encoding="utf-8")
    body = tmp_path / "issue.md"
    body.write_text(f"### 链接 / URL\n\nhttps://example.com/new\n\n### 标题 / Title\n\n一篇\n\n"
                    f"### 推荐理由 / Why is it good?\n\n{'长' * 200_000}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "haowen", "from-issue", "--catalog", str(data_copy), str(body)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == f"“note” 太长：最多 {MAX_NOTE} 个字符，请删短"
    assert "建议分类" not in done.stdout
    assert data_copy.read_text(encoding="utf-8") == before


# --- 7. the status file ----------------------------------------------------------------------------

def _state(status: str = "dead", **extra: object) -> dict:
    failed = {} if status == "alive" else {"first_failed": "2026-01-01T08:00:00+00:00", "consecutive_failures": 2}
    return {"status": status, "last_checked": "2026-01-02T08:00:00+00:00", **failed, **extra}


def write_status(data: Path, links: dict) -> Path:
    path = data / "link-status.json"
    path.write_text(json.dumps({"version": 1, "links": links}, indent=2), encoding="utf-8")
    return path


def line_of(path: Path, text: str, after: str = "") -> int:
    """The line of `path` holding `text` (the first after the line holding `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if after in ln) if after else 0
    return next(i for i, ln in enumerate(lines) if i >= start and text in ln) + 1


def status_catalog(catalog_dir: Path) -> Catalog:
    (catalog_dir / "links.yaml").write_text(entry(1) + "\n" + entry(2) + "\n" + entry(3), encoding="utf-8")
    return load_or_exit(catalog_dir / "links.yaml")


def test_a_future_check_is_stale_shown_nowhere_and_reported(catalog_dir: Path, capsys) -> None:
    catalog = status_catalog(catalog_dir)
    url = catalog.links[0].url
    path = write_status(catalog_dir, {url: _state(confirmed_dead=True, last_checked="2999-01-01T00:00:00+00:00",
                                                  dead_since="2025-01-01T00:00:00+00:00")})
    assert dead_marks(catalog) == {}
    (state,) = load_states(path).values()
    assert not is_fresh(state, dt.datetime.now(dt.UTC), dt.timedelta(hours=20))
    code, lines = run_validate(capsys)
    assert code == 1
    assert lines[0].startswith(f"data/link-status.json:{line_of(path, 'last_checked')}:") and "未来" in lines[0]


@pytest.mark.parametrize(("state", "words", "at"), [
    (_state("alive", confirmed_dead=True), "status 是 alive，却标了 confirmed_dead", ""),
    (_state("blocked", confirmed_dead=True), "status 是 blocked，却标了 confirmed_dead", ""),
    (_state("alive", consecutive_failures=3), "status 是 alive，却记着失败", ""),
    ({"status": "dead", "last_checked": "2026-01-02T08:00:00+00:00", "confirmed_dead": True}, "却没有 first_failed", ""),
    (_state(consecutive_failures=-1), "consecutive_failures", "consecutive_failures"),
    (_state(confirmed_dead=True, archive_url="https://evil.example/web/2025/x"), "web.archive.org", "archive_url"),
    (_state(confirmed_dead=True, archive_url="http://web.archive.org/web/2025/x"), "https", "archive_url"),
])
def test_conflicting_flags_and_foreign_archive_links_are_refused_with_their_line(
        catalog_dir: Path, capsys, state: dict, words: str, at: str) -> None:
    catalog = status_catalog(catalog_dir)
    url = catalog.links[1].url
    path = write_status(catalog_dir, {catalog.links[0].url: _state(), url: state})
    with pytest.raises(StatusFileError) as refused:
        dead_marks(catalog)
    (problem,) = refused.value.problems
    assert words in problem.message
    assert problem.line == line_of(path, at or url, after=url)
    code, lines = run_validate(capsys)
    assert code == 1 and lines[0] == problem.text()


def test_archive_hosts_come_from_check_yaml_for_the_site_and_the_checker(catalog_dir: Path, capsys) -> None:
    catalog = status_catalog(catalog_dir)
    config = (ROOT / "data" / "check.yaml").read_text(encoding="utf-8")
    assert "hosts: [web.archive.org]" in config
    (catalog_dir / "check.yaml").write_text(config.replace("hosts: [web.archive.org]", "hosts: [archive.example]"),
                                            encoding="utf-8")
    url = catalog.links[0].url
    write_status(catalog_dir, {url: _state(confirmed_dead=True, archive_url="https://archive.example/web/1/x")})
    assert dead_marks(catalog)[url].archive_url == "https://archive.example/web/1/x"
    assert run_validate(capsys)[0] == 0
    archive = load_config(catalog_dir / "check.yaml").archive
    answer = {"archived_snapshots": {"closest": {"available": True, "url": "https://web.archive.org/web/1/x"}}}
    assert snapshot_url(answer, archive) is None
    answer["archived_snapshots"]["closest"]["url"] = "http://archive.example/web/1/x"
    assert snapshot_url(answer, archive) == "https://archive.example/web/1/x"


# --- 11. every data file is validated -----------------------------------------------------------------

@pytest.mark.parametrize(("name", "text", "where", "words"), [
    ("import.yaml", "default: nope\nheadings:\n  注意力: attention\n  推理: infrence\n", "data/import.yaml:1:10:",
     "未知分类 “nope”"),
    ("import.yaml", "default: attention\nheadings:\n  推理: infrence\n", "data/import.yaml:3:7:", "是不是 “inference”"),
    ("import.yaml", "default: attention\nheadings: [\n", "data/import.yaml:", "YAML"),
    ("check.yaml", "limits:\n  user_agent: x\n  concurrency: '16'\n", "data/check.yaml:3:16:", "应是整数"),
    ("check.yaml", "limits:\n  user_agent: x\narchive:\n  hosts: []\n", "data/check.yaml:4:10:", "hosts"),
    ("policies.yaml", "min_links: '100'\n", "data/policies.yaml:1:12:", "应是整数（不加引号）"),
    ("policies.yaml", "min_tag_uses: true\n", "data/policies.yaml:1:15:", "应是整数"),
    ("policies.yaml", "max_top_share: '0.2'\n", "data/policies.yaml:1:16:", "应是数字"),
    ("excluded.yaml", "excluded:\n- url: ftp://x.example/\n  reason: 不要\n", "data/excluded.yaml:2:8:", "http"),
])
def test_validate_reads_every_data_file(catalog_dir: Path, capsys, name: str, text: str, where: str,
                                        words: str) -> None:
    (catalog_dir / "links.yaml").write_text(entry(1), encoding="utf-8")
    (catalog_dir / name).write_text(text, encoding="utf-8")
    code, lines = run_validate(capsys)
    assert code == 1
    assert lines[0].startswith(where) and words in lines[0], lines


# --- 9. ids whose pages would share a path ----------------------------------------------------------

@pytest.mark.parametrize(("tags", "where", "words"), [
    ("- id: a b\n- id: a-b\n", "data/tags.yaml:3:7:", "与 data/tags.yaml 第 2 行的标签 “a b” 是同一个路径"),
    ("- id: c\n- id: C++\n", "data/tags.yaml:3:7:", "tags/c.md"),
    ("- id: Index\n", "data/tags.yaml:2:7:", "与 固定页面 是同一个路径"),
    ("- id: COT\n", "data/tags.yaml:2:7:", "与 mkdocs.yml 第 4 行的重定向 是同一个路径"),
])
def test_tags_sharing_a_page_path_are_refused_with_their_position(catalog_dir: Path, capsys, tags: str, where: str,
                                                                  words: str) -> None:
    (catalog_dir / "tags.yaml").write_text("tags:\n" + tags, encoding="utf-8")
    (catalog_dir.parent / "mkdocs.yml").write_text("plugins:\n- redirects:\n    redirect_maps:\n      tags/cot.md: "
                                                   "tags/reasoning.md\n", encoding="utf-8")
    (catalog_dir / "links.yaml").write_text(entry(1), encoding="utf-8")
    code, lines = run_validate(capsys)
    assert code == 1
    assert len(lines) == 2 and lines[0].startswith(where) and words in lines[0], lines


def test_a_series_named_like_a_redirect_source_is_refused(catalog_dir: Path, capsys) -> None:
    (catalog_dir / "series.yaml").write_text("series:\n- id: old\n  title: 旧系列\n", encoding="utf-8")
    (catalog_dir.parent / "mkdocs.yml").write_text("plugins:\n- search\n- redirects:\n    redirect_maps:\n"
                                                   "      series/old.md: paths.md\n", encoding="utf-8")
    (catalog_dir / "links.yaml").write_text(entry(1), encoding="utf-8")
    code, lines = run_validate(capsys)
    assert code == 1
    assert lines[0].startswith("data/series.yaml:2:7:") and "series/old.md" in lines[0], lines


def test_the_real_redirects_and_pages_do_not_collide(repo_root: Path) -> None:
    catalog, problems = validate(repo_root / "data" / "links.yaml")
    assert problems == []
    assert "tags/cot.md" in redirect_sources(catalog)


def test_a_budgeted_run_checks_a_state_from_the_future_first() -> None:
    """A forged future `last_checked` would otherwise sort last and never be re-checked under a budget."""
    config = load_config(ROOT / "data" / "check.yaml")
    now = dt.datetime(2026, 12, 7, 3, tzinfo=dt.UTC)
    urls = [f"https://example.com/{n}" for n in range(50)]
    states = {u: LinkState(status="alive", last_checked=now - dt.timedelta(days=8 + n)) for n, u in enumerate(urls)}
    states[urls[-1]] = LinkState(status="alive", last_checked=dt.datetime(2999, 1, 1, tzinfo=dt.UTC))
    per_link = config.limits.interval + config.schedule.latency
    plan = make_plan(urls, states, now, config, budget=per_link * 2)
    assert plan.urls[0] == urls[-1]


def test_the_site_build_stops_on_two_tags_with_one_page(tmp_path: Path, data_copy: Path) -> None:
    from sitebuild import build

    tags = data_copy.parent / "tags.yaml"
    tags.write_text(tags.read_text(encoding="utf-8") + "  - {id: a b}\n  - {id: a-b}\n", encoding="utf-8")
    text = data_copy.read_text(encoding="utf-8")
    data_copy.write_text(text.replace("  tags: [面试]\n", "  tags: [面试, a b, a-b]\n", 1), encoding="utf-8")
    result = build(tmp_path / "site", catalog=data_copy)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "标签 “a-b” 的页面 tags/a-b.md 与另一个页面重名" in result.stderr
