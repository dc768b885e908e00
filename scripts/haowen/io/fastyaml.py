"""A fast reader for links.yaml in the layout `haowen fmt` writes; None for anything else.

haowen.io.yamldoc.parse tries this first.  It accepts a top-level list of flat entries only: lines
`- key: value` and `  key: value`, blank lines and whole-line comments, and values whose
meaning is beyond doubt (plain scalars that resolve to a string, a date, a decimal int or
true/false, one-line quoted
strings, double-quoted ones with the escapes PyYAML and libyaml agree on, flow lists of
plain or simple single-quoted scalars).  For those files it gives the very Document the full
PyYAML path gives; for
anything else it returns None and the caller reads the file the full way, so every message
about an unusual file stays as it was.

Positions are lazy: only each entry's first line is kept, and the positions inside entry i
are found by reading its lines again, with the same code, the first time one is asked for.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import string
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from yaml.nodes import ScalarNode
from yaml.scanner import Scanner

from haowen.io.yamlsafe import Document, Loader, Path_, Pos

# What PyYAML refuses as non-printable, plus what only it handles: tab, CR, the Unicode line
# breaks NEL, LS and PS, and a byte-order mark inside the text.
_UNSUPPORTED = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
# First characters some implicit type (int, bool, null, date, …) keys on; a None key would
# mean a resolver that looks at every scalar, and then this reader stands aside.
_RESOLVED = frozenset(Loader.yaml_implicit_resolvers)
_WILDCARD = None in _RESOLVED
_BLANK_OR_COMMENT = re.compile(" *(?:#.*)?")
# `- key: value` / `  key: value` whose value is plainly a string (most URLs): printable ASCII
# without spaces, quotes, brackets, "#" or a trailing colon, starting with a letter no implicit
# resolver keys on.  _row takes such a line as it is; the general checks would agree.
_SIMPLE = re.compile(r"(- |  )([A-Za-z_][A-Za-z0-9_]{0,99}): ([%s][!$%%&()*+,./0-9:;=?@A-Z_a-z~-]*)(?<!:)"
                     % "".join(sorted(set(string.ascii_letters) - _RESOLVED)))
_FLOW_NESTED = re.compile(r"[\[\]{}]")
# Escapes inside double quotes: hex codes, and the one-letter ones PyYAML and libyaml share.
_ESCAPE = re.compile(r'\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([%s]))'
                     % re.escape("".join(Scanner.ESCAPE_REPLACEMENTS)))
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,17}")  # an int (`part: 3`) every YAML reader reads the same way
_BOOLS = {"true": True, "false": False}  # `pick: true`
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_RESOLVER = Loader("")


class _Fail(enum.Enum):
    """A value the full reader might read differently: this reader stands aside."""

    FAIL = 0


_FAIL = _Fail.FAIL
Fail = Literal[_Fail.FAIL]

Converted = tuple[Any, tuple[int, ...] | None]  # value, and for a flow list each item's offset


@functools.lru_cache(maxsize=4096)
def _typed(raw: str) -> Any:
    """A plain scalar an implicit resolver may claim: a date, a decimal int, true or false, the string
    itself, or _FAIL."""
    date = _DATE.fullmatch(raw)
    if date:
        try:
            return dt.date(int(date[1]), int(date[2]), int(date[3]))
        except ValueError:  # the full reader reports it
            return _FAIL
    tag = _RESOLVER.resolve(ScalarNode, raw, (True, False))  # type: ignore[no-untyped-call]  # PyYAML is untyped
    if tag == _INT and _DECIMAL.fullmatch(raw):
        return int(raw)
    if tag == _BOOL and raw in _BOOLS:
        return _BOOLS[raw]
    return raw if tag == _STR else _FAIL


def _plain(raw: str) -> Any:
    """The value of a non-empty plain scalar in a block mapping, or _FAIL."""
    if raw[0] in _INDICATORS or ": " in raw or " #" in raw or raw[-1] in ": ":
        return _FAIL
    return _typed(raw) if raw[0] in _RESOLVED else raw


@functools.lru_cache(maxsize=4096)
def _item(raw: str) -> Any:
    """The value of one (stripped) item of a flow list, or _FAIL.

    A single-quoted item without quotes inside is taken too: that is how fmt writes URLs in a
    list (`mirrors: ['https://…']`), the colon keeping them from being plain in a flow list.
    """
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1] if "'" not in raw[1:-1] else _FAIL
    return _plain(raw) if raw and ":" not in raw and "?" not in raw else _FAIL


def _flow(raw: str) -> Converted | Fail:
    """A one-line flow list of plain scalars, with each item's offset in `raw`."""
    if raw[-1] != "]" or _FLOW_NESTED.search(raw, 1, len(raw) - 1):
        return _FAIL
    if raw == "[]":
        return (), ()
    items, offsets, at = [], [], 1
    for part in raw[1:-1].split(","):
        value = _item(part.strip(" "))
        if isinstance(value, _Fail):
            return value
        items.append(value)
        offsets.append(at + len(part) - len(part.lstrip(" ")))
        at += len(part) + 1
    return tuple(items), tuple(offsets)


