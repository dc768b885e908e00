"""What the plugin needs around it, checked when MkDocs reads mkdocs.yml: a stated error instead of a crash
later (a KeyError deep in the search index) or a silently different site (an alphabetical nav)."""

from __future__ import annotations

from collections.abc import Container
from importlib.metadata import PackageNotFoundError, version

from mkdocs.exceptions import PluginError
from packaging.specifiers import SpecifierSet

# The header search is Material's search markup driven by our own script (theme/partials/search.html): it
# relies on Material's header including that partial while Material's `search` plugin is on, on the `__search`
# toggle that opens the overlay and on the `md-search*` classes. 9.7.x and 9.8.x are tested.
# pyproject.toml asks for the same range (tests/test_material.py keeps the two equal).
MATERIAL_RANGE = SpecifierSet(">=9.7,<9.9")
NAV_PLUGIN = "awesome-nav"  # orders the nav by the taxonomy from the generated .nav.yml


def check_material() -> None:
    """PluginError unless the installed mkdocs-material is inside MATERIAL_RANGE."""
    try:
        installed = version("mkdocs-material")
    except PackageNotFoundError:
        installed = "（未安装）"
    if installed not in MATERIAL_RANGE:
        raise PluginError(f"haowen 插件支持 mkdocs-material {MATERIAL_RANGE}（测试过 9.7.x 和 9.8.x），"
                          f"现在装的是 {installed}：请运行 pip install 'mkdocs-material{MATERIAL_RANGE}'")


def check_nav_plugin(plugins: Container[str]) -> None:
    """PluginError unless mkdocs.yml lists the nav plugin (without it the nav silently turns alphabetical)."""
    if NAV_PLUGIN not in plugins:
        raise PluginError(f"mkdocs.yml 的 plugins 里没有 {NAV_PLUGIN}：没有它导航会按字母排序，而不是按分类顺序。"
                          f"请在 plugins 里加上 - {NAV_PLUGIN}（pip install mkdocs-awesome-nav）")


def check_search_plugin(plugins: Container[str]) -> None:
    """PluginError unless Material's search plugin is on: only then does its header include the search box."""
    if "material/search" not in plugins:
        raise PluginError("mkdocs.yml 需要启用 search 插件：Material 只在它启用时显示搜索框（搜索本身由 haowen 插件提供）")
