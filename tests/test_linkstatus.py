"""The site's view of link health: only confirmed dead links of the catalogue get a mark."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from haowen.catalog.load import load_or_exit
from haowen.catalog.status import DeadMark, StatusFileError, dead_marks


def _state(status: str, confirmed: bool = False, **extra: object) -> dict:
    return {"status": status, "last_checked": "2026-01-02T08:00:00+00:00", "confirmed_dead": confirmed, **extra}


def test_no_status_file_means_no_marks(data_copy: Path) -> None:
    assert dead_marks(load_or_exit(data_copy)) == {}


def test_only_confirmed_dead_links_in_the_catalogue_are_marked(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    first, second, third = (link.url for link in catalog.links[:3])
    links = {
        first: _state("dead", True, last_alive="2025-12-24T07:00:00+00:00",
                      archive_url="https://web.archive.org/web/2025/x"),
        second: _state("dead"),  # dead once: not confirmed yet
        third: _state("blocked"),
        "https://not-in-catalogue.example/": _state("dead", True),
    }
    (data_copy.parent / "link-status.json").write_text(json.dumps({"version": 1, "links": links}), encoding="utf-8")
    assert dead_marks(catalog) == {first: DeadMark(dt.date(2025, 12, 24), "https://web.archive.org/web/2025/x")}


def test_broken_status_file_raises_a_positioned_problem(data_copy: Path) -> None:
    (data_copy.parent / "link-status.json").write_text('{"version": 1,\n "links": [}', encoding="utf-8")
    with pytest.raises(StatusFileError) as exc:
        dead_marks(load_or_exit(data_copy))
    assert exc.value.problems[0].line == 2


def _write_links(data_copy: Path, links: dict) -> Path:
    path = data_copy.parent / "link-status.json"
    path.write_text(json.dumps({"version": 1, "links": links}, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_javascript_archive_url_is_an_error_at_its_line(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    path = _write_links(data_copy, {catalog.links[0].url: _state("dead", True, archive_url="javascript:alert(1)")})
    with pytest.raises(StatusFileError) as exc:
        dead_marks(catalog)
    [problem] = exc.value.problems
    lines = path.read_text(encoding="utf-8").splitlines()
    assert '"archive_url"' in lines[problem.line - 1]
    assert "link-status.json" in problem.path and "存档链接" in problem.message


@pytest.mark.parametrize(("text", "where", "words"), [
    ('{"version": 1,\n "links": {"https://a.example/x": {"status": "de', ":2:", "JSON"),
    ('{"version": 1, "links": {"https://a.example/x": {"status": "dead", "confirmed_dead": true, '
     '"last_checked": "2026-01-01T00:00:00Z", "archive_url": "javascript:alert(1)"}}}', ":1:", "存档链接"),
])
def test_broken_status_file_is_a_plugin_error_naming_the_file(tmp_path: Path, data_copy: Path, text: str,
                                                              where: str, words: str) -> None:
    from sitebuild import build

    (data_copy.parent / "link-status.json").write_text(text, encoding="utf-8")
    result = build(tmp_path / "site", catalog=data_copy)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "YAML" not in result.stderr
    assert f"link-status.json{where}" in result.stderr and words in result.stderr


def test_site_reads_the_status_file_without_the_link_checker() -> None:
    import subprocess
    import sys

    code = "import sys, haowen.site.plugin; print(sorted(m for m in sys.modules if m.startswith('haowen.linkcheck')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_hundred_thousand_states_are_read(data_copy: Path) -> None:
    """A status file of 100k links is read (in seconds, not the YAML reader's 15-19 s: benchmarks/limits.py)."""
    links = {f"https://zhuanlan.zhihu.com/p/{n}": _state("dead", n % 7 == 0, last_alive="2025-12-24T07:00:00+00:00",
                                                         archive_url=f"https://web.archive.org/web/2025/{n}")
             for n in range(100_000)}
    catalog = load_or_exit(data_copy)
    first = catalog.links[0].url
    links[first] = _state("dead", True, last_alive="2025-12-24T07:00:00+00:00")
    _write_links(data_copy, links)
    assert dead_marks(catalog)[first].last_alive == dt.date(2025, 12, 24)
