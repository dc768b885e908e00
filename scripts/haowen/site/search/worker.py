"""Patch Material's search worker in the built site to segment queries with search_query.js."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

QUERY_JS = Path(__file__).with_name("search_query.js")
WORKERS = "assets/javascripts/workers"
MARK = "self.haowenQuery"

# Material's `query = query.replace(/\p{sc=Han}+/gu, value => [...segment(value, index)].join("* "))`.
_SEGMENT_CALL = re.compile(
    r'(\w+)=\1\.replace\(new RegExp\("\\\\p\{sc=Han\}\+","gu"\),(\w+)=>\[\.\.\.\w+\(\2,this\.index\.invertedIndex\)\]'
    r'\.join\("\* "\)\)'
)


def patch_source(source: str) -> str:
    """The worker source with its query segmentation replaced by haowenQuery."""
    if MARK in source:
        return source
    patched, count = _SEGMENT_CALL.subn(r"\1=self.haowenQuery(\1,this.index.invertedIndex)", source)
    if count != 1:
        raise PluginError("Material 的搜索脚本与预期不同，无法接入中文查询分词：请检查 mkdocs-material 的版本")
    return QUERY_JS.read_text(encoding="utf-8") + patched


def patch_site(site_dir: Path) -> None:
    """Patch every search worker script under the built site."""
    workers = sorted((site_dir / WORKERS).glob("search.*.min.js"))
    if not workers:
        raise PluginError(f"在 {site_dir / WORKERS} 找不到 Material 的搜索脚本")
    for path in workers:
        path.write_text(patch_source(path.read_text(encoding="utf-8")), encoding="utf-8")
