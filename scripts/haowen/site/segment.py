"""Chinese word segmentation for the search index: jieba with the catalogue's domain terms."""

from __future__ import annotations

import logging
from pathlib import Path

import jieba

# Beside links.yaml: one term a line (`词 [词频] [词性]`, jieba's user dictionary format).
SEARCH_DICT = "search_dict.txt"


def load_user_dict(path: Path) -> None:
    """Teach jieba (which Material's search plugin uses) the terms in `path`, if it exists."""
    jieba.setLogLevel(logging.WARNING)
    if path.exists():
        jieba.load_userdict(str(path))
