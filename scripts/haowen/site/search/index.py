"""The site's search index: an inverted index split by token into shards, and the entries' records in chunks.

Written after the build into `search/hw/` (docs/assets/search/engine.js reads it; README's search section):

- `meta.json`: the tables a query needs (synonym groups, abbreviations, categories, tags, kinds, series),
  the number of entries and shards, and the folder of this build's files (`dir`, a content hash, so a
  browser never mixes files of two builds);
- `<dir>/t/<k>.json`: shard k, `{token: [doc, code, doc, code, …]}` with docs as gaps from the previous
  one and `code = field bits + 32 × position in the title` (1 title, 2 tags, 4 note or site, 8 the
  category it is filed in, 16 that category's top-level category; 0 a facet such as `~c:moe`);
- `<dir>/d/<k>.json`: the records of entries CHUNK·k … CHUNK·k+CHUNK−1, fetched only for results shown;
- `<dir>/dates.json`: entry numbers from the newest publication date to the oldest (the finder's 最新/最早).

Entries are numbered in their standing order (`ranked`): start-here picks first, then newest first with a
series' parts together in part order where its newest part stands. A query ranks matches by how they
match, then by this number, so no ranking data is fetched beyond the shards of the typed words.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
from pathlib import Path

from haowen.catalog.model import KIND_LABELS, Link
from haowen.catalog.paths import series_page, tag_page
from haowen.catalog.urls import host, host_label
from haowen.site.context import Site, anchor, page_url
from haowen.site.placement import home_of
from haowen.site.search.groups import tag_texts, touched
from haowen.site.search.tokens import shard_of, tokens

FOLDER = "search/hw"
MATERIAL_INDEX = "search/search_index.json"  # Material's index of pages: the site's search does not read it
CHUNK = 50  # records per file
SHARD_BYTES = 96_000  # aimed size of a shard file before compression
TITLE, TAGS, OTHER, CATEGORY, PARENT = 1, 2, 4, 8, 16  # field bits of a code
FIELD_BITS = 5  # code = field bits + 32 × position in the title
MAX_POS = 63
UNKNOWN_YEAR = "未知"

Postings = dict[str, list[int]]


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _date_key(link: Link) -> tuple[int, int, int]:
    """Newest first: dated entries before undated ones, then by the day it was added."""
    day = link.published_on
    return (0, -day.toordinal(), -link.added.toordinal()) if day else (1, 0, -link.added.toordinal())


def ranked(site: Site) -> list[Link]:
    """Every entry in standing order: picks first, then newest first, a series' parts together in order."""
    members = site.catalog.series_links
    unit: dict[str, tuple[int, int, int]] = {
        sid: min(_date_key(m) for m in links) for sid, links in members.items()}

    def key(item: tuple[int, Link]) -> tuple[object, ...]:
        i, link = item
        sid = link.series if link.series in members else None
        when = unit[sid] if sid else _date_key(link)
        return (not link.pick, when, sid or "", link.part or 0, i)

    return [link for _, link in sorted(enumerate(site.catalog.links), key=key)]


@functools.lru_cache(maxsize=1 << 16)
def _token_list(text: str) -> tuple[tuple[str, int], ...]:
    """tokens(text), once per distinct text: tags, categories and sites repeat on many links."""
    return tuple(tokens(text))


def _add_title(codes: dict[str, int], title: str) -> None:
    """The title's tokens into `codes`, each with the earliest position it has in the title."""
    for tok, pos in tokens(title):
        old = codes.get(tok, 0)
        old_pos = old >> FIELD_BITS if old & TITLE else MAX_POS
        codes[tok] = (old & (1 << FIELD_BITS) - 1 | TITLE) | min(pos, old_pos, MAX_POS) << FIELD_BITS


