"""An article's publication date and author from its HTML, for `haowen check --propose-metadata`.

Precision over recall: only fields that say "published" and "author" are read, in order of trust —
JSON-LD (an Article-like object's datePublished and author, through @graph, lists and @id references),
the meta tag article:published_time, microdata (itemprop=datePublished, itemprop=author → name) and
meta author tags — then the host's own patterns from data/check.yaml.  Never dateModified or other
update times, never a date guessed from the body text.  Dates: epoch seconds are read in China's time
(UTC+8, no daylight saving since 1991), ISO times give the date written at their own offset; a date
before 1995 or after today is refused.  Authors: entities decoded, forbidden characters and repeated
spaces removed; refused when empty, longer than the cap, holding markup or a URL, or generic (the
`metadata.generic_authors` list, the page's og:site_name, the site labels of catalog/urls.py).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from haowen.catalog.clock import CHINA
from haowen.catalog.urls import HOST_LABELS
from haowen.text.safe import clean
from haowen.web.markup import Reader, Stop, never, scan
from haowen.web.title import js_unescape

EARLIEST = dt.date(1995, 1, 1)
# schema.org types whose datePublished and author are the article's own (not a page's, a comment's, a site's).
ARTICLE_TYPES = frozenset({"article", "blogposting", "newsarticle", "techarticle", "scholarlyarticle", "report",
                           "analysisnewsarticle", "reportagenewsarticle", "socialmediaposting",
                           "discussionforumposting", "liveblogposting", "posting"})
PUBLISHED_METAS = ("article:published_time",)
AUTHOR_METAS = ("author", "article:author", "dc.creator")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?",
                       re.I)
_EPOCH = re.compile(r"\d{9,10}|\d{12,13}")  # seconds, or milliseconds
_SPACES = re.compile(r"\s+")
_URLISH = re.compile(r"https?:|javascript:|data:|mailto:|://|^www\.|\.(?:com|cn|net|org|io)\b", re.I)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_NAME_SEPARATOR = "、"


@dataclass(frozen=True)
class Found:
    """One value and where on the page it was read."""

    value: str
    where: str


@dataclass(frozen=True)
class PageMeta:
    """What a page says about its article; None where it says nothing trustworthy."""

    published: Found | None = None
    author: Found | None = None


@dataclass(frozen=True)
class Rules:
    """What the extraction needs besides the page: the host's patterns and the generic authors."""

    today: dt.date
    published_patterns: tuple[re.Pattern[str], ...] = ()
    author_patterns: tuple[re.Pattern[str], ...] = ()
    generic_authors: frozenset[str] = frozenset()
    max_author: int = 80
    host_rule: str = ""


# --- values -----------------------------------------------------------------------------------


def date_value(text: str, today: dt.date) -> dt.date | None:
    """The date in an ISO date or time (at its own offset) or in epoch seconds (China's time); None if
    it is neither or implausible (before 1995, after `today`)."""
    text = text.strip()
    if _EPOCH.fullmatch(text):
        seconds = int(text) / (1000 if len(text) > 10 else 1)
        day = dt.datetime.fromtimestamp(seconds, CHINA).date()
    else:
        found = _ISO_DATE.fullmatch(text)
        if found is None:
            return None
        try:
            day = dt.date(*map(int, found.groups()))
        except ValueError:
            return None
    return day if EARLIEST <= day <= today else None


def author_value(text: str, rules: Rules, site_names: Iterable[str] = ()) -> str | None:
    """`text` as an author name, or None when it cannot be one (see the module's rules)."""
    name = _SPACES.sub(" ", clean(html.unescape(text))).strip(" ,;|·-")
    if not name or len(name) > rules.max_author or "<" in name or ">" in name or _URLISH.search(name):
        return None
    generic = {g.casefold() for g in (*rules.generic_authors, *site_names, *HOST_LABELS.values())}
    return None if name.casefold() in generic else name


