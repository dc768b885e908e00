"""Words of a title for suggestions: jieba tokens, and keyword matching on token boundaries only.

A keyword counts where it starts and ends on a token boundary, so 网络 does not match inside 神经网络
and `agent` does not match inside `agentic`.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"\w", re.UNICODE)
_ASCII_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+#_\-]*[A-Za-z0-9+#]|[A-Za-z0-9]")


@lru_cache(maxsize=65536)
def _spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """(token, start, end) for every word token of `text` (lower-cased), ASCII runs kept whole."""
    low = text.lower()
    out: list[tuple[str, int, int]] = []
    pos = 0
    for m in _ASCII_RUN.finditer(low):
        out += _jieba_spans(low[pos:m.start()], pos)
        out.append((m.group(), m.start(), m.end()))
        pos = m.end()
    out += _jieba_spans(low[pos:], pos)
    return tuple(out)


def _jieba_spans(text: str, offset: int) -> list[tuple[str, int, int]]:
    if not text.strip():
        return []
    return [(w, offset + s, offset + e) for w, s, e in jieba.tokenize(text) if _WORD.search(w)]


def tokens(text: str) -> list[str]:
    """The word tokens of `text`, lower-cased."""
    return [t for t, _, _ in _spans(text)]


@lru_cache(maxsize=65536)
def boundaries(text: str) -> frozenset[int]:
    """Offsets in `text` where a token starts or ends."""
    return frozenset(i for _, s, e in _spans(text) for i in (s, e))


def has_keyword(text: str, keyword: str) -> bool:
    """True when `keyword` occurs in `text` (case-insensitively) starting and ending on token boundaries."""
    low, key = text.lower(), keyword.lower().strip()
    if not key:
        return False
    edges = boundaries(text)
    start = low.find(key)
    while start >= 0:
        if start in edges and start + len(key) in edges:
            return True
        start = low.find(key, start + 1)
    return False