def facets(site: Site, link: Link, site_host: str) -> list[str]:
    """The facet tokens of `link`: its category and top-level category, tags, kind, site and year."""
    cat = site.catalog.parents[link.category].id
    tags = {site.catalog.resolve_tag(t) or t for t in link.tags}
    year = str(link.published_on.year) if link.published_on else UNKNOWN_YEAR
    return sorted({f"~c:{link.category}", f"~c:{cat}", *(f"~t:{t}" for t in tags), f"~k:{link.kind}",
                   f"~h:{site_host}", f"~y:{year}"})


class Indexer:
    """Each link's tokens and codes; what many links share (tags, site, category, note) worked out once."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.parts: dict[tuple[int, object], dict[str, int]] = {}
        self.groups: dict[str, set[int]] = {}

    def _groups(self, text: str) -> set[int]:
        found = self.groups.get(text)
        if found is None:
            found = self.groups[text] = touched(self.site.thesaurus, [text])
        return found

    def _part(self, bit: int, texts: tuple[str, ...]) -> dict[str, int]:
        """The codes `texts` give in the field `bit`, with the synonym groups they touch."""
        part = self.parts.get((bit, texts))
        if part is None:
            part = self.parts[(bit, texts)] = {}
            for text in texts:
                for tok, _ in _token_list(text):
                    part[tok] = bit
                for group in self._groups(text):
                    part[f"~g{group}"] = bit
        return part

    def codes(self, link: Link, site_host: str) -> dict[str, int]:
        """Every token of `link` with its code (see the module doc)."""
        catalog = self.site.catalog
        own, top = catalog.categories[link.category], catalog.parents[link.category]
        shared = (link.category, site_host, tuple(link.tags), link.kind, link.published_on and link.published_on.year)
        codes = self.parts.get((0, shared))
        if codes is None:
            codes = {}
            fields = [(TAGS, tuple(tag_texts(self.site, link))), (OTHER, (site_host,)),
                      (CATEGORY, (own.title, own.title_en)), *([(PARENT, (top.title, top.title_en))] if top is not own else [])]
            for bit, texts in fields:
                for tok, code in self._part(bit, texts).items():
                    codes[tok] = codes.get(tok, 0) | code
            codes.update(dict.fromkeys(facets(self.site, link, site_host), 0))
            self.parts[(0, shared)] = codes
        codes = dict(codes)
        if link.note:
            for tok, code in self._part(OTHER, (link.note,)).items():
                codes[tok] = codes.get(tok, 0) | code
        _add_title(codes, link.title)
        for group in touched(self.site.thesaurus, [link.title]):
            codes[f"~g{group}"] = codes.get(f"~g{group}", 0) | TITLE
        return codes


def doc_codes(site: Site, link: Link) -> dict[str, int]:
    """Every token of `link` with its code (see the module doc)."""
    return Indexer(site).codes(link, host(link.url))


def postings(site: Site, links: list[Link], hosts: list[str]) -> Postings:
    """Each token's postings, docs as gaps (see the module doc)."""
    out: Postings = {}
    indexer = Indexer(site)
    for doc, (link, site_host) in enumerate(zip(links, hosts)):
        for tok, code in indexer.codes(link, site_host).items():
            post = out.get(tok)
            if post is None:
                out[tok] = [doc, code]
            else:
                post += (doc, code)
    for post in out.values():
        docs = post[0::2]
        post[2::2] = [b - a for a, b in zip(docs, docs[1:])]
    return out


def shards(index: Postings) -> list[str]:
    """The postings cut into shards (as JSON texts) of about SHARD_BYTES each, a power of two of them."""
    size = sum(len(t) + 4 * len(p) for t, p in index.items())
    count = 1 << max(0, math.ceil(math.log2(max(1, size / SHARD_BYTES))))
    parts: list[Postings] = [{} for _ in range(count)]
    for tok, post in index.items():
        parts[shard_of(tok, count)][tok] = post
    return [_json(p) for p in parts]