def _names(value: Any) -> list[str]:
    """Author names in a JSON-LD author value: a string, a Person/Organization object, or a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


# --- JSON-LD ----------------------------------------------------------------------------------


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD document: top level, lists and @graph."""
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _nodes(data.get("@graph"))


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _resolved(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    """`value` with {"@id": …} references replaced by the objects they name."""
    if isinstance(value, list):
        return [_resolved(v, by_id) for v in value]
    if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
        return by_id.get(value["@id"], value)
    return value


def _json_ld(blocks: list[str]) -> tuple[str | None, list[str]]:
    """The first Article-like object's datePublished and author names."""
    nodes: list[dict[str, Any]] = []
    for block in blocks:
        try:
            nodes.extend(_nodes(json.loads(block, strict=False)))
        except (ValueError, RecursionError):
            continue
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    for node in nodes:
        if _types(node) & ARTICLE_TYPES:
            published = node.get("datePublished")
            names = _names(_resolved(node.get("author"), by_id))
            return (published if isinstance(published, str) else None), names
    return None, []


# --- the HTML ---------------------------------------------------------------------------------


@dataclass
class _Scope:
    """An open element with microdata (itemprop or itemscope)."""

    types: set[str]
    prop: set[str]
    scoped: bool  # has itemscope
    outer: _Scope | None  # the innermost element with itemscope around this one


class _Reader(Reader):
    """One pass over the page: JSON-LD blocks, meta tags, microdata date and author; O(1) work per tag."""

    def __init__(self) -> None:
        self.ld_blocks: list[str] = []
        self.metas: dict[str, str] = {}
        self.micro_published: str | None = None
        self.micro_author: str | None = None
        self._stack: list[_Scope | None] = []  # open elements, None without microdata (libxml2 closes each)
        self._inner: _Scope | None = None  # the innermost open element with itemscope
        self._ld: list[str] | None = None
        self._text: list[str] | None = None  # text of an itemprop=name / author element being read

    def _in_article(self, scope: _Scope | None) -> bool:
        return scope is None or not scope.types or bool(scope.types & ARTICLE_TYPES)

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        if tag == "script" and attrib.get("type", "").strip().lower() == "application/ld+json":
            self._ld = []
        if tag == "meta":
            key = (attrib.get("property") or attrib.get("name") or "").strip().lower()
            if key and key not in self.metas and attrib.get("content", "").strip():
                self.metas[key] = attrib["content"]
        self._stack.append(self._microdata(tag, attrib) if "itemprop" in attrib or "itemscope" in attrib else None)

    def _microdata(self, tag: str, found: Mapping[str, str]) -> _Scope:
        props = set(found.get("itemprop", "").lower().split())
        outer = self._inner
        value = found.get("content") or found.get("datetime")
        if "datepublished" in props and self.micro_published is None and self._in_article(outer) and value:
            self.micro_published = value
        if self.micro_author is None and self._text is None:
            if "author" in props and "itemscope" not in found and self._in_article(outer):
                self._start_text(tag, value)
            elif "name" in props and outer is not None and "author" in outer.prop and self._in_article(outer.outer):
                self._start_text(tag, value)
        types = {t.rsplit("/", 1)[-1].lower() for t in found.get("itemtype", "").split()}
        scope = _Scope(types, props, "itemscope" in found, outer)
        if scope.scoped:
            self._inner = scope
        return scope

    def _start_text(self, tag: str, value: str | None) -> None:
        if value:
            self.micro_author = value
        elif tag not in _VOID:
            self._text = []

    def data(self, text: str) -> None:
        if self._ld is not None:
            self._ld.append(text)
        if self._text is not None:
            self._text.append(text)

    def end(self, tag: str) -> None:
        if tag == "script" and self._ld is not None:
            self.ld_blocks.append("".join(self._ld))
            self._ld = None
        scope = self._stack.pop() if self._stack else None
        if scope is None:
            return
        if scope.scoped:
            self._inner = scope.outer
        if self._text is not None and ("name" in scope.prop or "author" in scope.prop):
            self.micro_author = "".join(self._text)
            self._text = None


def _first_pattern(patterns: tuple[re.Pattern[str], ...], page: str) -> str | None:
    for pattern in patterns:
        found = pattern.search(page)
        if found and found.group(1):
            return html.unescape(js_unescape(found.group(1)))
    return None


def _published(reader: _Reader, ld_date: str | None, page: str, rules: Rules) -> Found | None:
    candidates = [(ld_date, "JSON-LD datePublished"),
                  *((reader.metas.get(m), f"meta {m}") for m in PUBLISHED_METAS),
                  (reader.micro_published, "microdata datePublished"),
                  (_first_pattern(rules.published_patterns, page), f"check.yaml {rules.host_rule}")]
    for text, where in candidates:
        day = date_value(text, rules.today) if text else None
        if day:
            return Found(day.isoformat(), where)
    return None


def _author(reader: _Reader, ld_names: list[str], page: str, rules: Rules) -> Found | None:
    sites = [reader.metas[k] for k in ("og:site_name", "application-name") if k in reader.metas]
    names = [n for n in (author_value(x, rules, sites) for x in ld_names) if n]
    joined = _NAME_SEPARATOR.join(dict.fromkeys(names))
    if names and len(joined) <= rules.max_author:
        return Found(joined, "JSON-LD author")
    candidates = [(reader.micro_author, "microdata author"),
                  *((reader.metas.get(m), f"meta {m}") for m in AUTHOR_METAS),
                  (_first_pattern(rules.author_patterns, page), f"check.yaml {rules.host_rule}")]
    for text, where in candidates:
        name = author_value(text, rules, sites) if text else None
        if name:
            return Found(name, where)
    return None


def page_meta(page: str, rules: Rules, stop: Stop = never) -> PageMeta:
    """The publication date (YYYY-MM-DD) and author `page` states, each with where it was found; nothing
    when reading was cut short (the page is over markup.MAX_BYTES, or `stop` said so)."""
    reader = _Reader()
    if not scan(page, reader, stop):
        return PageMeta()
    try:
        ld_date, ld_names = _json_ld(reader.ld_blocks)
    except RecursionError:  # JSON nested just below the parser's limit: no JSON-LD worth reading
        ld_date, ld_names = None, []
    return PageMeta(_published(reader, ld_date, page, rules), _author(reader, ld_names, page, rules))
