"""What every page renderer gets: the catalogue, link health marks and URLs between pages."""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field

from mkdocs.utils import get_relative_url

from ..catalog import Catalog
from ..linkstatus import DeadMark, dead_marks
from ..model import Link
from ..urls import canonical

REPO_URL = "https://github.com/haowen-cn/haowen"
SUGGEST_URL = f"{REPO_URL}/issues/new?template=suggest-link.yml"


def page_url(path: str, directory_urls: bool) -> str:
    """The site URL (relative to the site root) of the page or file at docs path `path`."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if posixpath.basename(stem) == "index" and directory_urls:
        folder = posixpath.dirname(stem)
        return folder + "/" if folder else ""
    return stem + "/" if directory_urls else stem + ".html"


def anchor(link: Link) -> str:
    """A stable HTML id for `link`: derived from its canonical URL, so edits to the title keep it."""
    return "l-" + hashlib.sha1(canonical(link.url).encode()).hexdigest()[:10]


@dataclass
class Site:
    """The build's view of the catalogue, shared by all renderers."""

    catalog: Catalog
    directory_urls: bool = True
    dead: dict[str, DeadMark] = field(default_factory=dict)
    site_url: str | None = None

    @classmethod
    def of(cls, catalog: Catalog, directory_urls: bool = True, site_url: str | None = None) -> Site:
        return cls(catalog, directory_urls, dead_marks(catalog), site_url)

    def href(self, src: str, dst: str, fragment: str = "") -> str:
        """Relative URL from the page at docs path `src` to docs path `dst` (plus `#fragment`)."""
        here = page_url(src, self.directory_urls) or "./"
        there = page_url(dst, self.directory_urls) or "./"
        return get_relative_url(there, here) + (f"#{fragment}" if fragment else "")

    @staticmethod
    def doc_link(src: str, dst: str) -> str:
        """Relative docs path from `src` to `dst`, for a Markdown link that MkDocs checks and converts."""
        return posixpath.relpath(dst, posixpath.dirname(src) or ".")
