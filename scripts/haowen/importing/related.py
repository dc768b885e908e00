"""Whether a found link speaks of the catalogue's subject at all: a link whose own words hold no domain term is
marked "可能无关" for review instead of being filed into the nearest category.

Domain terms are what the catalogue itself declares: the taxonomy's keywords, the tags (ids, aliases,
keywords) and the synonym groups, less the generic words of data/import.yaml (部署, 教程, 入门…), which
posts on any subject use.
"""

from __future__ import annotations

from dataclasses import dataclass

from haowen.catalog.load import Catalog
from haowen.catalog.model import ImportRules
from haowen.suggest.tokens import has_keyword

UNRELATED = "可能无关"


@dataclass(frozen=True)
class Domain:
    """The catalogue's domain terms (lower-case)."""

    terms: frozenset[str]

    @classmethod
    def of(cls, catalog: Catalog, rules: ImportRules) -> Domain:
        generic = {w.lower() for w in rules.generic_words}
        found = [k for node in catalog.categories.values() for k in node.keywords]
        found += [t for tag in catalog.vocabulary.tags for t in (tag.id, *tag.aliases, *tag.keywords)]
        found += [t for group in catalog.synonyms.groups for t in group]
        return cls(frozenset(k for k in (t.lower().strip() for t in found) if len(k) >= 2 and k not in generic))

    def speaks_of(self, text: str) -> bool:
        """True when `text` holds a domain term on token boundaries."""
        low = text.lower()
        return any(t in low and has_keyword(text, t) for t in self.terms)
