"""The fast reader of the canonical links.yaml layout: haowen.io.yamldoc's very Document, or it stands aside."""

from __future__ import annotations

import datetime as dt
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haowen.catalog.model import LINK_FIELDS, Link
from haowen.editing.entrytext import entry_text, links_text
from haowen.io import fastyaml
from haowen.io.yamldoc import parse
from haowen.io.yamlsafe import Document, YamlError, parse_nodes

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

PATH = Path("links.yaml")


def slow(text: str) -> Document | YamlError:
    try:
        return parse_nodes(PATH, text)
    except YamlError as exc:
        return exc


def assert_same(fast: Document, full: Document) -> None:
    """Data (with its types), every position and key position, problems; and pos() around them."""
    assert repr(fast.data) == repr(full.data)
    assert [(e.pos, e.message) for e in fast.problems] == [(e.pos, e.message) for e in full.problems]
    for where, pos in full.positions.items():
        assert where in fast.positions and fast.positions[where] == pos and fast.positions.get(where) == pos
    for where, pos in full.key_positions.items():
        assert where in fast.key_positions and fast.key_positions[where] == pos
    assert dict(fast.positions) == dict(full.positions)
    assert dict(fast.key_positions) == dict(full.key_positions)
    assert len(fast.positions) == len(full.positions)
    probes = [("x",), (-1,), (len(full.data),), (0, "nope"), (0, "tags", 99), (0, "url", 0), (0, "title", "x")]
    for where in [*full.positions, *probes]:
        assert (where in fast.positions) == (where in full.positions)
        assert fast.pos(where) == full.pos(where)
        assert (where in fast.key_positions) == (where in full.key_positions)


def check(text: str) -> Document | None:
    """The fast reader's Document for `text` (checked against the full reader), or None."""
    fast = fastyaml.read(PATH, text)
    if fast is not None:
        full = slow(text)
        assert isinstance(full, Document), full
        assert_same(fast, full)
    return fast


# --- generated entries, written the way fmt writes them, then varied by hand ------------------

AWKWARD = [
    "", " ", "-", "- x", "-x", "? x", ":x", "a: b", "a:b", "a:", "a #b", "a#b", "#x", "&a", "*a", "!x", "!!str x",
    "|", ">", "'q'", '"q"', "it's", 'say "hi"', "%x", "@x", "`x", "[a]", "{a}", "a, b", "a,b", "yes", "No", "on",
    "OFF", "y", "n", "null", "Null", "~", "true", "False", "123", "-7", "+1", "0x1F", "0o17", "1_000", "1.5", ".5",
    "1e3", ".inf", "-.Inf", ".nan", "<<", "=", "2024-01-31", "2024-13-40", "2024-02-30", "2024-1-2",
    "2024-01-31 10:00:00", "20240131", "a\\b", "\\", "\\n", "tab\tin", "a  b", " lead", "trail ", "中文标题",
    "注意力：原理", "emoji 🚀", "nbsp\u00a0x", "\u3000全角空格", "line\u2028sep", "nel\x85x", "bom\ufeffx",
    "ctrl\x07x", "del\x7fx", "\x00", "é", "x" * 300,
]
_ORDINARY = st.one_of(
    st.sampled_from(["注意力机制详解", "vLLM 源码解析：调度", "Attention Is All You Need", "flash-attention", "tp", "cuda"]),
    st.text(alphabet="abcxyzABC019-_./ 中文：（）", min_size=1, max_size=20),
)
_TEXT = st.one_of(
    _ORDINARY, _ORDINARY, _ORDINARY, st.sampled_from(AWKWARD), st.text(max_size=12),
    st.text(alphabet="ab :#-'\"[]{},\\", max_size=8),
)
_DATE = st.one_of(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), _TEXT)
_PUBLISHED = st.one_of(_DATE, st.sampled_from(["2024-05", "2024", "1999-12", "2024-5", "2024-00"]),
                       st.integers(min_value=0, max_value=10000))
