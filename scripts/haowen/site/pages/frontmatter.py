"""The front matter of generated pages that stay out of the search index."""

from __future__ import annotations


def no_search(hide_toc: bool = False) -> str:
    """Front matter keeping a page out of search (each entry's one result is on its category page)."""
    hide = "hide:\n  - toc\n" if hide_toc else ""
    return f"---\nsearch:\n  exclude: true\n{hide}---\n\n"
