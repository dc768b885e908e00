"""What every page renderer gets: the catalogue, link health marks and URLs between pages."""

from __future__ import annotations

import functools
import hashlib
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from mkdocs.utils import get_relative_url

from haowen.catalog.load import Catalog
from haowen.catalog.model import Link
from haowen.catalog.status import DeadMark, dead_marks
from haowen.catalog.synonyms import Thesaurus
from haowen.catalog.urls import canonical
from haowen.site.deferred import Deferred

REPO_URL = "https://github.com/haowen-cn/haowen"
SUGGEST_URL = f"{REPO_URL}/issues/new?template=suggest-link.yml"

# Links per page of a category or tag: a page this size stays well under 150 KB compressed.
LINKS_PER_PAGE = 500  # default of the plugin option page_size: links per category or tag page


def page_url(path: str, directory_urls: bool) -> str:
    """The site URL (relative to the site root) of the page or file at docs path `path`."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if posixpath.basename(stem) == "index" and directory_urls:
        folder = posixpath.dirname(stem)
        return folder + "/" if folder else ""
    return stem + "/" if directory_urls else stem + ".html"


@functools.lru_cache(maxsize=1 << 18)
def url_anchor(url: str) -> str:
    return "l-" + hashlib.sha1(canonical(url).encode()).hexdigest()[:10]


def anchor(link: Link) -> str:
    """A stable HTML id for `link`: derived from its canonical URL, so edits to the title keep it."""
    return url_anchor(link.url)


class PageClash(Exception):
    """Two generated pages want one path (the plugin turns it into a build error)."""


@dataclass
class Site:
    """The build's view of the catalogue, shared by all renderers."""

    catalog: Catalog
    directory_urls: bool = True
    dead: dict[str, DeadMark] = field(default_factory=dict)
    site_url: str | None = None
    page_size: int = LINKS_PER_PAGE
    deferred: Deferred = field(default_factory=Deferred)
    _hrefs: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    # entry.py's caches for this build: each link's HTML around its tags (by id, heading level and
    # whether it carries its series line and marks), and each tag's link on each page.
    entry_parts: dict[tuple[int, int, bool], tuple[str, str, str]] = field(default_factory=dict, repr=False)
    tag_links: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    # The category page of every link (by id), worked out on first use (reading.home_of).
    homes: dict[int, str] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, catalog: Catalog, directory_urls: bool = True, site_url: str | None = None,
           page_size: int = LINKS_PER_PAGE) -> Site:
        return cls(catalog, directory_urls, dead_marks(catalog), site_url, page_size)

    @functools.cached_property
    def thesaurus(self) -> Thesaurus:
        """The synonym groups search and the finder expand links with."""
        return Thesaurus.of(self.catalog)

    def href(self, src: str, dst: str, fragment: str = "") -> str:
        """Relative URL from the page at docs path `src` to docs path `dst` (plus `#fragment`)."""
        key = (src, dst)
        url = self._hrefs.get(key)
        if url is None:
            here = page_url(src, self.directory_urls) or "./"
            there = page_url(dst, self.directory_urls) or "./"
            url = self._hrefs[key] = get_relative_url(there, here)
        return url + (f"#{fragment}" if fragment else "")

    def dead_mark(self, link: Link) -> DeadMark | None:
        """The 可能失效 mark of `link`, if `haowen check` confirmed it dead."""
        return self.dead.get(canonical(link.url)) if self.dead else None

    @staticmethod
    def doc_link(src: str, dst: str) -> str:
        """Relative docs path from `src` to `dst`, for a Markdown link that MkDocs checks and converts."""
        return posixpath.relpath(dst, posixpath.dirname(src) or ".")

    def defer(self, page: str, make_html: Callable[[], str]) -> str:
        """Markdown marking where `make_html()` goes on `page` once Markdown has run (see deferred.py)."""
        return self.deferred.add(page, make_html)
