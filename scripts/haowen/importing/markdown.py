"""Read links out of awesome-list style Markdown.

markdown-it parses the file (so inline, reference-style, table, block-quote and <details>
links all arrive as the same link tokens, and linkify turns bare URLs into links); this
module walks the tokens once, keeping the heading stack, the current dated heading and
each line's text, and yields one `Found` per link with the context a title or note needs.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from haowen.catalog.urls import ALLOWED_SCHEMES
from haowen.importing.decor import (
    author_column,
    author_in_cell,
    chips,
    clean_note,
    leading_author,
    strip_markers,
    trailing_author,
)
from haowen.suggest.engine import clean_context
from haowen.text.safe import MAX_NOTE, one_line
from haowen.text.titles import clean_title, is_placeholder, unwrapped

CODE_HOSTS = ("github.com", "www.github.com", "gitee.com", "gitlab.com", "huggingface.co")
BADGE_HOSTS = ("img.shields.io", "badge.fury.io", "api.star-history.com", "star-history.com", "badgen.net")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
ANCHOR = "页内锚点"
SELF = "指向列表自身"
RELATIVE = "相对链接：列表自身的文件（要导入请给 --base-url 并加 --keep-own）"
MALFORMED = "链接格式有误，未解析（检查方括号和圆括号是否配对）"
GITHUB_NAV = "GitHub 导航（星标、派生、议题、个人主页）"
_GITHUB_NAV = re.compile(r"^/[^/]+/?$|^/[^/]+/[^/]+/(?:stargazers|watchers|network|forks|fork|issues|pulls|"
                         r"subscription|graphs|pulse|actions|security|discussions)(?:/.*)?$", re.I)
_HTML_A = re.compile(r"<a\s[^>]*?href\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))[^>]*>(.*?)</a\s*>", re.I | re.S)
_HTML_OPEN = re.compile(r"<a\s[^>]*?href\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_DETAILS = re.compile(r"<summary\b[^>]*>(?P<summary>.*?)</summary\s*>|</details\s*>", re.I | re.S)
_UI_SUMMARY = re.compile(r"展开|收起|点击|点开|查看|更多|全部|click|expand|collapse|show|toggle|see (?:all|more)|"
                         r"\d+\s*(?:篇|条|个|项|items?|papers?|links?|articles?)\b", re.I)
DETAILS_LEVEL = 7  # a <details> summary heads its section below every Markdown heading level
# `[AWQ] Activation-aware …`: a short ASCII name (printable, no brackets or backslash) in front of a title
_BRACKETED_NAME = re.compile(r"^\[([\x20-\x5a\x5e-\x7e]{1,40})\](?:\s*[:：]\s*|\s+)([^\s(\[].*)$")
_LABEL = re.compile(r"^\s*(?:名称|标题|名字|文章|论文|项目|title|name)\s*[:：]\s*", re.I)
_DESCRIPTION = re.compile(r"^\s*(?:简介|介绍|描述|说明|摘要|概述|description|desc|summary|intro)\s*[:：]\s*(.+)", re.I)
_DESCRIPTION_COLUMN = re.compile(r"简介|描述|说明|介绍|摘要|备注|description|desc|summary|notes?|comment", re.I)
_HTML_ROW = re.compile(r"<tr\b.*?(?:</tr\s*>|(?=<tr\b)|$)", re.I | re.S)
_HTML_CELL = re.compile(r"<t([dh])\b[^>]*>(.*?)(?:</t[dh]\s*>|(?=<t[dh]\b)|$)", re.I | re.S)
_AT_CELL = re.compile(r"@([^\s@]{1,40})")  # a cell that is just an `@author`
_TITLE_COLUMN = re.compile(r"title|name|paper|article|标题|名称|论文|文章|题目|项目|名字", re.I)

_HASHTAG = re.compile(r"(?<![\w&/#])#([^\s#\[\]()（）,，。:：;；!！?？\"'<>]+)")
_DATED = re.compile(r"^(\d{4})[.\-/年](\d{1,2})(?:[.\-/月](\d{1,2}))?")
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}[.、)]\s+|[一二三四五六七八九十]+、\s*)")
_SPACES = re.compile(r"\s+")
_EDGE = " \t,，、。.;；:：|｜丨/-—–~·>"
_EMPTY_BRACKETS = re.compile(r"(?:^|(?<=\s))(?:\[\s*\]|\(\s*\)|（\s*）|【\s*】)")  # left where a link stood: `**T** [[Paper](…)] [`
_SENTENCE_ENDS = ("。", "\n")  # not ？！；, which titles hold: 为什么要量化？一文讲透
_LEAD_CHARS = 160  # the most of the words before a generic link taken as its title
_OPENERS = "(（[【「<"  # brackets left open before a link: `标题（[原文](…)）`
_LEAD_IN = re.compile(r"(?:详见|见|请看|可以看|可看|参考|来自|地址|链接|代码|原文|论文)\s*[:：]?\s*$")
_LINK_TAIL = re.compile(r"""\s*(?:"[^"]*"|'[^']*'|\([^()]*\))?\s*\)""")  # ` "title")` after a link's URL
_NESTED_REACH = 500  # characters looked back for the `[` of a title holding a link
FAILED_DEFINITION = "引用式链接的定义无法解析：网址须是 http(s)，标题须用引号括全，定义前须空一行"
_CONTEXT = 300  # characters of the text before a link that a context title is taken from
# A line that starts like a reference definition with a URL (`[c]: javascript:…`, `[c]: https://… junk`)
# but is still paragraph text: markdown-it could not read it as a definition.
_FAILED_DEFINITION = re.compile(r"\s*\[(?:[^\[\]\\]|\\.)+\]:\s*(?:<?(?P<url>[A-Za-z][A-Za-z0-9+.\-]*:\S*?)>?(?:\s|$)|$)")


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
    cells: list[str] = field(default_factory=list)  # the other cells of its table row, as plain text
    chips: list[str] = field(default_factory=list)  # the bracket chips taken off its title (`[Triton编程][基础]`)
    author: str | None = None  # from an author column or an `@name` after the link
    untitled: bool = False  # no words of its own: titled by its section heading or its address


