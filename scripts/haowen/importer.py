"""Read links out of awesome-list style Markdown.

markdown-it parses the file (so inline, reference-style, table, block-quote and <details>
links all arrive as the same link tokens, and linkify turns bare URLs into links); this
module walks the tokens once, keeping the heading stack, the current dated heading and
each line's text, and yields one `Found` per link with the context a title or note needs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .titles import clean_title, is_placeholder
from .urls import ALLOWED_SCHEMES

BADGE_HOSTS = ("img.shields.io", "badge.fury.io", "api.star-history.com", "star-history.com", "badgen.net")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")

_HASHTAG = re.compile(r"(?<![\w&/#])#([^\s#\[\]()（）,，。:：;；!！?？\"'<>]+)")
_DATED = re.compile(r"^(\d{4})[.\-/年](\d{1,2})(?:[.\-/月](\d{1,2}))?")
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}[.、)]\s+|[一二三四五六七八九十]+、\s*)")
_SPACES = re.compile(r"\s+")
_EDGE = " \t,，、。.;；:：|-—–~·>"
_LEAD_IN = re.compile(r"(?:详见|见|请看|可以看|可看|参考|来自|地址|链接|代码|原文|论文)\s*[:：]?\s*$")


@dataclass
class Found:
    """One link read from a Markdown file, with what its surroundings say about it."""

    url: str
    title: str
    line: int
    headings: list[str] = field(default_factory=list)
    note: str | None = None
    hashtags: list[str] = field(default_factory=list)
    added: dt.date | None = None
    skipped: str | None = None


@dataclass
class _Piece:
    kind: str  # "text" or "link"
    text: str
    href: str = ""
    image_only: bool = False


def heading_date(text: str) -> dt.date | None:
    """The date a heading such as `2024.4.22-26` or `2024.5` stands for (first day)."""
    m = _DATED.match(text.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def clean_heading(text: str) -> str:
    """A heading's words without list numbering or emphasis marks."""
    return _NUMBERING.sub("", text.replace("**", "").replace("__", "")).strip()


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table"])
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": False})  # `zero.md` is a file name
    md.disable("code")  # indented text in these lists is prose, not code
    return md


def _repair_nested(pieces: list[_Piece]) -> list[_Piece]:
    """`[[a][b](x)c](url)`: markdown-it links b to x; the author meant one link to url titled a[b](x)c."""
    out: list[_Piece] = []
    i = 0
    while i < len(pieces):
        p = pieces[i]
        nxt = pieces[i + 1 : i + 3]
        if p.kind == "link" and len(nxt) == 2 and nxt[0].kind == "text" and nxt[0].text.endswith("](") and nxt[1].kind == "link":
            prefix = out.pop().text if out and out[-1].kind == "text" else ""
            start = prefix.find("[")
            title = prefix[start + 1 :] + f"[{p.text}]({p.href})" + nxt[0].text[:-2]
            out.append(_Piece("text", prefix[:start] if start >= 0 else prefix))
            out.append(_Piece("link", title, href=nxt[1].href))
            i += 3
            if i < len(pieces) and pieces[i].kind == "text" and pieces[i].text.startswith(")"):
                out.append(_Piece("text", pieces[i].text[1:]))
                i += 1
            continue
        out.append(p)
        i += 1
    return out


def _lines(children: list[Token]) -> Iterator[list[_Piece]]:
    """The inline children split into lines of text and link pieces."""
    line: list[_Piece] = []
    link: _Piece | None = None
    for tok in children:
        if tok.type in ("softbreak", "hardbreak"):
            yield _repair_nested(line)
            line = []
        elif tok.type == "link_open":
            link = _Piece("link", "", href=tok.attrs.get("href", ""), image_only=True)
        elif tok.type == "link_close" and link is not None:
            line.append(link)
            link = None
        elif link is not None:
            if tok.type == "image":
                continue
            link.text += tok.content
            if tok.content.strip():
                link.image_only = False
        elif tok.type == "image":
            line.append(_Piece("image", tok.content, href=tok.attrs.get("src", "")))
        elif tok.type in ("text", "code_inline"):
            line.append(_Piece("text", tok.content))
    yield _repair_nested(line)


def _strip_tags(text: str) -> str:
    return _SPACES.sub(" ", _HASHTAG.sub("", text)).strip(_EDGE + " ")





