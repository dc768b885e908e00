"""Synonym groups: data/synonyms.yaml merged with the tag vocabulary, and finding them in a text's tokens.

Terms are compared by their *key*: NFKC (full-width letters become ASCII), case-folded, with everything
but Latin letters, digits and Chinese characters dropped, so "Flash Attention", "FlashAttention" and
"flash-attention" are one key, and so are "llama.cpp" and "llamacpp".  A term is found in a text when
its key equals a run of whole consecutive tokens of the text, joined: "DP" is found in "DP 与 TP" but
never inside "DPO" (one token, "dpo").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from haowen.catalog.load import Catalog

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # the CJK ideographs docs/assets/search/engine.js knows too
TOKEN = re.compile(rf"[a-z]+|[0-9]+|[{HAN}]+")  # on normalised text: letters, digits and Chinese, apart
_ABBREVIATION = re.compile(r"(?=.*[a-z])[a-z0-9]{2,3}")
_MAX_TOKENS = 8  # the most tokens a term may span in a text


def normalize(text: str) -> str:
    """Width- and case-insensitive form: NFKC, then case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def key(term: str) -> str:
    """What two spellings of a term share: letters, digits and Chinese characters only (see module doc)."""
    return "".join(TOKEN.findall(normalize(term)))


def is_abbreviation(term_key: str) -> bool:
    """A short Latin abbreviation (DP, SD, MLA): it matches only a whole token, never a word's start."""
    return _ABBREVIATION.fullmatch(term_key) is not None


def _tag_groups(catalog: Catalog) -> list[list[str]]:
    return [[tag.id, tag.label, *tag.aliases] for tag in catalog.vocabulary.tags]


def _merged(groups: Iterable[list[str]]) -> list[list[str]]:
    """Groups that share a key joined into one (union-find over keys); terms keep their first spelling."""
    parent: dict[str, str] = {}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    spelling: dict[str, str] = {}
    for group in groups:
        keyed = [(term, k) for term in group if (k := key(term))]
        for term, k in keyed:
            spelling.setdefault(k, term)
            parent.setdefault(k, k)
        keys = [k for _, k in keyed]
        for k in keys[1:]:
            parent[root(k)] = root(keys[0])
    out: dict[str, list[str]] = {}
    for k in parent:
        out.setdefault(root(k), []).append(spelling[k])
    return [terms for terms in out.values() if len(terms) > 1]


@dataclass(frozen=True)
class Thesaurus:
    """Synonym groups, each a list of terms; a key belongs to at most one group."""

    groups: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, catalog: Catalog) -> Thesaurus:
        """data/synonyms.yaml's groups merged with every tag's id, label and aliases."""
        return cls(tuple(tuple(g) for g in _merged([*catalog.synonyms.groups, *_tag_groups(catalog)])))

    @cached_property
    def by_key(self) -> dict[str, int]:
        return {key(t): i for i, group in enumerate(self.groups) for t in group}

    @cached_property
    def _sorted_keys(self) -> list[str]:
        return sorted(self.by_key)

    def _starts_a_key(self, run: str) -> bool:
        """Whether some key starts with `run`: the first key not before it in sorted order does.

        (A set of every prefix of every key would grow with the square of a key's length.)"""
        keys = self._sorted_keys
        at = bisect.bisect_left(keys, run)
        return at < len(keys) and keys[at].startswith(run)

    @cached_property
    def abbreviations(self) -> list[str]:
        """Keys of the short Latin abbreviations, which match whole tokens only (sorted)."""
        return sorted(k for k in self.by_key if is_abbreviation(k))

    def groups_in(self, tokens: list[str], words: Iterable[str] = ()) -> set[int]:
        """Groups with a term whose key is a run of consecutive `tokens`, or one of the extra `words`."""
        found = {self.by_key[w] for w in words if w in self.by_key}
        by_key = self.by_key
        for i in range(len(tokens)):
            run = ""
            for token in tokens[i : i + _MAX_TOKENS]:
                run += token
                if not self._starts_a_key(run):
                    break
                if run in by_key:
                    found.add(by_key[run])
        return found
