"""Markdown text helpers: escaping untrusted text and GitHub-style heading anchors."""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")
_INLINE = re.compile(r"([\\`*_\[\]|~])")
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([#+\-=])")
_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def escape(text: str) -> str:
    """`text` as literal Markdown: one line, HTML specials as entities, markup characters escaped."""
    text = _SPACES.sub(" ", text).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text, count=1)


def link(title: str, url: str) -> str:
    """An inline link whose text is `title` and whose destination is `url` in angle brackets."""
    dest = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{escape(title)}](<{dest}>)"


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return _SLUG_DROP.sub("", heading.strip().lower()).replace(" ", "-")
