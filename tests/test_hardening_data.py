"""Hostile values in the data files (issue 22): each is refused by validate with `file:line:col`, or
costs bounded time and memory, never a traceback in validate, a tool or the site build."""

from __future__ import annotations

import datetime as dt
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

from haowen.catalog.load import load
from haowen.catalog.model import MAX_PART, MAX_TERM, MIN_YEAR
from haowen.catalog.synonyms import Thesaurus
from haowen.cli import main
from haowen.export.feed import feed_xml
from haowen.site.context import Site
from haowen.site.plugin import as_plain_markdown, generated_files
from haowen.validation.checks import validate

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


def test_a_series_with_gaps_names_a_few_missing_parts(catalog_dir: Path, capsys) -> None:
    (catalog_dir / "series.yaml").write_text("series:\n- id: s\n  title: 系列\n", encoding="utf-8")
    (catalog_dir / "links.yaml").write_text(entry(1, "series: s\n  part: 1") + "\n"
                                            + entry(2, f"series: s\n  part: {MAX_PART}"), encoding="utf-8")
    code, lines = run_validate(capsys)
    assert code == 1
    assert lines[0].startswith("data/links.yaml:13:9:")
    assert "缺第 2、3、4、5、6、7、8、9、10、11、… 篇" in lines[0]


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
    assert link.published_on is None or MIN_YEAR <= link.published_on.year <= dt.date.today().year + 1
    site = Site.of(catalog)
    pages = as_plain_markdown(site, generated_files(site))
    assert str(link.published or "") in pages["recent.md"]
    assert feed_xml(catalog, "https://example.com/")


def test_the_oldest_and_newest_years_build(catalog_dir: Path) -> None:
    links = catalog_dir / "links.yaml"
    links.write_text(entry(1, f"published: {MIN_YEAR}") + "\n" + entry(2, f"published: '{dt.date.today():%Y-%m}'"),
                     encoding="utf-8")
    catalog, problems = load(links)
    assert problems == []
    assert [link.published for link in catalog.links] == [str(MIN_YEAR), f"{dt.date.today():%Y-%m}"]
