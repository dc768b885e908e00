"""Chinese words for finding synonym terms in a link's text (groups.py): jieba with the catalogue's domain terms.

The search index itself needs no dictionary (tokens.py cuts Chinese into character bigrams); a synonym term
is found in a text only as whole words, so 数据并行 is not found inside 全分片数据并行化 by accident.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import jieba

from haowen.catalog.synonyms import TOKEN, normalize

# Beside links.yaml: one term a line (`词 [词频] [词性]`, jieba's user dictionary format).
SEARCH_DICT = "search_dict.txt"


def load_user_dict(path: Path) -> None:
    """Teach jieba the terms in `path`, if it exists."""
    jieba.setLogLevel(logging.WARNING)
    if path.exists():
        jieba.load_userdict(str(path))
        for cached in (han_words, sub_words):
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
