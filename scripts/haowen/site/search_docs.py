"""One search result per link, written from the catalogue instead of parsed back out of HTML.

Material's search plugin reads every page's HTML with a Python HTML parser; for a list of 100k
links that costs more than the rest of the build.  Link lists are put into pages after the search
plugin has read them (deferred.py), and here each link of an `indexed` list becomes the same
result Material would have made from its entry — title, tags and note, HTML-escaped and segmented
with jieba the way Material segments — placed right after the result of the heading above it.
"""

from __future__ import annotations

import functools
import json
from html import escape
from pathlib import Path

import jieba
from backrefs import bre
from mkdocs.exceptions import PluginError

from ..model import Link
from .context import Site, anchor, page_url

INDEX = "search/search_index.json"
_HAN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)  # what Material's search segments


@functools.lru_cache(maxsize=1 << 16)
def _words(han: str) -> str:
    return "\u200b" + "\u200b".join(jieba.cut(han)) + "\u200b"


def segment(text: str) -> str:
    """`text` with every run of Chinese split into words by zero-width spaces, as Material does."""
    return _HAN.sub(lambda m: _words(m.group(0)), text).strip("\u200b")


def _plain(text: str) -> str:
    """Text as Material's parser keeps it: line breaks as spaces, `<>&` escaped."""
    return escape(text.replace("\n", " "), quote=False)


def _text(site: Site, link: Link) -> str:
    labels = " ".join("#" + site.catalog.tag_label(t) for t in link.tags)
    parts = [f"<p>{_plain(labels)}</p>"] if labels else []
    if link.note:
        parts.append(f"<p>{_plain(link.note)}</p>")
    return " ".join(parts)


def link_doc(site: Site, url: str, link: Link) -> dict[str, str]:
    """The search result for `link` on the page at site URL `url`."""
    return {"location": f"{url}#{anchor(link)}", "title": segment(_plain(link.title).strip()),
            "text": segment(_text(site, link))}


def link_docs(site: Site) -> dict[str, list[dict[str, str]]]:
    """Results of every indexed list, by the location of the result (page or heading) they follow."""
    out: dict[str, list[dict[str, str]]] = {}
    for lst in site.link_lists:
        if lst.indexed:
            url = page_url(lst.page, site.directory_urls)
            after = f"{url}#{lst.section}" if lst.section else url
            out.setdefault(after, []).extend(link_doc(site, url, link) for link in lst.links)
    return out


def merge(docs: list[dict], ours: dict[str, list[dict[str, str]]]) -> list[dict]:
    """Material's `docs` with our results after the result each group follows (at the end if it is not there)."""
    out: list[dict] = []
    for doc in docs:
        out.append(doc)
        out.extend(ours.pop(doc.get("location"), ()))
    for rest in ours.values():
        out.extend(rest)
    return out


def add_to_index(site: Site, site_dir: Path) -> None:
    """Add the link results to the search index Material's plugin wrote into `site_dir`."""
    path = site_dir / INDEX
    if not path.exists():
        raise PluginError(f"找不到 {path}：haowen 插件需要启用 Material 的 search 插件")
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = merge(index["docs"], link_docs(site))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
