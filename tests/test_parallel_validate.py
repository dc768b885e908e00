"""`haowen validate` in two processes finds exactly what one process finds, mistakes across halves included.

(tests/test_validate.py also runs each of its cases both ways.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from haowen.catalog.clock import china_today
from haowen.validation import parallel as parallel_validate
from haowen.validation.checks import validate
from haowen.validation.parallel import summarize


def entry(url: str, title: str = "一篇文章", category: str = "attention", extra: str = "") -> str:
    return f"- url: {url}\n  title: {title}\n  category: {category}\n{extra}  added: 2024-01-01\n\n"


@pytest.fixture
def catalogue(tmp_path: Path, repo_root: Path) -> Path:
    """The real catalogue in <tmp>/data, with room to plant mistakes before and after it."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("taxonomy.yaml", "tags.yaml", "series.yaml"):
        shutil.copy(repo_root / "data" / name, data / name)
    return data / "links.yaml"


def write(links: Path, repo_root: Path, first: str, last: str) -> str:
    """links.yaml: `first`, the real entries, then `last`; the real text is returned."""
    real = (repo_root / "data" / "links.yaml").read_text(encoding="utf-8")
    links.write_text(first + real + "\n" + last, encoding="utf-8")
    return real


def both_ways(links: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[parallel_validate.Summary, list]:
    monkeypatch.setattr(parallel_validate, "PARALLEL_FROM", 0)
    found = summarize(links)
    catalog, problems = validate(links)
    assert found.problems == problems
    assert found.links == len(catalog.entries)
    assert (found.categories, found.tags) == (len(catalog.categories), len(catalog.tags))
    return found, problems


def test_mistakes_in_either_half_and_across_them(catalogue: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = entry("https://example.com/first", extra="  tags: [no-such-tag]\n") + entry("https://example.com/x", extra="  colour: red\n")
    last = (entry("https://example.com/first/", title="同一篇，换了写法")  # duplicate of the first half's, not canonical
            + entry("https://example.com/late") + entry("https://example.com/late")  # duplicate within the second half
            + entry("https://example.com/cat", category="no-such-category")
            + entry("https://example.com/future", extra=f"  published: {china_today().year + 1}-12-31\n")
            + "- url: https://example.com/untitled\n  category: attention\n  added: 2024-01-01\n")
    write(catalogue, repo_root, first, last)
    found, _ = both_ways(catalogue, monkeypatch)
    assert found.processes == 2
    messages = [p.message for p in found.problems]
    assert len(messages) == 8, messages
    assert sum("同一篇文章" in m for m in messages) == 2
    assert any("与第 1 行是同一篇文章" in m for m in messages)  # the second half names the first half's line
    assert found.links == len(catalogue.read_text(encoding="utf-8").split("\n- ")) - 2  # all but the two invalid


def test_clean_catalogue_in_two_processes(catalogue: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = write(catalogue, repo_root, "", "")
    found, problems = both_ways(catalogue, monkeypatch)
    assert (found.processes, problems) == (2, [])
    assert found.links == real.count("\n- url: ") + real.startswith("- url: ")


def test_a_half_in_another_layout_goes_the_serial_way(catalogue: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    block_note = "- url: https://example.com/a\n  title: 甲\n  category: attention\n  note: |\n    两行\n    备注\n  added: 2024-01-01\n\n"
    write(catalogue, repo_root, "", block_note + entry("https://example.com/a"))
    found, problems = both_ways(catalogue, monkeypatch)
    assert found.processes == 1
    first_line = catalogue.read_text(encoding="utf-8").split("\n").index("- url: https://example.com/a") + 1
    assert [(p.line, p.message) for p in problems] == [(first_line + 8, f"与第 {first_line} 行是同一篇文章：请合并这两条（保留备注和标签）")]


def test_small_catalogue_stays_in_one_process(repo_root: Path) -> None:
    found = summarize(repo_root / "data" / "links.yaml")
    assert (found.processes, found.problems) == (1, [])