class Tables:
    """The shared tables records point into: categories, tags and series, each by number."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.cats: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        self.series: dict[str, int] = {}

    def _number(self, table: dict[str, int], key: str) -> int:
        return table.setdefault(key, len(table))

    def meta(self) -> dict[str, object]:
        site, catalog = self.site, self.site.catalog
        url = site.directory_urls
        cats = [[c, " › ".join(p.title for p in catalog.category_path(c))] for c in self.cats]
        tags = [[catalog.resolve_tag(t) or t, catalog.tag_label(t), page_url(tag_page(t), url)] for t in self.tags]
        series = [[catalog.series[s].title, len(catalog.series_links[s]), page_url(series_page(s), url)]
                  for s in self.series]
        return {"cats": cats, "tags": tags, "series": series,
                "kinds": [[k, label] for k, label in KIND_LABELS.items()]}

    def record(self, link: Link, site_host: str) -> list[object]:
        """[title, url, host, kind, pick, category, row, published, note, [tags], series, part, mirrors, dead]."""
        site = self.site
        row = f"{page_url(home_of(site, link), site.directory_urls)}#{anchor(link)}"
        published = link.published if isinstance(link.published, str | None) else link.published.isoformat()
        series, part = -1, 0
        members = site.catalog.series_links.get(link.series or "")
        if members and len(members) > 1 and link.series:
            series, part = self._number(self.series, link.series), members.index(link) + 1
        mark = site.dead_mark(link)
        dead = [mark.last_alive.isoformat() if mark.last_alive else None, mark.archive_url] if mark else 0
        return [link.title, link.url, site_host, list(KIND_LABELS).index(link.kind), int(link.pick),
                self._number(self.cats, link.category), row, published or "", link.note or "",
                [self._number(self.tags, t) for t in link.tags], series, part,
                [[host_label(u), u] for u in link.mirrors] or 0, dead]


def _dates(links: list[Link]) -> list[int]:
    dated = [(link.published_on, i) for i, link in enumerate(links) if link.published_on]
    return [i for _, i in sorted(dated, key=lambda d: (-(d[0] or dt.date.min).toordinal(), d[1]))]


def _groups(site: Site) -> list[list[str]]:
    """Each synonym group as the keys of its terms (catalog/synonyms.py's `key`), by group number."""
    out: list[list[str]] = [[] for _ in site.thesaurus.groups]
    for term_key, group in sorted(site.thesaurus.by_key.items()):
        out[group].append(term_key)
    return out


def build(site: Site) -> dict[str, str]:
    """Every file of the index by its path under FOLDER (see the module doc)."""
    links = ranked(site)
    hosts = [host(link.url) for link in links]
    tables = Tables(site)
    records = [tables.record(link, h) for link, h in zip(links, hosts)]
    files = {f"t/{k}.json": text for k, text in enumerate(shards(postings(site, links, hosts)))}
    files.update({f"d/{k}.json": _json(records[k * CHUNK:(k + 1) * CHUNK]) for k in range(math.ceil(len(links) / CHUNK))})
    files["dates.json"] = _json(_dates(links))
    digest = hashlib.sha1()
    for path in sorted(files):
        digest.update(files[path].encode())
    thesaurus = site.thesaurus
    meta = {"version": 1, "dir": digest.hexdigest()[:12], "count": len(links), "chunk": CHUNK,
            "picks": sum(link.pick for link in links),
            "shards": sum(p.startswith("t/") for p in files), "abbreviations": thesaurus.abbreviations,
            "groups": _groups(site),
            **tables.meta()}
    out = {f"{meta['dir']}/{path}": text for path, text in files.items()}
    out["meta.json"] = _json(meta)
    return out


def write(site: Site, site_dir: Path) -> None:
    """Write the index into the built site, in place of Material's."""
    (site_dir / MATERIAL_INDEX).unlink(missing_ok=True)
    root = site_dir / FOLDER
    for path, text in build(site).items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