@dataclass
class _Piece:
    kind: str  # "text" or "link"
    text: str
    href: str = ""
    image_only: bool = False
    auto: bool = False  # a bare URL linkify or <…> made into a link

    def source(self) -> str:
        """The piece as Markdown text (how a link inside a title is kept)."""
        return {"link": f"[{self.text}]({self.href})", "image": f"![{self.text}]({self.href})"}.get(self.kind, self.text)


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


def _malformed(href: str) -> bool:
    """`[x]([https://…)` and the like: a destination that is clearly not a URL someone meant."""
    return bool(re.match(r"\s*[\[(<]", href)) or "](" in href


def _github_nav(host: str, path: str) -> bool:
    """A GitHub page that is navigation, not a resource: a profile, a repo's stars, forks, issues…"""
    return host in ("github.com", "www.github.com") and bool(_GITHUB_NAV.match(path))


def _self_urls(base_url: str | None) -> frozenset[str]:
    """The addresses of the list itself: the base URL and, on GitHub, its repository's front page."""
    if not base_url:
        return frozenset()
    base = base_url.split("#")[0].rstrip("/").lower()
    m = re.match(r"(https?://(?:www\.)?github\.com/[^/]+/[^/]+)(?:/(?:blob|tree)/[^/]+(?:/readme\.md)?)?$", base)
    return frozenset({base, m.group(1)} if m else {base})


def _join_base(base_url: str | None) -> str | None:
    """What relative links resolve against: `base_url`, but a repository's front page as its default branch's
    root (`reduce/README.md` of github.com/o/r is github.com/o/r/blob/HEAD/reduce/README.md)."""
    if base_url and re.fullmatch(r"https?://(?:www\.)?github\.com/[^/]+/[^/]+?/?", base_url.strip()):
        return base_url.strip().rstrip("/") + "/blob/HEAD/"
    return base_url


class _Row(NamedTuple):
    """A table row: its cells as plain text, the cell that names the row's item, its description and author."""

    cells: list[str]
    title: str
    description: str | None = None
    author: str | None = None


def _row(cells: list[str], header: list[str]) -> _Row:
    """The row of `cells` (plain text); its title cell is the one under a title-like header, else the first
    cell that is neither a placeholder nor a number or date."""
    said = next((i for i, h in enumerate(header) if _DESCRIPTION_COLUMN.search(h)), None)
    description = cells[said] if said is not None and said < len(cells) and len(cells[said]) >= 2 else None
    by = author_column(header)
    author = author_in_cell(cells[by]) if by is not None and by < len(cells) else next(
        (m.group(1) for m in map(_AT_CELL.fullmatch, cells) if m), None)
    others = [i for i, c in enumerate(cells) if i not in (said, by) and not _AT_CELL.fullmatch(c)]
    column = next((i for i, h in enumerate(header) if _TITLE_COLUMN.search(h) and i in others), None)
    if column is not None and column < len(cells) and not is_placeholder(cells[column], ""):
        return _Row(cells, cells[column], description, author)
    useful = (cells[i] for i in others
              if not is_placeholder(cells[i], "") and not re.fullmatch(r"[\d\s.\-/:年月日]+", cells[i]))
    return _Row(cells, next(useful, ""), description, author)