def _context_title(before: str, block_first: str, heading: str) -> str:
    """A title for a link whose own text is a placeholder: the words before it, else the
    enclosing list item's or paragraph's first line, else the heading."""
    lead = _LEAD_IN.sub("", _strip_tags(before)).strip(_EDGE)[-80:]
    head = _strip_tags(block_first)[:60] or heading
    if len(lead) >= 8 or (lead and not head):
        return lead
    return f"{head}：{lead}" if lead else head


class _Reader:
    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.headings: dict[int, str] = {}
        self.added: dt.date | None = None

    def heading(self, level: int, text: str) -> None:
        when = heading_date(text)
        if when:
            self.added = when
        self.headings = {k: v for k, v in self.headings.items() if k < level}
        self.headings[level] = clean_heading(text)

    def stack(self) -> list[str]:
        return [self.headings[k] for k in sorted(self.headings)]

    def resolve(self, href: str) -> tuple[str, str | None]:
        """Absolute URL for `href` and the reason to skip it, if any."""
        url = urljoin(self.base_url, href) if self.base_url else href
        parts = urlsplit(url)
        if parts.scheme.lower() not in ALLOWED_SCHEMES:
            return url, "不是 http(s) 链接" if parts.scheme else "相对链接（用 --base-url 指定基准地址）"
        if (parts.hostname or "") in BADGE_HOSTS:
            return url, "徽章"
        if parts.path.lower().endswith(IMAGE_SUFFIXES):
            return url, "图片"
        return url, None

    def block(self, children: list[Token], first_line: int, outer: str = "") -> Iterator[Found]:
        """Links of one paragraph, list item or table cell; `outer` is the enclosing list item's text."""
        lines = list(_lines(children))
        all_text = " ".join(p.text for ln in lines for p in ln if p.kind == "text")
        hashtags = [t for t in _HASHTAG.findall(all_text) if not t.isdigit()]
        block_first = outer or ("".join(p.text for p in lines[0] if p.kind == "text") if lines else "")
        heading = self.stack()[-1] if self.headings else ""
        for offset, pieces in enumerate(lines):
            yield from self.line(pieces, first_line + offset, hashtags, block_first, heading)

    def line(self, pieces: list[_Piece], number: int, hashtags: list[str], block_first: str, heading: str) -> Iterator[Found]:
        for i, piece in enumerate(pieces):
            if piece.kind == "image":
                yield Found(piece.href, piece.text, number, skipped="图片")
                continue
            if piece.kind != "link":
                continue
            url, skipped = self.resolve(piece.href)
            if piece.image_only:
                skipped = skipped or "徽章或图片链接"
            before = "".join(p.text for p in pieces[:i] if p.kind == "text" or not is_placeholder(p.text, p.href))
            after = []
            for p in pieces[i + 1 :]:
                if p.kind == "link":
                    break
                after.append(p.text)
            title = clean_title(piece.text)
            if is_placeholder(title, url):
                title = _context_title(before, block_first if block_first.strip() != before.strip() else "", heading) or url
            note = _LEAD_IN.sub("", _strip_tags("".join(after))).strip(_EDGE)
            note = note if len(note) >= 2 else None
            yield Found(url, title, number, self.stack(), note, hashtags, self.added, skipped)


def read_markdown(text: str, base_url: str | None = None) -> list[Found]:
    """Every link in the Markdown `text`, in order, skipped ones marked with a reason."""
    reader = _Reader(base_url)
    tokens = _parser().parse(text)
    found: list[Found] = []
    items: list[str] = []  # first line of each open list item, outermost first
    for i, tok in enumerate(tokens):
        if tok.type == "list_item_open":
            items.append("")
        elif tok.type == "list_item_close":
            items.pop()
        if tok.type != "inline":
            continue
        first_line = (tok.map[0] + 1) if tok.map else 1
        opener = tokens[i - 1] if i else None
        if opener is not None and opener.type == "heading_open":
            reader.heading(int(opener.tag[1]), tok.content)
            continue
        if items and not items[-1]:
            items[-1] = tok.content.split("\n", 1)[0]
        outer = items[-2] if len(items) > 1 else ""
        found.extend(reader.block(tok.children or [], first_line, outer))
    return found
