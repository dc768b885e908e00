"""One search result per link, written from the catalogue instead of parsed back out of HTML.

Material's search plugin reads every page's HTML with a Python HTML parser; for a list of 100k
links that costs more than the rest of the build.  Link lists are put into pages after the search
plugin has read them (deferred.py), and here each link of an `indexed` list becomes the same
result Material would have made from its entry — title, tags and note, HTML-escaped and segmented
with jieba the way Material segments — placed right after the result of the heading above it.

Each result also gets two fields Material indexes but never shows (`RECALL`): the words a reader may
type for what its title (`recall_title`, weighted as the title) and its note and tags (`recall_text`,
weighted as the text) say — every term of every synonym group they touch, and the words Chinese
compounds start or end with (张量并行 → 并行) — minus the words a query already finds there.  Highlighting works on
the shown fields only, so it still marks just what the reader typed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from haowen.catalog.model import Link
from haowen.catalog.synonyms import Thesaurus, is_abbreviation
from haowen.site.context import Site, anchor, page_url
from haowen.site.search.segment import segment, sub_words, term_words, tokens

INDEX = "search/search_index.json"


# The hidden fields and the shown field whose weight each takes.
RECALL = {"recall_title": "title", "recall_text": "text"}
# Material's default separator; the build uses the one in mkdocs.yml (the index's config).
SEPARATOR = re.compile(r"[\s\u200b\-]+")
# Where the worker patch (search_query.js) finds the abbreviations that must match whole words.
ABBREVIATIONS = "haowen_abbreviations"


def touched(thesaurus: Thesaurus, parts: Iterable[str]) -> tuple[set[int], dict[str, None]]:
    """The groups `parts` (texts, matched one by one) touch, and the words found inside their words:
    the head and tail words of Chinese compounds, and "llm" for "LLMs" (abbreviations match whole words only)."""
    groups: set[int] = set()
    words: dict[str, None] = {}
    for part in parts:
        toks = tokens(part)
        subs = [w for t in toks if not t.isascii() for w in sub_words(t)]
        words.update(dict.fromkeys(subs))
        words.update(dict.fromkeys(t[:-1] for t in toks
                                   if t.endswith("s") and is_abbreviation(t[:-1]) and t[:-1] in thesaurus.by_key))
        groups |= thesaurus.groups_in(toks, subs)
    return groups, words


def link_parts(site: Site, link: Link) -> tuple[list[str], list[str]]:
    """What a link is matched on: [title], and its note, tag ids and tag labels."""
    labels = [site.catalog.tag_label(t) for t in link.tags]
    return [link.title], [*([link.note] if link.note else []), *link.tags, *labels]


def link_groups(site: Site, link: Link) -> set[int]:
    """The synonym groups `link`'s title, note and tags touch."""
    return touched(site.thesaurus, [p for parts in link_parts(site, link) for p in parts])[0]


def _expansion(thesaurus: Thesaurus, parts: Iterable[str]) -> dict[str, None]:
    """Words for `parts`: every term of the groups they touch, and the words found inside them."""
    groups, words = touched(thesaurus, parts)
    for group in sorted(groups):
        for term in thesaurus.groups[group]:
            words.update(dict.fromkeys(term_words(term)))
    return words


def _indexed(doc: dict[str, str], separator: re.Pattern[str]) -> set[str]:
    """The words Material indexes for the shown fields of `doc` (split at `separator`, lower-cased)."""
    return set(separator.split(f"{doc['title']} {doc['text']}".lower()))


def _new_words(words: Iterable[str], there: set[str]) -> list[str]:
    """`words` a query could not already find in `there` or among themselves: Material adds a trailing
    wildcard to every query word but an abbreviation, so "parallel" is found by "parallelism"."""
    candidates = [w for w in words if w not in there]
    ordered = sorted({*candidates, *there})
    covered = {w for w, after in zip(ordered, ordered[1:]) if after.startswith(w) and not is_abbreviation(w)}
    return [w for w in candidates if w not in covered]


def recall_fields(site: Site, link: Link, doc: dict[str, str], separator: re.Pattern[str]) -> dict[str, str]:
    """The hidden fields of `link`'s result `doc` (see the module doc); empty ones left out."""
    title_parts, text_parts = link_parts(site, link)
    shown = _indexed(doc, separator)
    title_words = _new_words(_expansion(site.thesaurus, title_parts), shown)
    shown.update(title_words)
    text_words = _new_words(_expansion(site.thesaurus, text_parts), shown)
    fields = {"recall_title": " ".join(title_words), "recall_text": " ".join(text_words)}
    return {name: value for name, value in fields.items() if value}


def _plain(text: str) -> str:
    """Text as Material's parser keeps it: line breaks as spaces, `<>&` escaped."""
    return escape(text.replace("\n", " "), quote=False)


def _text(site: Site, link: Link) -> str:
    labels = " ".join("#" + site.catalog.tag_label(t) for t in link.tags)
    parts = [f"<p>{_plain(labels)}</p>"] if labels else []
    if link.note:
        parts.append(f"<p>{_plain(link.note)}</p>")
    return " ".join(parts)


def link_doc(site: Site, url: str, link: Link, separator: re.Pattern[str] = SEPARATOR) -> dict[str, str]:
    """The search result for `link` on the page at site URL `url`."""
    doc = {"location": f"{url}#{anchor(link)}", "title": segment(_plain(link.title).strip()),
           "text": segment(_text(site, link))}
    return {**doc, **recall_fields(site, link, doc, separator)}


def link_docs(site: Site, separator: re.Pattern[str] = SEPARATOR) -> dict[str, list[dict[str, str]]]:
    """Results of every indexed list, by the location of the result (page or heading) they follow."""
    out: dict[str, list[dict[str, str]]] = {}
    for lst in site.link_lists:
        if lst.indexed:
            url = page_url(lst.page, site.directory_urls)
            after = f"{url}#{lst.section}" if lst.section else url
            out.setdefault(after, []).extend(link_doc(site, url, link, separator) for link in lst.links)
    return out


def merge(docs: list[dict[str, Any]], ours: dict[str, list[dict[str, str]]]) -> list[dict[str, Any]]:
    """Material's `docs` with our results after the result each group follows (at the end if it is not there)."""
    out: list[dict[str, Any]] = []
    for doc in docs:
        out.append(doc)
        location: str = doc.get("location", "")
        out.extend(ours.pop(location, ()))
    for rest in ours.values():
        out.extend(rest)
    return out


def add_to_index(site: Site, site_dir: Path) -> None:
    """Add the link results to the search index Material's plugin wrote into `site_dir`."""
    path = site_dir / INDEX
    if not path.exists():
        raise PluginError(f"找不到 {path}：haowen 插件需要启用 Material 的 search 插件")
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = merge(index["docs"], link_docs(site, re.compile(index["config"]["separator"])))
    fields = index["config"]["fields"]
    fields.update({name: fields[shown] for name, shown in RECALL.items()})
    index["config"][ABBREVIATIONS] = site.thesaurus.abbreviations
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