def _escaped(match: re.Match[str]) -> str:
    code = match[1] or match[2] or match[3]
    if code is None:
        return Scanner.ESCAPE_REPLACEMENTS[match[4]]
    n = int(code, 16)
    if 0xD800 <= n <= 0xDFFF or n > 0x10FFFF:  # libyaml refuses these, PyYAML does not
        raise ValueError(code)
    return chr(n)


def _double(inner: str) -> Converted | Fail:
    """The value of a one-line double-quoted scalar, given what is between the quotes."""
    if "\\" not in inner:
        return _FAIL if '"' in inner else (inner, None)
    rest = _ESCAPE.sub("", inner)
    if '"' in rest or "\\" in rest:
        return _FAIL
    try:
        return _ESCAPE.sub(_escaped, inner), None
    except ValueError:
        return _FAIL


def _convert(raw: str) -> Converted | Fail:
    """The value of the (non-empty) text after `key: ` and spaces, or _FAIL."""
    first = raw[0]
    if first == "[":
        return _flow(raw)
    if first in "'\"":
        if len(raw) < 2 or raw[-1] != first:
            return _FAIL
        inner = raw[1:-1]
        if first == '"':
            return _double(inner)
        return _FAIL if "'" in inner.replace("''", "") else (inner.replace("''", "'"), None)
    value = _plain(raw)
    return _FAIL if value is _FAIL else (value, None)


class _Marks:
    """The positions inside one entry, keyed by their path below the entry."""

    def __init__(self) -> None:
        self.values: dict[Path_, Pos] = {}
        self.keys: dict[Path_, Pos] = {}

    def add(self, key: str, line: int, col: int, offsets: tuple[int, ...] | None) -> None:
        self.keys[(key,)] = Pos(line, 3)
        self.values[(key,)] = Pos(line, col)
        for n, offset in enumerate(offsets or ()):
            self.values[(key, n)] = Pos(line, col + offset)


Row = tuple[bool, str, Any, tuple[int, ...] | None, int]  # starts an entry, key, value, offsets, column


def _row(line: str) -> Row | tuple[()] | None:
    """One line read: a Row, () for a blank or comment line, or None if it is not understood.

    A Row comes from `- key: value` starting an entry or `  key: value` continuing it, with a
    key of ASCII letters, digits and underscores (PyYAML wants the colon within 1024 characters).
    """
    simple = _SIMPLE.fullmatch(line)
    if simple:
        return line[0] == "-", simple[2], simple[3], None, simple.start(3) + 1
    if not (line.isascii() and line.isprintable()) and _UNSUPPORTED.search(line):
        return None
    lead, colon = line[:2], line.find(": ", 2)
    key = line[2:colon]
    if lead not in ("- ", "  ") or colon < 3 or not (len(key) <= 100 and key.isascii() and key.isidentifier()):
        return () if _BLANK_OR_COMMENT.fullmatch(line) else None
    raw = line[colon + 2 :].lstrip(" ")
    converted = _convert(raw) if raw else _FAIL
    if converted is _FAIL:
        return None
    value, offsets = converted
    return lead == "- ", key, value, offsets, len(line) - len(raw) + 1


