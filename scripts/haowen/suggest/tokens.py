"""Words of a title for suggestions: jieba tokens, and keyword matching on token boundaries only.

A keyword counts where it starts and ends on a token boundary, so 网络 does not match inside 神经网络
and `agent` does not match inside `agentic`; the pieces of a hyphenated word count as tokens too, so
`retrieval` is found in "retrieval-augmented" and `agent` in "multi-agent".  Keywords match as written: Snowball
stems over-reach for keywords ("optimizer" would find "optimization", "tokenizer" every "token"), so stems are
only extra tokens for the learned model (`stems`).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba
import snowballstemmer

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"\w", re.UNICODE)
_ASCII_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+#_\-]*[A-Za-z0-9+#]|[A-Za-z0-9]")
_ENGLISH_WORD = re.compile(r"[a-z]{4,}")  # shorter words (gpt, moe, sft) are names, not inflected
_STEMMER = snowballstemmer.stemmer("english")
_JOINER = re.compile(r"[-_]")  # joins words into one ASCII token; "." and "+" stay inside (llama.cpp, c++)
_PIECE = re.compile(r"[^-_]+")


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


def _parts(token: str, start: int) -> list[tuple[str, int, int]]:
    """The pieces of a joined ASCII token ("retrieval-augmented", "multi_agent"), with their offsets."""
    if not _JOINER.search(token):
        return []
    return [(m.group(), start + m.start(), start + m.end()) for m in _PIECE.finditer(token)]


def tokens(text: str) -> list[str]:
    """The word tokens of `text`, lower-cased; a joined ASCII token is followed by its pieces."""
    return [t for tok, s, _ in _spans(text) for t in (tok, *(p for p, _, _ in _parts(tok, s)))]


@lru_cache(maxsize=65536)
def boundaries(text: str) -> frozenset[int]:
    """Offsets in `text` where a token, or a piece of a joined ASCII token, starts or ends."""
    spans = [span for tok, s, e in _spans(text) for span in ((tok, s, e), *_parts(tok, s))]
    return frozenset(i for _, s, e in spans for i in (s, e))


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def stems(words: list[str]) -> list[str]:
    """The Snowball stems of the English `words` whose stem differs from the word ("pruned" → "prune"):
    extra tokens for the learned model, so an inflection it has not seen meets one it has."""
    return [s for w in words if _ENGLISH_WORD.fullmatch(w) and (s := _stem(w)) != w]


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
