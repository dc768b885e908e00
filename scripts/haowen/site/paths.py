"""Where each generated page lives in the docs tree (paths relative to docs/)."""

from __future__ import annotations

import re

HOME = "index.md"
RECENT = "recent.md"
TAG_INDEX = "tags/index.md"

_UNSAFE = re.compile(r"[^\w\-]+")


def category_page(category_id: str) -> str:
    return f"categories/{category_id}.md"


def tag_page(tag_id: str) -> str:
    """A tag's page; characters that are awkward in a file name become hyphens."""
    return f"tags/{_UNSAFE.sub('-', tag_id.lower()).strip('-') or 'tag'}.md"