def _html_href(m: re.Match[str] | None) -> str:
    """The href of a matched raw-HTML `<a>` tag, entities decoded."""
    return html.unescape(next((g for g in m.groups()[:3] if g is not None), "")) if m else ""


def _html_text(fragment: str) -> str:
    """The words of an HTML fragment: tags dropped, entities decoded, spaces collapsed."""
    return unwrapped(_SPACES.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip())


def _as_written(url: str) -> str:
    """A link's destination as written.  markdown-it's own normalizeLink punycodes a host without the UTS-46
    mapping (a full-width host would become some other name); haowen.catalog.urls.canonical normalises it properly."""
    return url


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table"])
    md.normalizeLink = _as_written  # type: ignore[method-assign]
    assert md.linkify is not None  # linkify-it-py is a dependency; enabled above
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": False})  # `zero.md` is a file name
    md.disable("code")  # indented text in these lists is prose, not code
    return md


def _outer_bracket(out: list[_Piece]) -> tuple[int, int] | None:
    """Where the `[` is (piece index, offset) that the `](` ending `out` closes, looking back a little way."""
    depth, budget = 0, _NESTED_REACH
    for k in range(len(out) - 1, -1, -1):
        text = out[k].text[:-2] if k == len(out) - 1 else out[k].text
        for j in range(len(text) - 1, max(-1, len(text) - 1 - budget), -1) if out[k].kind == "text" else ():
            if text[j] == "]":
                depth += 1
            elif text[j] == "[":
                if depth == 0:
                    return k, j
                depth -= 1
        budget -= len(text) + 1
        if budget <= 0:
            return None
    return None


def _repair_nested(pieces: list[_Piece]) -> list[_Piece]:
    """`[[a][b](x) *c*](url "t")`: a link cannot hold a link, so markdown-it reads the outer brackets as text,
    links b to x and (linkify) url to itself; the author meant one link to url titled `[a][b](x) c`."""
    out: list[_Piece] = []
    i = 0
    while i < len(pieces):
        p = pieces[i]
        i += 1
        closes = p.kind == "link" and p.auto and out and out[-1].kind == "text" and out[-1].text.endswith("](")
        opening = _outer_bracket(out) if closes else None
        if opening is None:
            out.append(p)
            continue
        k, j = opening
        title = (out[k].text[j + 1 :] + "".join(q.source() for q in out[k + 1 :]))[:-2]
        out[k:] = [_Piece("text", out[k].text[:j]), _Piece("link", title, href=p.href)]
        tail = _LINK_TAIL.match(pieces[i].text) if i < len(pieces) and pieces[i].kind == "text" else None
        if tail:  # the `)` that closes the link, with the link's own title if it has one
            out.append(_Piece("text", pieces[i].text[tail.end() :]))
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
            link = _Piece("link", "", href=str(tok.attrs.get("href", "")), image_only=True, auto=tok.info == "auto")
        elif tok.type == "link_close" and link is not None:
            line.append(link)
            link = None
        elif tok.type == "html_inline" and link is None and _HTML_OPEN.match(tok.content):
            link = _Piece("link", "", href=_html_href(_HTML_OPEN.match(tok.content)), image_only=True)
        elif tok.type == "html_inline" and link is not None and re.match(r"</a\s*>", tok.content, re.I):
            line.append(link)
            link = None
        elif link is not None:
            if tok.type == "image":
                continue
            link.text += tok.content
            if tok.content.strip():
                link.image_only = False
        elif tok.type == "image":
            line.append(_Piece("image", tok.content, href=str(tok.attrs.get("src", ""))))
        elif tok.type in ("text", "code_inline"):
            line.append(_Piece("text", tok.content))
    yield _repair_nested(line)


def _strip_tags(text: str) -> str:
    return _SPACES.sub(" ", _HASHTAG.sub("", text)).strip(_EDGE + " ")





class _Block(NamedTuple):
    """What the links of one paragraph, list item or table cell share."""

    hashtags: list[str]
    first: str  # the enclosing list item's or the block's first line, stripped
    head: str  # that line as a title
    heading: str
    description: str | None = None  # a `简介：…` line of the block


