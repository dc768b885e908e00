"""Page renderers: each module's `render(site) -> {docs path: text}` adds files to the site.

To add a page kind, write a module with such a `render` and add it to RENDERERS.
"""

from __future__ import annotations

from collections.abc import Callable

from haowen.site.context import Site
from haowen.site.pages import category, discovery, finder, home, nav, reading_paths, recent, stats, tags

Renderer = Callable[[Site], dict[str, str]]

RENDERERS: list[Renderer] = [
    home.render,
    category.render,
    tags.render,
    recent.render,
    nav.render,
    stats.render, finder.render, discovery.render,  # issue 6: 统计, 筛选, feed.xml + links.json
    reading_paths.render,  # issue 13: 学习路线 and the series pages
]
