"""Markdown links and GitHub-style heading anchors (text itself is escaped by haowen.text.safe.markdown_text)."""

from __future__ import annotations

import re

from haowen.text.safe import markdown_text

_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def link(title: str, url: str) -> str:
    """An inline link whose text is `title` and whose destination is `url` in angle brackets."""
    dest = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{markdown_text(title)}](<{dest}>)"


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return _SLUG_DROP.sub("", heading.strip().lower()).replace(" ", "-")
