"""Title clean-up shared by import and add: site suffixes (one table) and placeholder titles."""

from __future__ import annotations

import re

from haowen.text.safe import MAX_TITLE, clean, shorten

# Suffixes that sites append to page titles; removed from the end of a title.
TITLE_SUFFIXES = (
    " - 知乎",
    " - 知乎专栏",
    "-CSDN博客",
    " - CSDN博客",
    "_CSDN博客",
    " - 掘金",
    " - 博客园",
    " | Lil'Log",
    " - 腾讯云开发者社区-腾讯云",
    " - 简书",
    " · GitHub",
)

# Link texts that say nothing about the article.
PLACEHOLDERS = frozenset(
    {"这里", "此处", "点这里", "点击这里", "链接", "地址", "原文", "原文链接", "here", "link", "this", "click here", "url"}
)

_SPACES = re.compile(r"\s+")


def clean_title(title: str) -> str:
    """`title` without control and invisible format characters, surrounding and repeated spaces and a
    known site suffix; at most MAX_TITLE characters."""
    title = _SPACES.sub(" ", clean(title)).strip()
    for suffix in TITLE_SUFFIXES:
        if title.endswith(suffix) and len(title) > len(suffix):
            title = title[: -len(suffix)].rstrip()
            break
    return shorten(title.strip(" *_"), MAX_TITLE)


def is_placeholder(title: str, url: str) -> bool:
    """True when a link text is empty, generic (“这里”, “here”) or just the URL."""
    text = title.strip().strip("：:。.").lower()
    return not text or text in PLACEHOLDERS or text.startswith(("http://", "https://")) or text == url.lower()
