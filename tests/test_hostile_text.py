"""Control and invisible characters in data (issue 12, items 4 and 5): validate refuses them with
`file:line:col`, add cleans them out of fetched titles, and nothing printed lets them reach the terminal."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from haowen.catalog.load import load, load_or_exit
from haowen.catalog.status import StatusFileError, dead_marks
from haowen.cli import main
from haowen.text import safe as safetext
from pagesite import serve_pages

ENTRY = """\
- url: https://zhuanlan.zhihu.com/p/100
  title: {title}
  category: attention
  tags: [{tag}]
  note: {note}
  added: 2024-01-01
"""
CLEAN = {"title": "一篇讲注意力的文章", "tag": "attention", "note": "好文"}
# The attack of the issue: erase the line, print a forged success in green, hide the rest.
FORGED_TAG = '"x\\r\\e[2K\\e[32m数据无误：0 个问题\\e[8m"'
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def catalog_dir(tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """<tmp>/cat/data with the real taxonomy and tags; the working directory is <tmp>/cat."""
    root = tmp_path / "cat"
    (root / "data").mkdir(parents=True)
    for name in ("taxonomy.yaml", "tags.yaml"):
        shutil.copy(data_copy.parent / name, root / "data" / name)
    monkeypatch.chdir(root)
    return root / "data"


def _write_links(data: Path, **fields: str) -> Path:
    path = data / "links.yaml"
    path.write_text(ENTRY.format(**{**CLEAN, **fields}), encoding="utf-8")
    return path


@pytest.mark.parametrize("escape, shown", [
    ("\\a", "U+0007"), ("\\e", "U+001B"), ("\\0", "U+0000"), ("\\x85", "U+0085"), ("\\u202e", "U+202E"),
    ("\\u2066", "U+2066"), ("\\u200b", "U+200B"), ("\\ufeff", "U+FEFF"), ("\\U000E0041", "U+E0041"),
    ("\\uFDD0", "U+FDD0"), ("\\r", "U+000D"),
])
@pytest.mark.parametrize("field", ["title", "tag", "note"])
def test_validate_refuses_control_and_format_characters_with_position(
        catalog_dir: Path, capsys: pytest.CaptureFixture[str], field: str, escape: str, shown: str) -> None:
    _write_links(catalog_dir, **{field: f'"前{escape}后"'})
    assert main(["validate", "--catalog", "data/links.yaml"]) == 1
    out = capsys.readouterr().out
    line = {"title": 2, "tag": 4, "note": 5}[field]
    col = {"title": 10, "tag": 10, "note": 9}[field]
    assert f"data/links.yaml:{line}:{col}: " in out and shown in out and "请删除" in out, out


@pytest.mark.parametrize("name, old, new", [
    ("taxonomy.yaml", "title: 大模型基础\n", 'title: "大模型基础\\a"\n'),
    ("tags.yaml", "{id: attention,", '{id: attention, title: "注意\\u202e力",'),
])
def test_taxonomy_and_tag_texts_are_checked_too(catalog_dir: Path, capsys: pytest.CaptureFixture[str],
                                                name: str, old: str, new: str) -> None:
    path = catalog_dir / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _write_links(catalog_dir)
    assert main(["validate", "--catalog", "data/links.yaml"]) == 1
    out = capsys.readouterr().out
    expected_line = text[: text.index(old)].count("\n") + 1
    assert re.search(rf"^data/{name}:{expected_line}:\d+: .*“[a-z.]*title” .*U\+(0007|202E)", out, re.M), out


def test_forbidden_set_holds_every_format_character_and_noncharacter() -> None:
    allowed = re.compile(safetext.ALLOWED_PATTERN)
    for cp in range(0x110000):
        char = chr(cp)
        kind = unicodedata.category(char)
        must_refuse = (kind in ("Cc", "Cf", "Cs") and char not in "\t\n") or (
            0xFDD0 <= cp <= 0xFDEF or cp & 0xFFFE == 0xFFFE)
        if must_refuse:
            assert safetext.first_forbidden(f"a{char}") == (1, char), hex(cp)
            if kind != "Cs":
                assert not allowed.match(char), hex(cp)
    assert safetext.first_forbidden("好文 FlashAttention：😀\t\n") is None


PAGES = {
    "/bel": (200, "<title>注意力\x07机制\x1b[31m详解\u202e\u200b - 知乎</title>"),
    "/long": (200, "<title>" + "长" * 5000 + "</title>"),
}


@pytest.fixture(scope="module")
def pages() -> Iterator[str]:
    with serve_pages(PAGES) as base:
        yield base


def test_add_cleans_fetched_titles_and_caps_their_length(catalog_dir: Path, pages: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    links = _write_links(catalog_dir)
    args = ["--category", "attention", "--tags", "attention", "--catalog", str(links), "--timeout", "2"]
    assert main(["add", pages + "/bel", *args]) == 0
    assert main(["add", pages + "/long", *args]) == 0
    out = capsys.readouterr().out
    assert not TERMINAL_CONTROL.search(out), repr(out)
    catalog, problems = load(links)
    assert problems == []
    titles = [link.title for link in catalog.links]
    assert "注意力机制[31m详解" in titles  # the text stays; the ESC, BEL and invisible marks go
    long_title = next(t for t in titles if t.startswith("长"))
    assert len(long_title) == safetext.MAX_TITLE and long_title.endswith("…")
    assert main(["validate", "--catalog", str(links)]) == 0


def test_given_note_with_a_control_character_is_refused_in_chinese(catalog_dir: Path, pages: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    links = _write_links(catalog_dir)
    before = links.read_text(encoding="utf-8")
    code = main(["add", pages + "/bel", "--category", "attention", "--note", "好\x1b[8m文", "--catalog", str(links)])
    err = capsys.readouterr().err
    assert code == 1 and "U+001B" in err and "\x1b" not in err
    assert links.read_text(encoding="utf-8") == before


def test_forged_success_line_cannot_reach_the_terminal(catalog_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    links = _write_links(catalog_dir, tag=FORGED_TAG)
    # A YAML key is quoted in the message about it: the escape sequences must come out visible.
    links.write_text(links.read_text(encoding="utf-8") + '  "k\\r\\e[2K\\e[32mok": 1\n', encoding="utf-8")
    for fmt in ("text", "github"):
        assert main(["validate", "--catalog", "data/links.yaml", "--format", fmt]) == 1
        out = capsys.readouterr().out
        assert not TERMINAL_CONTROL.search(out), repr(out)
        lines = out.splitlines()
        assert lines[-1] == "发现 2 个问题" and len(lines) == 3, lines
        assert "\\x1b[2K" in out  # shown, not obeyed


def test_visible_shows_every_control_and_keeps_plain_text() -> None:
    assert safetext.visible("好文 a\\b") == "好文 a\\b"
    assert safetext.visible("a\r\x1b[2K\u202e\n\t\U000e0041") == "a\\r\\x1b[2K\\u202e\\n\\t\\U000e0041"


def test_validate_runs_in_a_subprocess_without_tracebacks_on_nul(catalog_dir: Path) -> None:
    _write_links(catalog_dir, title='"a\\0b"')
    result = subprocess.run([sys.executable, "-m", "haowen", "validate", "--catalog", "data/links.yaml"],
                            capture_output=True, text=True, cwd=catalog_dir.parent)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "U+0000" in result.stdout


def test_status_file_archive_link_must_be_a_web_link(data_copy: Path) -> None:
    """A `javascript:` archive link is refused with its position (it would run if shown); a web one is shown."""
    catalog = load_or_exit(data_copy)
    first, second = (link.url for link in catalog.links[:2])
    state = {"status": "dead", "last_checked": "2026-01-02T08:00:00+00:00", "confirmed_dead": True,
             "first_failed": "2026-01-01T08:00:00+00:00", "consecutive_failures": 2}
    status = data_copy.parent / "link-status.json"
    status.write_text(json.dumps({"version": 1, "links": {first: {**state, "archive_url": "javascript:alert(1)"}}}),
                      encoding="utf-8")
    with pytest.raises(StatusFileError) as refused:
        dead_marks(catalog)
    assert "link-status.json:1:" in str(refused.value) and "archive_url" in str(refused.value)
    status.write_text(json.dumps({"version": 1, "links": {
        second: {**state, "archive_url": "https://web.archive.org/web/2025/x"}}}), encoding="utf-8")
    assert dead_marks(catalog)[second].archive_url == "https://web.archive.org/web/2025/x"