_FIELDS = {
    "url": st.one_of(st.just("https://zhuanlan.zhihu.com/p/1"), _TEXT),
    "mirrors": st.lists(st.one_of(st.just("https://mp.weixin.qq.com/s/x"), _TEXT), max_size=3),
    "title": _TEXT,
    "kind": st.one_of(st.sampled_from(["paper", "repo", "video", "course"]), _TEXT),
    "series": st.one_of(st.sampled_from(["bbuf-cuda-notes", "transformer-upgrade"]), _TEXT),
    "part": st.one_of(st.integers(min_value=-3, max_value=10**20), _TEXT),
    "pick": st.one_of(st.booleans(), _TEXT),
    "review": st.one_of(st.booleans(), _TEXT),
    "category": st.one_of(st.sampled_from(["attention", "gpu-arch"]), _TEXT),
    "tags": st.lists(_TEXT, max_size=4),
    "note": _TEXT,
    "author": _TEXT,
    "published": _PUBLISHED,
    "lang": st.one_of(st.sampled_from(["zh", "en"]), _TEXT),
    "added": _DATE,
    "sources": st.lists(_TEXT, max_size=3),
}


@st.composite
def entries(draw: st.DrawFn) -> str:
    """One entry as entrytext.entry_text writes it (values unchecked: built with model_construct)."""
    names = draw(st.lists(st.sampled_from(LINK_FIELDS), min_size=1, unique=True))
    values = {name: draw(_FIELDS[name]) for name in names}
    with warnings.catch_warnings():  # pydantic warns when it dumps a str where a date belongs
        warnings.simplefilter("ignore")
        return entry_text(Link.model_construct(**values))


# Hand variations: each takes the text and a number and returns a changed text.
VARIATIONS = {
    "comment between entries": lambda t, n: t.replace("\n\n- ", "\n\n# 注释\n- ", 1 + n % 3),
    "indented comment": lambda t, n: t.replace("\n  ", "\n  # c: d\n  ", 1 + n % 2),
    "comment at column 0 in an entry": lambda t, n: t.replace("\n  ", "\n# x\n  ", 1),
    "blank line in an entry": lambda t, n: t.replace("\n  ", "\n\n  ", 1),
    "no blank lines": lambda t, n: t.replace("\n\n", "\n"),
    "spaces after the colon": lambda t, n: t.replace(": ", ":" + " " * (2 + n % 3), 1 + n % 4),
    "no space after the colon": lambda t, n: t.replace(": ", ":", 1),
    "space before the colon": lambda t, n: t.replace(": ", " : ", 1),
    "tab": lambda t, n: t.replace(" ", "\t", 1 + n % 3),
    "CRLF": lambda t, n: t.replace("\n", "\r\n"),
    "CR in a value": lambda t, n: t.replace("\n", "\r\n", 1),
    "trailing spaces": lambda t, n: t.replace("\n", "  \n", 1 + n % 2),
    "duplicate key": lambda t, n: _duplicate_line(t, n),
    "multi-line plain scalar": lambda t, n: t.replace("\n  ", "\n    more words\n  ", 1),
    "multi-line quoted": lambda t, n: t.replace("\n  ", " 'open\n   still\n  ", 1),
    "block scalar": lambda t, n: t.replace("\n  ", "\n  note: |\n    block\n    text\n  ", 1),
    "folded scalar": lambda t, n: t.replace("\n  ", "\n  note: >-\n    folded\n  ", 1),
    "anchor and alias": lambda t, n: t.replace(": ", ": &a ", 1).replace("\n  ", "\n  author: *a\n  ", 1),
    "tag": lambda t, n: t.replace(": ", ": !!str ", 1),
    "document marker": lambda t, n: "---\n" + t,
    "document end": lambda t, n: t + "...\n",
    "empty value": lambda t, n: t.replace("\n  ", "\n  author:\n  ", 1),
    "nested mapping": lambda t, n: t.replace("\n  ", "\n  extra:\n    a: b\n  ", 1),
    "nested list": lambda t, n: t.replace("\n  ", "\n  extra:\n  - a\n  ", 1),
    "quoted flow items": lambda t, n: t.replace("\n  ", "\n  tags: ['a', \"b\"]\n  ", 1),
    "nested flow": lambda t, n: t.replace("\n  ", "\n  tags: [a, [b]]\n  ", 1),
    "flow mapping": lambda t, n: t.replace("\n  ", "\n  extra: {a: b}\n  ", 1),
    "trailing comma": lambda t, n: t.replace("\n  ", "\n  tags: [a, b, ]\n  ", 1),
    "spaced flow items": lambda t, n: t.replace("\n  ", "\n  tags: [ a ,  b  ,c ]\n  ", 1),
    "empty flow list": lambda t, n: t.replace("\n  ", "\n  tags: []\n  ", 1),
    "unquoted awkward value": lambda t, n: t.replace("\n  ", f"\n  extra: {AWKWARD[n % len(AWKWARD)]}\n  ", 1),
    "awkward flow item": lambda t, n: t.replace("\n  ", f"\n  tags: [a, {AWKWARD[n % len(AWKWARD)]}]\n  ", 1),
    "escapes": lambda t, n: t.replace("\n  ", '\n  note: "\\u00e9\\t\\x41\\U0001F680\\\\ \\" \\/"\n  ', 1),
    "bad escape": lambda t, n: t.replace("\n  ", '\n  note: "\\q \\uD800"\n  ', 1),
    "single quotes": lambda t, n: t.replace("\n  ", "\n  note: 'it''s '' x'\n  ", 1),
    "three-space indent": lambda t, n: t.replace("\n  ", "\n   ", 1),
    "entry with a space before the dash": lambda t, n: t.replace("\n- ", "\n - ", 1),
    "dash alone": lambda t, n: t.replace("\n- ", "\n-\n  ", 1),
    "long key": lambda t, n: t.replace("\n  ", "\n  " + "k" * (1020 + n % 10) + ": v\n  ", 1),
    "BOM in the middle": lambda t, n: t.replace("\n  ", "\n\ufeff  ", 1),
    "only comments": lambda t, n: "# nothing\n\n# here\n",
    "top-level mapping": lambda t, n: "links:\n" + t,
}