def _head(first: str) -> str:
    """A block's first line as a title: a `名称：…` line whole, any other line's first 60 characters."""
    text = _strip_tags(first)
    named = _LABEL.sub("", text)
    return named if named != text else text[:60]


def _last_words(text: str) -> str:
    """The end of `text` that belongs to the link after it: its last sentence, at most _LEAD_CHARS characters,
    never starting inside a word."""
    tail = text[-_LEAD_CHARS:]
    sentence = max(tail.rfind(mark) for mark in _SENTENCE_ENDS)
    if sentence >= 0 and len(tail) - sentence > 8:
        return tail[sentence + 1:].strip(_EDGE)
    if len(text) <= _LEAD_CHARS:
        return text
    space = tail.find(" ")
    return tail[space + 1:].strip(_EDGE) if 0 <= space < len(tail) // 2 else tail.strip(_EDGE)


def _repository(url: str) -> str:
    """`owner/name` of a code-hosting repository URL, else empty."""
    parts = urlsplit(url)
    path = [p for p in parts.path.split("/") if p]
    return "/".join(path[:2]) if (parts.hostname or "") in CODE_HOSTS and len(path) >= 2 else ""


def _context_title(before: str, block: _Block, url: str) -> str:
    """A title for a link whose own text is a placeholder: the words before it, else the
    enclosing list item's or paragraph's first line (unless those are the words before it), else the heading."""
    lead = _last_words(_EMPTY_BRACKETS.sub(" ", _LEAD_IN.sub("", _strip_tags(before))).strip(_EDGE).rstrip(_OPENERS + _EDGE))
    same = block.first == before.strip() or bool(lead) and block.head.startswith(lead)  # the item is its words
    own = "" if same else block.head
    head = own or block.heading
    if len(lead) >= 8 or (lead and not head):
        return lead
    if lead:
        return f"{head}：{lead}"
    return own or _repository(url) or block.heading  # a bare repository link: its name says more than "其他"


def _failed_definitions(content: str) -> dict[int, str]:
    """The lines of a paragraph's `content` (by offset) that are reference definitions markdown-it could not
    read, each with the URL it names; a definition whose URL is on the next line takes that line too ("")."""
    failed: dict[int, str] = {}
    lines = content.split("\n")
    for offset, text in enumerate(lines):
        m = _FAILED_DEFINITION.match(text)
        if offset not in failed and m:
            rest = lines[offset + 1].split() if not m["url"] and offset + 1 < len(lines) else []
            failed[offset] = m["url"] or (rest[0] if rest else text.strip())
            if rest:
                failed[offset + 1] = ""  # reported with the line above
    return failed


