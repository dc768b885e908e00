"""Safe YAML loading that keeps line/column positions and refuses what PyYAML lets slip.

PyYAML silently keeps the last of two duplicate keys, expands aliases (an alias bomb can
exhaust memory) and decodes explicit tags (`!!binary` text a reviewer never saw); YAML also
counts U+0085, U+2028 and U+2029 as line breaks where editors do not.  Here the file is
composed into nodes (libyaml's C parser when it is installed, same marks as the pure-Python
one), then walked once into plain Python values, recording the position of every mapping
value and sequence item; each of those is refused with its position.  A file in the
canonical links.yaml layout is read by fastyaml instead, to the same Document, several
times faster.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from haowen.io.problems import Problem, shown_path
from haowen.io.store import UNICODE_BREAKS, read_bounded

try:  # libyaml is much faster; marks are identical
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

Path_ = tuple[int | str, ...]


_BREAK = re.compile("\r\n|[\n\r%s]" % UNICODE_BREAKS)
_RAW_BREAK = re.compile("[%s]" % UNICODE_BREAKS)
_BREAK_NAMES = {"\x85": "U+0085（NEL）", "\u2028": "U+2028（行分隔符）", "\u2029": "U+2029（段分隔符）"}
_STR_TAGS = frozenset({"tag:yaml.org,2002:str", "!"})  # explicit tags allowed: !!str and the bare `!`


def plain_newlines(text: str) -> bool:
    """True when every line break in `text` is a plain LF."""
    return "\r" not in text and not any(ch in text for ch in UNICODE_BREAKS)


def split_lines(text: str) -> list[str]:
    """The lines of `text` as YAML counts them (LF, CR LF, CR, NEL, LS, PS), without their breaks.

    The one rule for lines: positions, layout and every line number use it.
    """
    return text.split("\n") if plain_newlines(text) else _BREAK.split(text)


def line_starts(text: str) -> list[int]:
    """The offset in `text` where each of its lines (see split_lines) starts."""
    if plain_newlines(text):
        return [0] + [m.end() for m in re.finditer("\n", text)]
    return [0] + [m.end() for m in _BREAK.finditer(text)]


def line_end(text: str, pos: int) -> int:
    """The offset of the line break ending the line `pos` is on (len(text) on the last line)."""
    m = _BREAK.search(text, pos)
    return m.start() if m else len(text)


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column in a file."""

    line: int
    col: int


class YamlError(Exception):
    """A problem that stops a file from being read, with its position."""

    def __init__(self, path: Path, pos: Pos, message: str) -> None:
        super().__init__(f"{path}:{pos.line}:{pos.col}: {message}")
        self.path, self.pos, self.message = path, pos, message

    def problem(self) -> Problem:
        """This error as a problem to list with the others."""
        return Problem(shown_path(self.path), self.pos.line, self.pos.col, self.message)


@dataclass
class Document:
    """Plain data read from a YAML file plus the position of every node in it.

    The positions may be worked out on demand (see fastyaml), hence read-only mappings.
    """

    path: Path
    data: Any
    positions: Mapping[Path_, Pos] = field(default_factory=dict)
    key_positions: Mapping[Path_, Pos] = field(default_factory=dict)
    problems: list[YamlError] = field(default_factory=list)

    def pos(self, where: Path_) -> Pos:
        """Position of the node at `where`, or of its closest recorded ancestor."""
        while where:
            pos = self.positions.get(where)
            if pos is not None:
                return pos
            where = where[:-1]
        return self.positions.get(where, Pos(1, 1))

    def problem_at(self, where: Path_, message: str) -> Problem:
        """A problem at the node at `where` (see pos)."""
        pos = self.pos(where)
        return Problem(shown_path(self.path), pos.line, pos.col, message)


_constructor = yaml.constructor.SafeConstructor()
# Tags safe loading knows (str, int, date, map, seq, …); `!!python/…` and custom tags are not.
_PLAIN_TAGS = frozenset(t for t in _constructor.yaml_constructors if t is not None)


