"""HTML put into a page after Markdown has run: large link lists skip Markdown and its HTML parsers.

A renderer writes `site.defer(page, make_html)` into its Markdown; the marker it returns is an HTML
comment, which Markdown passes through untouched.  After conversion (and after the search plugin has
read the page) the plugin swaps each marker for the HTML `make_html` returns, so a list of 100k links
is rendered once, here, instead of being re-parsed by Python-Markdown and MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_MARKER = re.compile(r"<!-- haowen:deferred (\d+) -->")


class Deferred:
    """The pending HTML blocks of every generated page, by docs path."""

    def __init__(self) -> None:
        self._blocks: dict[str, list[Callable[[], str]]] = {}

    def add(self, page: str, make_html: Callable[[], str]) -> str:
        """Register a block for `page`; the Markdown to write where it goes."""
        blocks = self._blocks.setdefault(page, [])
        blocks.append(make_html)
        return f"\n<!-- haowen:deferred {len(blocks) - 1} -->\n"

    def fill(self, page: str, text: str) -> str:
        """`text` (Markdown or HTML of `page`) with its markers replaced by their HTML."""
        blocks = self._blocks.get(page)
        if not blocks:
            return text
        return _MARKER.sub(lambda m: blocks[int(m.group(1))](), text)
