"""Writes that never get lost, one rule for YAML lines, and odd paths and tags (issue 12, items 1, 2, 10).

Concurrency is tested with real `haowen` processes on a copy of data/.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from haowen.catalog.load import load_or_exit
from haowen.catalog.model import Link
from haowen.cli import main
from haowen.commands.add import insert_link
from haowen.commands.fmt import format_catalog
from haowen.editing.layout import format_text, read_layout
from haowen.editing.revise import revise
from haowen.io.store import MAX_BYTES, FileError, current_text, write_unchanged
from haowen.io.yamldoc import parse
from haowen.io.yamlsafe import line_starts, parse_nodes, split_lines
from haowen.linkcheck.state import LinkState, StatusBook, save_states
from haowen.linkcheck.verdict import Verdict

LS, PS, NEL = "\u2028", "\u2029", "\x85"


def haowen(*args: str, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "haowen", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def run(*args: str) -> int:
    """`haowen ARGS` in this process; its exit status (also when it exits through SystemExit)."""
    try:
        return main(list(args))
    except SystemExit as exc:
        return int(exc.code or 0)


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "haowen", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _add_args(catalog: Path, n: int) -> list[str]:
    return ["add", f"https://example.com/concurrent/{n}", "--title", f"并发写入测试 {n}", "--category", "rwkv",
            "--tags", "rwkv", "--catalog", str(catalog)]


def _misordered(catalog: Path) -> str:
    """Move the first entry to the end, so that `haowen fmt` has something to reorder."""
    text = catalog.read_text(encoding="utf-8")
    layout = read_layout(text)
    first, second = layout.blocks[0], layout.blocks[1]
    lo, mid = layout.offset(first.lead_line or first.first_line), layout.offset(second.lead_line or second.first_line)
    moved = text[:lo] + text[mid:].rstrip("\n") + "\n\n" + text[lo:mid].rstrip("\n") + "\n"
    catalog.write_text(moved, encoding="utf-8")
    return moved


# --- item 1: lost writes -----------------------------------------------------------------


def test_many_writers_at_once_lose_nothing_and_report_every_failure(data_copy: Path) -> None:
    """8 `haowen add` and a `haowen fmt` at once: every reported success is in the file, the rest fail clearly."""
    assert main(["fmt", "--catalog", str(data_copy)]) == 0
    _misordered(data_copy)
    before = len(load_or_exit(data_copy).entries)
    procs = {n: start(*_add_args(data_copy, n)) for n in range(8)}
    fmt = start("fmt", "--catalog", str(data_copy))
    results = {n: (p.wait(120), *p.communicate()) for n, p in procs.items()}
    fmt_code, fmt_out, fmt_err = fmt.wait(120), *fmt.communicate()
    text = data_copy.read_text(encoding="utf-8")
    added = [n for n, (code, out, _) in results.items() if code == 0]
    for n, (code, out, err) in results.items():
        assert "Traceback" not in err
        if code == 0:
            assert "已添加" in out and f"https://example.com/concurrent/{n}\n" in text
        else:
            assert err.strip() and "已添加" not in out
    assert "Traceback" not in fmt_err
    assert len(load_or_exit(data_copy).entries) == before + len(added)
    assert main(["validate", "--catalog", str(data_copy)]) == 0
    if fmt_code == 0:  # fmt's reordering was not undone by an add that read the file before it
        assert "已整理" in fmt_out or "格式已是规范的" in fmt_out
        assert main(["fmt", "--check", "--catalog", str(data_copy)]) == 0, text
    else:
        assert fmt_err.strip()
    assert added, [r[2] for r in results.values()]


def test_add_redoes_its_insert_when_another_add_wrote_after_it_read(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)  # this writer has read the file…
    assert main(_add_args(data_copy, 1)) == 0  # …then another writer adds an entry
    link = Link(url="https://example.com/concurrent/2", title="并发写入测试 2", category="rwkv", tags=["rwkv"],
                added=catalog.links[0].added)

    written = revise(catalog, insert_link(link))
    text = data_copy.read_text(encoding="utf-8")
    assert written == text
    assert "https://example.com/concurrent/1\n" in text and "https://example.com/concurrent/2\n" in text


def test_fmt_formats_the_new_text_when_an_add_wrote_after_it_read(data_copy: Path) -> None:
    assert main(["fmt", "--catalog", str(data_copy)]) == 0
    _misordered(data_copy)
    catalog = load_or_exit(data_copy)  # fmt has read the misordered file…
    assert main(_add_args(data_copy, 1)) == 0  # …then an add writes
    assert revise(catalog, format_catalog) is not None
    assert "https://example.com/concurrent/1\n" in data_copy.read_text(encoding="utf-8")
    assert main(["fmt", "--check", "--catalog", str(data_copy)]) == 0


def test_the_same_article_added_twice_at_once_is_refused_the_second_time(data_copy: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:

    catalog = load_or_exit(data_copy)
    assert main(_add_args(data_copy, 1)) == 0
    link = Link(url="https://example.com/concurrent/1", title="并发写入测试 1", category="rwkv", tags=["rwkv"],
                added=catalog.links[0].added)
    before = data_copy.read_text(encoding="utf-8")
    assert revise(catalog, insert_link(link)) is None
    assert "已经收录了这篇文章" in capsys.readouterr().err
    assert data_copy.read_text(encoding="utf-8") == before


def test_status_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "link-status.json"
    path.write_text('{"version": 1, "links": {}}\n', encoding="utf-8")
    seen = current_text(path)
    theirs = '{"version": 1, "links": {}}\n\n'
    path.write_text(theirs, encoding="utf-8")  # another `haowen check` finished meanwhile
    with pytest.raises(FileError, match="被改过"):
        save_states(path, {}, seen)
    assert path.read_text(encoding="utf-8") == theirs
    save_states(path, {}, theirs)
    assert json.loads(path.read_text(encoding="utf-8")) == {"version": 1, "links": {}}


def test_a_check_run_keeps_what_another_run_saved_meanwhile(tmp_path: Path) -> None:
    """A rolling check saves as it goes: when another run saved the file in between, this run's
    results are laid over that run's instead of erasing them."""
    path = tmp_path / "link-status.json"
    now = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    a, b = "https://example.com/a", "https://example.com/b"
    path.write_text('{"version": 1, "links": {}}\n', encoding="utf-8")
    book = StatusBook(path, {}, [a, b], now, save_every=3600, seen=current_text(path))
    other = LinkState(status="alive", last_checked=now, last_alive=now)
    save_states(path, {b: other}, current_text(path))  # the other run
    book.record(a, Verdict("dead", 404, "not found"), cached=False)
    book.save()
    saved = json.loads(path.read_text(encoding="utf-8"))["links"]
    assert saved[a]["status"] == "dead" and saved[b]["status"] == "alive"


