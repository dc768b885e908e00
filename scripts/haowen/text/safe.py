"""Text from data on its way out: the characters no text may hold, and one escape per target.

Every text that comes from data (links, taxonomy, tags, the status file) or from fetched pages is
plain text.  `FORBIDDEN` is the one definition of characters it may not hold (the data model refuses
them, so validate reports them; `add` and `import` clean them out of fetched titles).  On output:
`html_text` for HTML text and attribute values, `markdown_text` for generated Markdown (headings,
paragraphs, link texts) that neither Markdown nor attr_list may interpret, `visible` for the
terminal, `github_text` for everything a bot posts on GitHub (no @mention or #123 reference).  XML and JSON are written by their serializers (lxml, json), which escape; with no
forbidden character in the data they cannot fail.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

# Inclusive code point ranges no text field may contain.  Tab and line feed are allowed (renderers
# fold them into spaces); the test suite checks that every Cf character of Python's Unicode is here.
FORBIDDEN_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F),  # C0 controls but \t \n, DEL, C1 controls
    (0xAD, 0xAD), (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD), (0x70F, 0x70F),  # Cf: format characters …
    (0x890, 0x891), (0x8E2, 0x8E2), (0x180E, 0x180E),
    (0x200B, 0x200F),  # zero-width space, non-joiner, joiner, LRM, RLM
    (0x2028, 0x202E),  # line and paragraph separators; bidi embeddings and overrides (U+202A–202E)
    (0x2060, 0x206F),  # word joiner, invisible operators, bidi isolates (U+2066–2069), deprecated formats
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),  # … including tag characters
    (0xFDD0, 0xFDEF), *((p + 0xFFFE, p + 0xFFFF) for p in range(0, 0x110000, 0x10000)),  # noncharacters
)
_SURROGATES = (0xD800, 0xDFFF)  # only Python strings hold these; pydantic refuses them as broken Unicode


def _escape(cp: int) -> str:
    """The code point as \\xHH, \\uHHHH or \\UHHHHHHHH: read alike by Python's re, Rust's regex and people."""
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}"


def _class(ranges: tuple[tuple[int, int], ...]) -> str:
    """A regex character class body for `ranges`."""
    return "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in ranges)


# For pydantic (Rust regex): a whole string without forbidden characters.
ALLOWED_PATTERN = f"^[^{_class(FORBIDDEN_RANGES)}]*$"
FORBIDDEN = re.compile(f"[{_class((*FORBIDDEN_RANGES, _SURROGATES))}]")
# What the terminal must also be kept from: carriage returns, tabs and line feeds in data.
_UNSEEN = re.compile(f"[\\t\\n\\r{_class((*FORBIDDEN_RANGES, _SURROGATES))}]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

MAX_TITLE = 300  # characters kept of a fetched title
MAX_NOTE = 500  # characters kept of a note found beside a link in someone else's list


def first_forbidden(text: str) -> tuple[int, str] | None:
    """The offset and the character of the first forbidden character in `text`, if any."""
    found = FORBIDDEN.search(text)
    return (found.start(), found.group()) if found else None


def describe(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: a character named so people can find it."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}（控制字符）"


def forbidden_message(text: str) -> str:
    """Why `text` is refused and what to do, for a text with a forbidden character."""
    found = first_forbidden(text)
    if found is None:
        return "含有无效的 Unicode 字符：请删除它"
    offset, char = found
    return f"第 {offset + 1} 个字符是不可见的控制或格式字符 {describe(char)}：请删除它（纯文本字段不允许这类字符）"


def clean(text: str) -> str:
    """`text` without forbidden characters (for fetched text, which nobody chose to put them in)."""
    return FORBIDDEN.sub("", text)


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in “…” when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def one_line(text: str, limit: int) -> str:
    """Found text (a note or heading from someone else's page) as one clean line of at most `limit` characters."""
    return shorten(" ".join(clean(text).split()), limit)


def visible(text: str) -> str:
    """`text` for a terminal: every control, format and line-breaking character shown as an escape.

    ESC, carriage return, BEL, bidi overrides … could otherwise move the cursor, recolour or hide
    what is printed after them; a line feed could forge a line of its own.
    """
    return _UNSEEN.sub(lambda m: _SHORT.get(m.group()) or _escape(ord(m.group())), text)


def html_text(text: str) -> str:
    """`text` as HTML text or a quoted attribute value: `& < > " '` as entities."""
    return html.escape(text, quote=True)


_SPACES = re.compile(r"\s+")
# Backslash-escaped wherever they stand: inline markup, table cells, attr_list's braces, heading hashes.
# (`~` is an entity instead: Python-Markdown does not take `\~` as an escape and would show the backslash.)
_MD_INLINE = re.compile(r"([\\`*_\[\]|{}#])")
# A list or rule marker at the start (the text always follows a blank line, so never a setext underline;
# Python-Markdown does not take `\=` as an escape).
_MD_BLOCK_START = re.compile(r"^(\d+)([.)])|^([+\-])")


def markdown_text(text: str) -> str:
    """`text` as literal Markdown on one line: HTML specials as entities, markup characters escaped.

    Python-Markdown (with attr_list) and GitHub show it as the text itself; `{…}` never becomes
    attributes or an anchor, `#` never closes a heading, `<` never starts HTML.
    """
    text = _SPACES.sub(" ", text).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text).replace("~", "&#126;")
    return _MD_BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text, count=1)


ZERO_WIDTH_SPACE = "\u200b"
# Where GitHub would read a mention (@user, @org/team) or a cross-reference (#123, owner/repo#123, GH-123).
_GITHUB_REFERENCE = re.compile(r"(?<=@)(?=\w)|(?<=#)(?=\d)|(?<=\bGH)(?=-\d)", re.IGNORECASE)


def github_text(text: str) -> str:
    """`text` for an issue, comment or pull-request body a bot writes: no mention notifies, no reference links.

    A zero-width space after `@`, `#` or `GH` (invisible, and kept by Markdown, code spans and code blocks)
    stops GitHub reading `@octocat`, `#123` or `GH-123` in scraped text as a mention or a cross-reference.
    Apply it to text, never to a link's URL.
    """
    return _GITHUB_REFERENCE.sub(ZERO_WIDTH_SPACE, text)


def github_length(text: str) -> int:
    """`text`'s length in UTF-16 code units: what GitHub may count, never fewer than its characters."""
    return len(text.encode("utf-16-le")) // 2


class BoundedLines:
    """Lines of a GitHub body (issue, comment, pull request: at most 65,536 characters) kept below `limit`.

    `add` takes fixed text; `rows` takes rows while they fit `room` characters short of `limit`, then one
    line saying how many were left out.  With `limit` None every row is kept.
    """

    def __init__(self, limit: int | None, room: int = 200) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.limit = limit
        self.room = room

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)
        self.size += sum(github_length(line) + 1 for line in lines)

    def rows(self, rows: list[str], most: int | None, left_out: Callable[[int], str]) -> None:
        """As many of `rows` as fit (at most `most`), then a blank line and `left_out(number not shown)`."""
        for i, row in enumerate(rows):
            full = self.limit is not None and self.size + github_length(row) + 1 > self.limit - self.room
            if full or (most is not None and i >= most):
                self.add("", left_out(len(rows) - i))
                return
            self.add(row)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