def _mark(node: Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


def _scalar(node: ScalarNode) -> Any:
    """The value of a scalar whose tag is in _PLAIN_TAGS (the walker checks that first)."""
    return _constructor.yaml_constructors[node.tag](_constructor, node)


class _Walker:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.positions: dict[Path_, Pos] = {}
        self.key_positions: dict[Path_, Pos] = {}
        doc.positions, doc.key_positions = self.positions, self.key_positions
        self.seen: set[int] = set()
        self.tagged: dict[Pos, YamlError] = {}  # where an explicit tag other than !!str stands

    def error(self, node: Node, message: str) -> None:
        self.doc.problems.append(YamlError(self.doc.path, _mark(node), message))

    def walk(self, node: Node, where: Path_) -> Any:
        if id(node) in self.seen:
            # An alias shares its anchor's node (and marks): point at the key or list that uses it.
            pos = self.key_positions.get(where) or self.doc.pos(where)
            self.positions[where] = pos
            self.doc.problems.append(YamlError(self.doc.path, pos, "不允许使用 YAML 别名（*alias）：请把内容直接写出来"))
            return None
        self.seen.add(id(node))
        self.positions[where] = _mark(node)
        if _mark(node) in self.tagged:
            return None
        if node.tag not in _PLAIN_TAGS:
            self.error(node, f"不支持的 YAML 标签 {node.tag}：只允许普通值")
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, where)
        if isinstance(node, SequenceNode):
            return [self.walk(item, (*where, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)  # the only other kind of node
        try:
            return _scalar(node)
        except (yaml.YAMLError, ValueError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp":
                self.error(node, f"“{node.value}” 不是有效的日期：写成 YYYY-MM-DD（例如 2024-05-01）")
            else:
                self.error(node, f"无法解析的值 “{node.value}”：{exc}")
            return None

    def mapping(self, node: MappingNode, where: Path_) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, "键必须是普通字符串")
                continue
            key = key_node.value
            if key == "<<":
                self.error(key_node, "不允许使用合并键 <<：请把字段直接写出来")
                continue
            if key in out:
                first = self.key_positions[(*where, key)]
                self.error(key_node, f"重复的键 “{key}”（第 {first.line} 行已有）：删掉其中一个")
                continue
            self.key_positions[(*where, key)] = _mark(key_node)
            out[key] = self.walk(value_node, (*where, key))
        return out


def _check_utf8(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlError(path, Pos(line, col), "不是有效的 UTF-8 文本：请用 UTF-8 编码保存文件") from None


def read_text(path: Path) -> str:
    """The text of `path` without a byte-order mark; YamlError if it is not UTF-8.

    Reading is bounded: store.FileError for a directory, a device or a file too large.
    """
    return _check_utf8(path, read_bounded(path)).removeprefix("\ufeff")


def _position(starts: list[int], offset: int) -> Pos:
    line = bisect.bisect_right(starts, offset) - 1
    return Pos(line + 1, offset - starts[line] + 1)


def _raw_breaks(path: Path, text: str) -> Iterator[YamlError]:
    """Each U+0085, U+2028, U+2029 written as it is: a line break to YAML that editors do not show."""
    starts = line_starts(text)
    for m in _RAW_BREAK.finditer(text):
        yield YamlError(path, _position(starts, m.start()), f"原样的换行符 {_BREAK_NAMES[m[0]]}：YAML 把它当作换行，"
                        f"编辑器和 git 却不算；请删掉它，或在双引号字符串里写成转义 \\u{ord(m[0]):04x}")


def _explicit_tags(path: Path, text: str) -> Iterator[YamlError]:
    """Each explicit tag other than !!str (`!!binary`, `!!int`, `!custom`…): a value must read as written."""
    if "!" not in text:
        return
    for event in yaml.parse(text, Loader=Loader):
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _STR_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            mark = event.start_mark  # set on every event the parser makes
            yield YamlError(path, Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1),
                            f"不支持的 YAML 标签 {shown}：只允许普通值，请删掉标签（要文本就加引号）")



def parse_nodes(path: Path, text: str) -> Document:
    """`text` read the full way: composed by PyYAML, then walked (what parse does for any file)."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
        reason = exc.problem or str(exc)
        raise YamlError(path, pos, f"YAML 语法错误：{reason}；请检查缩进、冒号和引号") from None
    except yaml.YAMLError as exc:
        raise YamlError(path, Pos(1, 1), f"YAML 语法错误：{exc}") from None
    doc = Document(path=path, data=None)
    if node is not None:
        walker = _Walker(doc)
        walker.tagged = {e.pos: e for e in _explicit_tags(path, text)}
        doc.data = walker.walk(node, ())
        doc.problems += walker.tagged.values()
    doc.problems += _raw_breaks(path, text)
    return doc