def _duplicate_line(text: str, n: int) -> str:
    lines = text.split("\n")
    keyed = [i for i, line in enumerate(lines) if line.startswith("  ") and ": " in line]
    if not keyed:
        return text
    i = keyed[n % len(keyed)]
    return "\n".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(entries(), min_size=1, max_size=4),
    st.lists(st.tuples(st.sampled_from(sorted(VARIATIONS)), st.integers(0, 200)), max_size=2),
)
def test_fast_reader_agrees_with_the_full_reader(items: list[str], changes: list[tuple[str, int]]) -> None:
    text = "# 头注释\n" + "".join("\n" + item for item in items)
    for name, n in changes:
        text = VARIATIONS[name](text, n)
    check(text)


@pytest.mark.parametrize("name", sorted(VARIATIONS))
def test_each_variation_is_either_read_the_same_or_left_alone(name: str) -> None:
    base = (
        "# 头\n\n- url: https://a.example/1\n  title: 一\n  tags: [x, y]\n  added: 2024-01-01\n"
        "\n- url: https://a.example/2\n  title: 二\n  added: 2024-01-02\n"
    )
    assert check(base) is not None
    for n in range(0, 200, 7):
        check(VARIATIONS[name](base, n))


REFUSED = {
    "tab": "- url: x\n  title:\ty\n",
    "CRLF": "- url: x\r\n  title: y\r\n",
    "duplicate key": "- url: x\n  url: y\n",
    "block scalar": "- url: x\n  note: |\n    a\n",
    "multi-line": "- url: x\n  title: a\n    b\n",
    "alias": "- url: &a x\n  title: *a\n",
    "empty value": "- url: x\n  note:\n",
    "document marker": "---\n- url: x\n",
    "no entries": "# only a comment\n",
    "bad date": "- url: x\n  added: 2024-13-40\n",
    "octal or hex integer": "- url: x\n  title: 0x1F\n  note: 012\n",
    "signed integer": "- url: x\n  part: +3\n",
    "capitalised boolean": "- url: x\n  pick: True\n",
    "boolean": "- url: x\n  title: yes\n",
    "null": "- url: x\n  note: null\n",
    "indicator": "- url: x\n  title: '&a'\n  note: &a\n",
    "colon space": "- url: x\n  title: a: b\n",
    "comment after a value": "- url: x\n  title: a # b\n",
    "double-quoted flow item": "- url: x\n  tags: [\"a\"]\n",
    "single-quoted flow item with a quote": "- url: x\n  tags: ['a''b']\n",
    "non-printable": "- url: x\n  title: a\x07b\n",
    "line separator": "- url: x\n  title: a\u2028b\n",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_unusual_files_are_left_to_the_full_reader(name: str) -> None:
    assert fastyaml.read(PATH, REFUSED[name]) is None


def test_marks_of_every_kind() -> None:
    text = (
        "# header\n\n"
        "- url:   https://a.example/x\n"
        "  # between keys\n"
        "  title: 'it''s'\n"
        "  tags: [a,  b ,c]\n"
        "  note: \"q \\u00e9\"\n"
        "  added: 2024-01-31\n"
        "\n# between entries\n"
        "- title: 中文：标题\n"
        "  tags: []\n"
    )
    doc = check(text)
    assert doc is not None
    assert doc.data == [
        {"url": "https://a.example/x", "title": "it's", "tags": ["a", "b", "c"], "note": "q é", "added": dt.date(2024, 1, 31)},
        {"title": "中文：标题", "tags": []},
    ]
    assert (doc.positions[()].line, doc.positions[()].col) == (3, 1)
    assert (doc.positions[(0,)].line, doc.positions[(0,)].col) == (3, 3)
    assert (doc.key_positions[(0, "url")].line, doc.key_positions[(0, "url")].col) == (3, 3)
    assert doc.positions[(0, "url")].col == 10
    assert doc.positions[(0, "tags")].col == 9
    assert [doc.positions[(0, "tags", j)].col for j in range(3)] == [10, 14, 17]
    assert doc.positions[(1,)].line == 11


def test_the_new_fields_in_fmt_layout_take_the_fast_path() -> None:
    """kind, mirrors, series, part, pick and partial published dates, as entry_text writes them."""
    link = Link(url="https://zhuanlan.zhihu.com/p/1", mirrors=["https://mp.weixin.qq.com/s/x"], title="一",
                kind="paper", category="attention", series="bbuf-cuda-notes", part=3, pick=True,
                published="2024", added=dt.date(2024, 1, 1))
    text = links_text([link, link.model_copy(update={"published": "2024-05", "part": 12})])
    doc = check(text)
    assert doc is not None
    assert doc.data[0]["part"] == 3 and doc.data[0]["pick"] is True and doc.data[0]["published"] == "2024"
    assert doc.data[1]["published"] == "2024-05" and doc.data[1]["mirrors"] == ["https://mp.weixin.qq.com/s/x"]
    assert Link.model_validate(doc.data[0]) == link


def test_entries_share_no_lists() -> None:
    doc = check("- tags: [a]\n\n- tags: [a]\n")
    assert doc is not None and doc.data[0]["tags"] is not doc.data[1]["tags"]


# --- real and generated catalogues ---------------------------------------------------------------


def test_the_real_catalogue_takes_the_fast_path(repo_root: Path) -> None:
    text = (repo_root / "data" / "links.yaml").read_text(encoding="utf-8")
    assert check(text) is not None


def test_a_generated_catalogue_takes_the_fast_path() -> None:
    text = links_text(generate.generate_links(2_000))
    doc = check(text)
    assert doc is not None and len(doc.data) == 2_000


def test_an_unusual_entry_falls_back_and_still_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from haowen.cli import main

    data = tmp_path / "data"
    data.mkdir()
    for name in ("taxonomy.yaml", "tags.yaml"):
        (data / name).write_text((ROOT / "data" / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = (
        "- url: https://zhuanlan.zhihu.com/p/1\n"
        "  title: 一\n"
        "  category: attention\n"
        "  note: |\n"
        "    多行的\n"
        "    备注\n"
        "  added: 2024-01-01\n"
        "\n"
        "- url: https://zhuanlan.zhihu.com/p/2\n"
        "  title: 二\n"
        "  category: atention\n"
        "  added: 2024-01-01\n"
    )
    (data / "links.yaml").write_text(text, encoding="utf-8")
    assert fastyaml.read(PATH, text) is None
    assert isinstance(parse(data / "links.yaml"), Document)
    assert main(["validate", "--catalog", str(data / "links.yaml")]) == 1
    out = capsys.readouterr().out
    assert "links.yaml:11:13:" in out and "未知分类" in out