Scanned = tuple[list[dict[str, Any]], list[int]]  # the entries, and the line each starts on


def _scan(lines: list[str], first_line: int, marks: _Marks | None = None) -> Scanned | None:
    """The entries in `lines` (numbered from `first_line`) and the line each starts on.

    None when anything is outside the accepted layout.  With `marks`, `lines` hold one
    entry and its positions are recorded there.
    """
    entries: list[dict[str, Any]] = []
    starts: list[int] = []
    entry: dict[str, Any] | None = None
    rows: dict[str, Any] = {}  # most lines (categories, dates, tags, blanks) repeat
    for n, line in enumerate(lines, first_line):
        row = rows.get(line)
        if row is None:
            row = _row(line)
            if row is None:
                return None
            rows[line] = row
        if not row:
            continue
        is_start, key, value, offsets, col = row
        if is_start:
            entry = {}
            entries.append(entry)
            starts.append(n)
        elif entry is None or key in entry:
            return None
        entry[key] = value if offsets is None else list(value)
        if marks is not None:
            marks.add(key, n, col, offsets)
    return entries, starts


class _Reader:
    """The text and the line each entry starts on; the positions inside an entry on demand."""

    def __init__(self, text: str, starts: list[int], first_line: int) -> None:
        self.text, self.starts, self.first_line = text, starts, first_line
        self.lines: list[str] = []
        self.marked: dict[int, _Marks] = {}

    def marks(self, i: int) -> _Marks:
        if i not in self.marked:
            self.lines = self.lines or self.text.split("\n")  # _row took no CR, NEL, LS or PS: LF is the only break
            begin = self.starts[i] - self.first_line
            end = self.starts[i + 1] - self.first_line if i + 1 < len(self.starts) else len(self.lines)
            self.marked[i] = marks = _Marks()
            _scan(self.lines[begin:end], self.starts[i], marks)
        return self.marked[i]


class _Positions(Mapping[Path_, Pos]):
    """Document.positions (or, with keys=True, key_positions), worked out on demand."""

    def __init__(self, reader: _Reader, keys: bool) -> None:
        self.reader, self.of_keys = reader, keys

    def get(self, where: Path_, default: Any = None) -> Any:
        starts = self.reader.starts
        i = where[0] if where else None
        if not isinstance(i, int) or not 0 <= i < len(starts):
            return Pos(starts[0], 1) if where == () and not self.of_keys else default
        if len(where) == 1:
            return default if self.of_keys else Pos(starts[i], 3)
        marks = self.reader.marks(i)
        return (marks.keys if self.of_keys else marks.values).get(where[1:], default)

    def __getitem__(self, where: Path_) -> Pos:
        pos: Pos | None = self.get(where)
        if pos is None:
            raise KeyError(where)
        return pos

    def __iter__(self) -> Iterator[Path_]:
        if not self.of_keys:
            yield ()
        for i in range(len(self.reader.starts)):
            if not self.of_keys:
                yield (i,)
            marks = self.reader.marks(i)
            yield from ((i, *rest) for rest in (marks.keys if self.of_keys else marks.values))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def scan(text: str, first_line: int = 1) -> Scanned | None:
    """The entries of `text` (a links.yaml, or a run of whole entries from one that starts on line
    `first_line`) and the line each starts on; None unless it is all in the canonical layout."""
    if _WILDCARD:
        return None
    scanned = _scan(text.split("\n"), first_line)
    return scanned if scanned and scanned[0] else None


def located(path: Path, text: str, data: Any, starts: list[int], first_line: int = 1) -> Document:
    """A Document of `data` whose positions are found on demand in `text`, where entry i starts on
    line starts[i] (the text itself starting on line `first_line`)."""
    reader = _Reader(text, starts, first_line)
    return Document(path, data, _Positions(reader, keys=False), _Positions(reader, keys=True))


def read(path: Path, text: str) -> Document | None:
    """`text` as haowen.io.yamldoc.parse would read it, or None if it is not in the canonical layout."""
    scanned = scan(text)
    return None if scanned is None else located(path, text, *scanned)