class _Reader:
    def __init__(self, base_url: str | None) -> None:
        self.join_base = _join_base(base_url)
        self.itself = _self_urls(base_url)
        self.row: _Row | None = None  # the table row being read
        self.headings: dict[int, str] = {}
        self.open_details: list[int] = []  # the heading levels of the open <details> sections
        self.dates: dict[int, dt.date] = {}  # the date each open dated heading stands for, by level

    def heading(self, level: int, text: str, words: str) -> None:
        """A heading closes the sections at its level and below, and their dates."""
        self._close(level)
        self.dates = {k: v for k, v in self.dates.items() if k < level}
        self.headings[level] = clean_heading(words)
        when = heading_date(text)
        if when:
            self.dates[level] = when

    @property
    def added(self) -> dt.date | None:
        """The date of the innermost open dated heading."""
        return self.dates[max(self.dates)] if self.dates else None

    def stack(self) -> list[str]:
        return [self.headings[k] for k in sorted(self.headings)]

    def resolve(self, href: str) -> tuple[str, str | None]:
        """Absolute URL for `href` and the reason to skip it, if any."""
        if href.startswith("#"):
            return href, ANCHOR
        if _malformed(href):
            return href, MALFORMED
        try:
            url = urljoin(self.join_base, href) if self.join_base else href
            parts = urlsplit(url)
        except ValueError:  # brackets without an IPv6 address and the like
            return href, "链接无法解析"
        if parts.scheme.lower() not in ALLOWED_SCHEMES:
            return url, "不是 http(s) 链接" if parts.scheme else RELATIVE
        if (parts.hostname or "") in BADGE_HOSTS:
            return url, "徽章"
        if parts.path.lower().endswith(IMAGE_SUFFIXES):
            return url, "图片"
        if url.split("#")[0].rstrip("/").lower() in self.itself:
            return url, SELF
        if _github_nav((parts.hostname or "").lower(), parts.path):
            return url, GITHUB_NAV
        return url, None

    def block(self, children: list[Token], first_line: int, outer: str = "",
              failed: dict[int, str] | None = None) -> Iterator[Found]:
        """Links of one paragraph, list item or table cell; `outer` is the enclosing list item's text;
        `failed` the lines (by offset) that are reference definitions markdown-it could not read."""
        lines = list(_lines(children))
        all_text = " ".join(p.text for ln in lines for p in ln if p.kind == "text")
        hashtags = [t for t in _HASHTAG.findall(all_text) if not t.isdigit()]
        first = (outer or ("".join(p.text for p in lines[0] if p.kind == "text") if lines else "")).strip()
        texts = ("".join(p.text for p in ln if p.kind == "text") for ln in lines)
        described = next((m.group(1).strip() for m in map(_DESCRIPTION.match, texts) if m), None)
        block = _Block(hashtags, first, _head(first),
                       self.stack()[-1] if self.headings else "", described)
        for offset, pieces in enumerate(lines):
            if failed and offset in failed:
                if failed[offset]:
                    yield Found(failed[offset], "", first_line + offset, skipped=FAILED_DEFINITION)
            else:
                yield from self.line(pieces, first_line + offset, block)

    def line(self, pieces: list[_Piece], number: int, block: _Block) -> Iterator[Found]:
        before = ""  # the end of the line's words before the current piece: a context title needs no more
        for i, piece in enumerate(pieces):
            if i and (pieces[i - 1].kind == "text" or not is_placeholder(pieces[i - 1].text, pieces[i - 1].href)):
                before = (before + pieces[i - 1].text)[-_CONTEXT:]
            if piece.kind == "image":
                yield Found(piece.href, piece.text, number, skipped="图片")
                continue
            if piece.kind != "link":
                continue
            url, skipped = self.resolve(piece.href)
            if piece.image_only:
                skipped = skipped or "徽章或图片链接"
            after, j = [], i + 1  # the words up to the next link (indexed: a slice of the rest is quadratic)
            while j < len(pieces) and pieces[j].kind != "link":
                after.append(pieces[j].text)
                j += 1
            title, tagged = _title(piece.text)
            if is_placeholder(title, url):
                title, tagged = _title(self.row.title if self.row and self.row.title
                                       else _context_title(before, block, url))
            author, rest = leading_author(_strip_tags("".join(after)))
            words = _LEAD_IN.sub("", rest).strip(_EDGE)
            note = words if len(words) >= 2 and not _DESCRIPTION.match(words) else (
                block.description or (self.row.description if self.row else None))
            note = clean_note(one_line(note, MAX_NOTE), title) if note else None
            title, signed = trailing_author(title)
            author = author or signed or (self.row.author if self.row else None)
            cells = [c for c in self.row.cells if c != title and not is_placeholder(c, url)
                     and not _AT_CELL.fullmatch(c) and c != author] if self.row else []
            untitled = not title or title == block.heading and not (self.row and self.row.title)
            yield Found(url, title or url, number, self.stack(), note, block.hashtags, self.added, skipped, cells,
                        tagged, author, untitled)

    def _close(self, level: int) -> None:
        """Forget the headings of the sections at `level` and below."""
        self.headings = {k: v for k, v in self.headings.items() if k < level}

    def details(self, event: re.Match[str]) -> None:
        """A `<details>` block's `<summary>` is a heading for the links inside it, until its `</details>`."""
        if event.group("summary") is not None:
            level = DETAILS_LEVEL + len(self.open_details)
            self._close(level)
            words = clean_heading(_html_text(event.group("summary")))
            if words and not _UI_SUMMARY.search(words):  # "展开 12 篇", "Click to expand" say nothing of the links
                self.headings[level] = words
            self.open_details.append(level)
        elif self.open_details:
            self._close(self.open_details.pop())

    def html_block(self, content: str, first_line: int) -> Iterator[Found]:
        """The `<a href>` links of a raw HTML block (a generic link text takes its table row's title cell), and
        the `<details>` sections it opens or closes."""
        events = list(_DETAILS.finditer(content))
        rows = [(r.start(), r.end(), r.group()) for r in _HTML_ROW.finditer(content)]
        header = _html_header(rows)
        for m in _HTML_A.finditer(content):
            while events and events[0].start() < m.start():
                self.details(events.pop(0))
            heading = self.stack()[-1] if self.headings else ""
            text = html.unescape(_TAG.sub("", m.group(4))).strip()
            piece = _Piece("link", text, href=_html_href(m), image_only=not text)
            number = first_line + content.count("\n", 0, m.start())
            row = next((r for r in rows if r[0] <= m.start() < r[1]), None)
            cells = [(kind, _html_text(cell)) for kind, cell in _HTML_CELL.findall(row[2])] if row else []
            if cells and all(kind.lower() == "h" for kind, _ in cells):
                header = [c for _, c in cells]
            self.row = _row([c for _, c in cells], header) if cells else None
            yield from self.line([piece], number, _Block([], "", "", heading))
        self.row = None
        for event in events:
            self.details(event)


