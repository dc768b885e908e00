"""The list's own repository: which links are its own files, pages, releases and site, so import leaves them out.

A list kept in a repository links its own files (`blob/…/kernels/rope.cu`, relative links, PDFs it hosts, its
`owner.github.io/repo` site); they are the list, not articles for the catalogue.  The repository is named with
`--own-repo`, else taken from `--base-url`, else inferred from the links (INFER_* below: many links into one
repository's files, and that repository named in the list's first heading or holding a large share of its links).
A link to another repository of the same owner is an entry like any other.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from haowen.importing.markdown import Found

# Where a repository's own things live, per code host: (template of host + path prefix, what they are).
PLACES: dict[str, tuple[tuple[str, str], ...]] = {
    "github.com": (
        ("github.com/{owner}/{name}", "仓库里的文件和页面"),
        ("raw.githubusercontent.com/{owner}/{name}", "仓库托管的文件"),
        ("media.githubusercontent.com/media/{owner}/{name}", "仓库托管的文件"),
        ("cdn.jsdelivr.net/gh/{owner}/{name}", "仓库托管的文件"),
        ("{owner}.github.io/{name}", "仓库的网站"),
    ),
    "gitee.com": (
        ("gitee.com/{owner}/{name}", "仓库里的文件和页面"),
        ("{owner}.gitee.io/{name}", "仓库的网站"),
    ),
    "gitlab.com": (
        ("gitlab.com/{owner}/{name}", "仓库里的文件和页面"),
        ("{owner}.gitlab.io/{name}", "仓库的网站"),
    ),
}
PAGES_SUFFIX = {"github.com": ".github.io", "gitee.com": ".gitee.io", "gitlab.com": ".gitlab.io"}
INFER_MIN_FILES = 5  # links into one repository's files before it can be taken for the list's own
INFER_SHARE = 0.25  # …and either its name is in the list's first heading, or it holds this share of all links
_FILE_PATH = re.compile(r"/([^/]+)/([^/]+)/(?:blob|tree|raw)/", re.I)
_NAME = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")


@dataclass(frozen=True)
class ListRepo:
    """A repository on a code host: `host` (github.com, gitee.com, gitlab.com), `owner`, `name`."""

    host: str
    owner: str
    name: str

    def __str__(self) -> str:
        return f"{self.owner}/{self.name}" if self.host == "github.com" else f"{self.host}/{self.owner}/{self.name}"

    def prefixes(self) -> list[tuple[str, str]]:
        """(lower-case `host/path` prefix, what it is) of every place this repository's own things live, its
        mirrors on the other code hosts included; a user or organisation site repository (`owner.github.io`) is
        the whole site."""
        owner, name = self.owner.lower(), self.name.lower()
        out = [(t.format(owner=owner, name=name), what) for t, what in PLACES[self.host]]
        out += [(f"{host}/{owner}/{name}", "镜像仓库") for host in PLACES if host != self.host]  # gitee/gitlab mirrors
        site = owner + PAGES_SUFFIX[self.host]
        return [(site, what) if p == f"{site}/{site}" else (p, what) for p, what in out]

    def reason(self, url: str) -> str | None:
        """Why `url` is this repository's own (a reason for the import report), or None."""
        host, path = _host_path(url)
        where = f"{host}{path.lower()}"
        for prefix, what in self.prefixes():
            rest = where[len(prefix):] if where.startswith(prefix) else None
            if rest is not None and (not rest or rest[0] == "/" or rest.split("/")[0] == ".git"):
                return f"列表自身的{what}（{self}；要导入请加 --keep-own）"
        return None


def _host_path(url: str) -> tuple[str, str]:
    """The lower-case host of `url` without `www.`, and its path; empty for what urlsplit cannot take apart."""
    try:
        parts = urlsplit(url)
        return (parts.hostname or "").lower().removeprefix("www."), parts.path
    except ValueError:
        return "", ""


def repo_of(url: str) -> ListRepo | None:
    """The repository `url` is in or is the site of (`https://github.com/o/r/blob/…`, `https://o.github.io/r/`),
    else None."""
    host, whole = _host_path(url.strip())
    path = [p for p in whole.split("/") if p]
    if host in PLACES and len(path) >= 2:
        return ListRepo(host, path[0], path[1].removesuffix(".git"))
    for code_host, suffix in PAGES_SUFFIX.items():
        if host.endswith(suffix) and host != suffix[1:]:
            owner = host.removesuffix(suffix)
            return ListRepo(code_host, owner, path[0] if path else host)
    return None


def parse_repo(spec: str) -> ListRepo | None:
    """`owner/name`, `host/owner/name` or a repository URL as a ListRepo; None if it names none."""
    if "://" in spec:
        return repo_of(spec)
    parts = [p for p in spec.strip().split("/") if p]
    if len(parts) == 2:
        return ListRepo("github.com", *parts)
    if len(parts) == 3 and parts[0].lower() in PLACES:
        return ListRepo(parts[0].lower(), parts[1], parts[2])
    return None


def _squashed(text: str) -> str:
    return _NAME.sub("", text.lower())


def infer(urls: Iterable[str], first_heading: str) -> tuple[ListRepo, int] | None:
    """The repository whose files the list links most, with how many, when that looks like the list's own:
    at least INFER_MIN_FILES links into its files, and its name in `first_heading` or INFER_SHARE of all links."""
    counted: Counter[ListRepo] = Counter()
    total = 0
    for url in urls:
        total += 1
        host, path = _host_path(url)
        m = _FILE_PATH.match(path) if host in PLACES else None
        if m:
            counted[ListRepo(host, m.group(1), m.group(2))] += 1
    if not counted:
        return None
    repo, n = counted.most_common(1)[0]
    named = bool(_squashed(repo.name)) and _squashed(repo.name) in _squashed(first_heading)
    if n >= INFER_MIN_FILES and (named or n >= INFER_SHARE * total):
        return repo, n
    return None


def first_heading(found: list[Found]) -> str:
    """The outermost heading the list's first links sit under (usually its title), else ""."""
    return next((f.headings[0] for f in found if f.headings), "")


def list_repo(found: list[Found], named: str | None, base_url: str | None) -> tuple[ListRepo | None, str]:
    """The list's own repository and how it is known: named (`--own-repo`), from the base URL, or inferred."""
    if named:
        return parse_repo(named), "--own-repo"
    base = repo_of(base_url) if base_url else None
    if base is not None:
        return base, "--base-url"
    inferred = infer((f.url for f in found if not f.skipped), first_heading(found))
    if inferred is None:
        return None, ""
    return inferred[0], f"从链接推断：{inferred[1]} 个链接指向它的文件；不对请用 --own-repo 指定"


def leave_out(found: list[Found], repo: ListRepo) -> None:
    """Mark the links of `found` into `repo` (its files, pages, releases, hosted files, site) as skipped."""
    for f in found:
        if not f.skipped:
            f.skipped = repo.reason(f.url)
