"""The synonym groups a link touches: what its title, note and tags say, in every spelling of the table.

A link is found by any term of a group its text touches (data/synonyms.yaml and the tag aliases, see
catalog/synonyms.py): the index gives it one `~g<n>` token per group and field (index.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from haowen.catalog.model import Link
from haowen.catalog.synonyms import Thesaurus, is_abbreviation
from haowen.site.context import Site
from haowen.site.search.segment import sub_words, tokens


def touched(thesaurus: Thesaurus, parts: Iterable[str]) -> set[int]:
    """The groups `parts` (texts, matched one by one) touch: by whole jieba tokens, by the head and tail
    words of Chinese compounds, and "llm" for "LLMs" (abbreviations match whole words only)."""
    groups: set[int] = set()
    for part in parts:
        toks = tokens(part)
        subs = [w for t in toks if not t.isascii() for w in sub_words(t)]
        stems = [t[:-1] for t in toks if t.endswith("s") and is_abbreviation(t[:-1]) and t[:-1] in thesaurus.by_key]
        groups |= thesaurus.groups_in(toks, [*subs, *stems])
    return groups


def tag_texts(site: Site, link: Link) -> list[str]:
    """What a link's tags say: their ids and labels."""
    return [*link.tags, *(site.catalog.tag_label(t) for t in link.tags)]


def link_groups(site: Site, link: Link) -> set[int]:
    """The synonym groups `link`'s title, note and tags touch."""
    return touched(site.thesaurus, [link.title, *([link.note] if link.note else []), *tag_texts(site, link)])