def _html_header(rows: list[tuple[int, int, str]]) -> list[str]:
    """The cells of the first row of an HTML table that holds header cells only (it has no links to visit)."""
    for _, _, row in rows:
        cells = _HTML_CELL.findall(row)
        if cells and all(kind.lower() == "h" for kind, _ in cells):
            return [_html_text(cell) for _, cell in cells]
    return []


def plain(children: list[Token]) -> str:
    """Inline tokens as the words a reader sees: link texts kept, images, in-page links and markup dropped."""
    words: list[str] = []
    anchor = False
    for tok in children:
        if tok.type == "link_open":
            anchor = str(tok.attrs.get("href", "")).startswith("#")
        elif tok.type == "link_close":
            anchor = False
        elif tok.type in ("text", "code_inline") and not anchor:
            words.append(tok.content)
        elif tok.type == "softbreak":
            words.append(" ")
    return unwrapped(clean_context("".join(words), parsed=True))


def _row_cells(tokens: list[Token], start: int) -> list[str]:
    """The cells of the table row opened at `start`, as plain text."""
    cells: list[str] = []
    for tok in tokens[start + 1:]:
        if tok.type == "tr_close":
            break
        if tok.type == "inline":
            cells.append(_named(plain(tok.children or [])))
    return cells


def _title(text: str) -> tuple[str, list[str]]:
    """A link text or title cell as a title, without the list's decorations (chips, marker emoji, brackets
    around the whole), and the chips taken off it."""
    title, tagged = chips(clean_title(text))
    return _named(unwrapped(strip_markers(title))), tagged


def _named(title: str) -> str:
    """`[AWQ] Activation-aware …` → `AWQ: Activation-aware …`: a bracketed short name in front of a title."""
    return _BRACKETED_NAME.sub(r"\1: \2", title)


def read_markdown(text: str, base_url: str | None = None) -> list[Found]:
    """Every link in the Markdown `text`, in order, skipped ones marked with a reason."""
    reader = _Reader(base_url)
    tokens = _parser().parse(text)
    found: list[Found] = []
    items: list[str] = []  # first line of each open list item, outermost first
    header: list[str] = []  # the header cells of the table being read
    for i, tok in enumerate(tokens):
        if tok.type == "tr_open":
            cells = _row_cells(tokens, i)
            if tokens[i + 1].type == "th_open":
                header, reader.row = cells, None
            else:
                reader.row = _row(cells, header)
        elif tok.type == "tr_close":
            reader.row = None
        elif tok.type == "table_close":
            header = []
        elif tok.type == "html_block":
            found.extend(reader.html_block(tok.content, (tok.map[0] + 1) if tok.map else 1))
        if tok.type == "list_item_open":
            items.append("")
        elif tok.type == "list_item_close":
            items.pop()
        if tok.type != "inline":
            continue
        first_line = (tok.map[0] + 1) if tok.map else 1
        opener = tokens[i - 1] if i else None
        if opener is not None and opener.type == "heading_open":
            reader.heading(int(opener.tag[1]), tok.content, plain(tok.children or []))
            found.extend(reader.block(tok.children or [], first_line))  # a heading's own links
            continue
        if items and not items[-1]:
            items[-1] = tok.content.split("\n", 1)[0]
        outer = items[-2] if len(items) > 1 else ""
        found.extend(reader.block(tok.children or [], first_line, outer, _failed_definitions(tok.content)))
    return _not_shared(found)


def _not_shared(found: list[Found]) -> list[Found]:
    """`found` with the links that had no words of their own and share their section heading as a title titled
    by their address instead: a heading is never the title of several entries."""
    shared = Counter(f.title for f in found if f.untitled and not f.skipped)
    for f in found:
        if f.untitled and shared[f.title] > 1:
            f.title = _repository(f.url) or f.url
    return found
