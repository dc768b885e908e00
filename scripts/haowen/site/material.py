"""The Material for MkDocs versions the theme overrides (site/theme/) were tested with, checked at build time.

The header search is Material's search markup driven by our own script (theme/partials/search.html):
it relies on Material's header including that partial when Material's `search` plugin is on, on the
`__search` toggle that opens the overlay, and on the `md-search*` classes.  Outside the tested versions
the build stops with a message instead of shipping a search box that may not open.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

TESTED = ((9, 5), (10, 0))  # at least the first, below the second


def _parsed(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".")[:2] if p.isdigit())


def check_material(config: MkDocsConfig) -> None:
    """Stop the build unless a tested Material version runs with its search plugin on."""
    try:
        found = version("mkdocs-material")
    except PackageNotFoundError:
        raise PluginError("haowen 插件需要 mkdocs-material 主题：pip install 'mkdocs-material>=9.5,<10'") from None
    low, high = TESTED
    if not low <= _parsed(found) < high:
        raise PluginError(f"mkdocs-material {found} 未经测试：站内搜索替换了它的搜索框（theme/partials/search.html），"
                          "只在 9.5 ≤ 版本 < 10 上验证过；请安装 'mkdocs-material>=9.5,<10'，"
                          "或在新版本上跑浏览器测试后放宽 haowen/site/material.py 的 TESTED")
    if "material/search" not in config.plugins:
        raise PluginError("mkdocs.yml 需要启用 search 插件：Material 只在它启用时显示搜索框（搜索本身由 haowen 插件提供）")