def test_a_writer_waits_for_the_lock_and_then_redoes_on_what_it_finds(tmp_path: Path) -> None:
    """A real second process holds the lock; our write waits for it and builds on its result."""
    path = tmp_path / "f.txt"
    path.write_text("a\n", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(tmp_path / '.f.txt.lock')!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('locked', flush=True)\n"
        "time.sleep(1)\n"
        f"open({str(path)!r}, 'w').write('a\\nb\\n')\n")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    written = write_unchanged(path, "a\n", "a\nc\n", redo=lambda: path.read_text(encoding="utf-8") + "c\n")
    assert holder.wait(10) == 0
    assert written == path.read_text(encoding="utf-8") == "a\nb\nc\n"


def test_lock_is_released_when_the_writer_refuses(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("new\n", encoding="utf-8")
    with pytest.raises(FileError):
        write_unchanged(path, "old\n", "mine\n")
    fd = os.open(tmp_path / ".f.txt.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # would raise if still held
    finally:
        os.close(fd)


# --- item 2: line breaks YAML counts -----------------------------------------------------


@pytest.mark.parametrize("brk", [LS, PS, NEL])
def test_a_note_with_a_unicode_line_break_is_refused_and_later_writes_work(
        data_copy: Path, brk: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Such a character is a line break to YAML but not to an editor: `add` refuses it (naming it) and
    leaves the file as it was, and later writes go on working."""
    before = data_copy.read_bytes()
    assert main([*_add_args(data_copy, 1), "--note", f"第一句{brk}第二句"]) == 1
    assert f"U+{ord(brk):04X}" in capsys.readouterr().err
    assert data_copy.read_bytes() == before
    assert main(_add_args(data_copy, 2)) == 0
    assert main(["fmt", "--catalog", str(data_copy)]) == 0
    assert main(["validate", "--catalog", str(data_copy)]) == 0
    assert main(["fmt", "--check", "--catalog", str(data_copy)]) == 0


CRAFTED = (
    "- url: https://example.com/a\n"
    "  title: 甲\n"
    "  category: rwkv\n"
    f"  note: '第一行{LS}- url: https://example.com/fake'\n"
    "  added: 2024-01-01\n"
    "\n"
    "- url: https://example.com/z\n"
    "  title: 乙\n"
    "  category: rwkv\n"
    "  added: 2024-06-01\n"
)


def test_add_refuses_a_file_with_a_raw_line_break_and_names_its_place(data_copy: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data_copy.write_text(CRAFTED, encoding="utf-8")
    assert run("add", "https://example.com/m", "--title", "丙", "--category", "rwkv", "--tags", "rwkv",
               "--catalog", str(data_copy)) == 1
    err = capsys.readouterr().err
    assert "links.yaml:4:13: 原样的换行符 U+2028" in err
    assert data_copy.read_text(encoding="utf-8") == CRAFTED


def test_validate_names_each_raw_line_break_by_the_line_it_is_on(data_copy: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    data_copy.write_text(CRAFTED.replace("title: 乙", f"title: 乙{NEL}"), encoding="utf-8")
    assert main(["validate", "--catalog", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "links.yaml:4:13: 原样的换行符 U+2028" in out
    assert "links.yaml:9:11: 原样的换行符 U+0085" in out  # YAML line 9 (an editor's line 8)


def test_layout_counts_lines_as_yaml_does_and_fmt_keeps_every_comment(data_copy: Path) -> None:
    text = (
        "- url: https://example.com/z\n  title: 乙\n  category: rwkv\n  added: 2024-06-01\n\n"
        f"# 甲的注释{LS}- url: https://example.com/a\n  title: 甲\n  category: rwkv\n  added: 2024-01-01\n"
        "  # 甲的尾注释\n"
    )
    catalog = load_or_exit(data_copy)
    links = [Link(url="https://example.com/z", title="乙", category="rwkv", added=dt.date(2024, 6, 1)),
             Link(url="https://example.com/a", title="甲", category="rwkv", added=dt.date(2024, 1, 1))]
    layout = read_layout(text)
    assert [b.first_line for b in layout.blocks] == [0, 6]
    assert layout.blocks[1].comments == ["# 甲的注释"] and layout.trailer == ["# 甲的尾注释"]
    out = format_text(text, links, catalog)
    assert out.index("# 甲的注释\n- url: https://example.com/a") < out.index("- url: https://example.com/z")
    assert "# 甲的尾注释\n" in out


def test_one_line_rule_matches_yaml_marks() -> None:
    text = f"a: 1\r\nb: 2\rc: 3{NEL}d: 4{LS}e: 5{PS}f: 6\ng: 7\n"
    node_lines = [k.start_mark.line for k, _ in yaml.compose(text).value]
    assert [split_lines(text)[i][0] for i in node_lines] == list("abcdefg")
    assert [text[line_starts(text)[i]] for i in node_lines] == list("abcdefg")


# --- item 10: odd paths and tags ---------------------------------------------------------


@pytest.mark.parametrize("name", ["validate", "fmt", "add", "export", "import"])
def test_catalog_naming_a_directory_is_a_clear_error(name: str, data_copy: Path) -> None:
    extra = {"add": ["https://example.com/x", "--title", "t"], "export": ["json"], "import": [str(data_copy)]}.get(name, [])
    done = haowen(name, *extra, "--catalog", str(data_copy.parent))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{data_copy.parent}: 是目录，不是文件" in done.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_catalog_naming_a_device_is_refused_without_reading_it(device: str) -> None:
    done = haowen("validate", "--catalog", device, timeout=20)
    assert done.returncode == 2
    assert f"{device}: 不是普通文件" in done.stderr and "Traceback" not in done.stderr


def test_import_of_a_device_is_refused_without_reading_it(data_copy: Path) -> None:
    done = haowen("import", "/dev/zero", "--catalog", str(data_copy), timeout=20)
    assert done.returncode == 2
    assert "/dev/zero: 不是普通文件" in done.stderr and "Traceback" not in done.stderr


def test_a_file_too_large_is_refused_before_it_is_read(data_copy: Path) -> None:
    with data_copy.open("r+b") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no disk used
    done = haowen("validate", "--catalog", str(data_copy), timeout=20)
    assert done.returncode == 2 and "文件超过" in done.stderr and "Traceback" not in done.stderr


ENTRY = "- url: https://example.com/a\n  title: {title}\n  category: rwkv\n  added: 2024-01-01\n"


@pytest.mark.parametrize("title", ["!!binary 5rWL6K+V", "!!int 5", "!custom 甲", "!<tag:yaml.org,2002:binary> 5rWL"])
def test_explicit_tags_are_refused_with_their_place(data_copy: Path, title: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    text = ENTRY.format(title=title)
    data_copy.write_text(text, encoding="utf-8")
    assert main(["validate", "--catalog", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "links.yaml:2:10: 不支持的 YAML 标签" in out
    assert run("export", "json", "--catalog", str(data_copy)) == 1
    assert "测试" not in capsys.readouterr().out  # never exported as decoded text
    fast, full = parse(data_copy, text), parse_nodes(data_copy, text)
    assert [e.problem() for e in fast.problems] == [e.problem() for e in full.problems] != []


@pytest.mark.parametrize("title", ["!!str 2024-01-01", "! 甲"])
def test_a_plain_str_tag_is_still_allowed(data_copy: Path, title: str) -> None:
    data_copy.write_text(ENTRY.format(title=title), encoding="utf-8")
    assert main(["validate", "--catalog", str(data_copy)]) == 0
