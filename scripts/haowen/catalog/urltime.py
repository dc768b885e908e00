"""What a URL itself says about when its page was written: stated dates, and ids that grow with time.

Two tables hold all per-host knowledge (tests/test_urltime.py has a case for each row):

* DATE_RULES: URLs that state a date — arXiv ids (YYMM), X/Twitter status ids (snowflake: the id
  holds its creation time), and dated blog paths (/YYYY/MM/DD/ or /YYYY/MM/) on any host.
  `haowen add`, import and the catalogue's one-off pass fill `published` from it; nothing is estimated.
* GROWING_IDS: hosts whose article ids only grow (a later article has a larger number), so the site can
  order undated entries of one host newest first without claiming any date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from urllib.parse import urlsplit

Published = dt.date | str  # a full date, or "YYYY-MM"

_FIRST_YEAR = 1990  # no dated path or arXiv id before the web of these articles
_SNOWFLAKE_EPOCH_MS = 1288834974657  # Twitter's snowflake epoch (2010-11-04T01:42:54.657Z)
_SNOWFLAKE_MIN = 1 << 40  # smaller status ids predate snowflake and carry no time


def _arxiv_month(m: re.Match[str]) -> Published | None:
    """An arXiv id's YYMM (new ids since 2007: 2404.10830; old: cs/0701001) as "YYYY-MM"."""
    yy, month = int(m.group("yy")), int(m.group("mm"))
    year = 1900 + yy if yy >= 91 else 2000 + yy
    return f"{year}-{month:02d}" if 1 <= month <= 12 else None


def _snowflake_day(m: re.Match[str]) -> Published | None:
    """The UTC day a snowflake status id was made."""
    status = int(m.group("id"))
    if status < _SNOWFLAKE_MIN:
        return None
    ms = (status >> 22) + _SNOWFLAKE_EPOCH_MS
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).date()


def _path_date(m: re.Match[str]) -> Published | None:
    """/YYYY/MM/DD/ as a date, /YYYY/MM/ as "YYYY-MM"; None unless it is a real, plausible date."""
    year, month = int(m.group("y")), int(m.group("m"))
    if not _FIRST_YEAR <= year <= dt.date.today().year or not 1 <= month <= 12:
        return None
    if m.group("d") is None:
        return f"{year}-{month:02d}"
    try:
        return dt.date(year, month, int(m.group("d")))
    except ValueError:
        return None


_ARXIV = r"^/(?:abs|pdf|html)/(?:[a-z\-]+(?:\.[A-Z]{2})?/)?(?P<yy>\d{2})(?P<mm>\d{2})[.\d]"
_STATUS = r"^/[^/]+/status(?:es)?/(?P<id>\d{1,20})(?:/|$)"
_DATED_PATH = r"/(?P<y>\d{4})/(?P<m>\d{2})(?:/(?P<d>\d{2}))?(?:/|$)"  # the first such pair of folders

# (host, or "*" for any host; path pattern, searched; reader of the match).  The first row whose host
# and path match decides; a reader may still find no date (None).
DATE_RULES: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], Published | None]], ...] = tuple(
    (h, re.compile(p), f) for h, p, f in (
        ("arxiv.org", _ARXIV, _arxiv_month),
        ("papers.cool", r"^/arxiv/(?P<yy>\d{2})(?P<mm>\d{2})\.\d{4,5}(?:v\d+)?$", _arxiv_month),
        ("huggingface.co", r"^/papers/(?P<yy>\d{2})(?P<mm>\d{2})\.\d{4,5}$", _arxiv_month),
        ("x.com", _STATUS, _snowflake_day),
        ("twitter.com", _STATUS, _snowflake_day),
        ("mobile.twitter.com", _STATUS, _snowflake_day),
        ("github.com", r"^", lambda m: None),  # code paths: a folder named 2024/05 is no date
        ("gitee.com", r"^", lambda m: None),
        ("*", _DATED_PATH, _path_date),
    ))

# Hosts whose article ids grow with time: (host, path pattern with the id as group "id").  Ids are
# compared only within one row, as numbers.
GROWING_IDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((h, re.compile(p)) for h, p in (
    ("zhuanlan.zhihu.com", r"/p/(?P<id>\d{1,20})"),
    ("www.zhihu.com", r"/question/\d+/answer/(?P<id>\d{1,20})"),
    ("blog.csdn.net", r"/[^/]+/article/details/(?P<id>\d{1,20})"),
    ("www.cnblogs.com", r"/[^/]+/p/(?P<id>\d{1,20})(?:\.html)?"),
    ("juejin.cn", r"/post/(?P<id>\d{1,20})"),
))


def _host_path(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.path or "/"


def url_published(url: str) -> Published | None:
    """The publication date (or month) `url` states, by DATE_RULES; None when it states none."""
    name, path = _host_path(url)
    for rule_host, pattern, read in DATE_RULES:
        if rule_host in (name, "*"):
            m = pattern.search(path)
            if m:
                return read(m)
    return None


def growing_id(url: str) -> tuple[int, int] | None:
    """(row of GROWING_IDS, article id) for a URL whose id grows with time; None for any other URL."""
    name, path = _host_path(url)
    for row, (rule_host, pattern) in enumerate(GROWING_IDS):
        if rule_host == name:
            m = pattern.fullmatch(path)
            if m:
                return row, int(m.group("id"))
    return None
