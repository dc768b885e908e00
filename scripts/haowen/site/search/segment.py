"""Chinese word segmentation for the search index: jieba with the catalogue's domain terms, split as Material splits."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import jieba
from backrefs import bre

from haowen.catalog.synonyms import TOKEN, key, normalize

# Beside links.yaml: one term a line (`词 [词频] [词性]`, jieba's user dictionary format).
SEARCH_DICT = "search_dict.txt"
_HAN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)  # what Material's search segments


def load_user_dict(path: Path) -> None:
    """Teach jieba (which Material's search plugin uses) the terms in `path`, if it exists."""
    jieba.setLogLevel(logging.WARNING)
    if path.exists():
        jieba.load_userdict(str(path))
        for cached in (han_words, sub_words, term_words):
            cached.cache_clear()


@functools.lru_cache(maxsize=1 << 16)
def han_words(han: str) -> tuple[str, ...]:
    """A run of Chinese characters cut into words by jieba."""
    return tuple(jieba.cut(han))


@functools.lru_cache(maxsize=1 << 16)
def sub_words(word: str) -> tuple[str, ...]:
    """The dictionary words a longer word starts or ends with (jieba's search mode): 张量并行 → 张量, 并行.

    Words from its middle are left out: 权重量化 has 重量 (weight in kilograms) inside, not as a part."""
    if len(word) < 3:
        return ()
    return tuple(w for w in jieba.cut_for_search(word) if w != word and (word.startswith(w) or word.endswith(w)))


def tokens(text: str) -> list[str]:
    """`text` normalised (synonyms.normalize) as runs of letters, of digits and jieba's Chinese words, in order."""
    out: list[str] = []
    for run in TOKEN.findall(normalize(text)):
        if run[0].isascii():
            out.append(run)
        else:
            out.extend(han_words(run))
    return out


@functools.lru_cache(maxsize=1 << 14)
def term_words(term: str) -> tuple[str, ...]:
    """The words a query for the synonym `term` looks for: its tokens, and "llamacpp" for "llama.cpp" typed
    as one word (not for Chinese: a Chinese query is cut by the index's own words)."""
    toks = tokens(term)
    joined = key(term)
    if len(toks) > 1 and joined.isascii() and not any(c.isspace() for c in term):
        return (*toks, joined)
    return tuple(toks)


def segment(text: str) -> str:
    """`text` with every run of Chinese split into words by zero-width spaces, as Material does."""
    return _HAN.sub(lambda m: "\u200b" + "\u200b".join(han_words(m.group(0))) + "\u200b", text).strip("\u200b")
