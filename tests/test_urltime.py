"""What a URL says about time (catalog/urltime.py): a case for each row of DATE_RULES and GROWING_IDS."""

from __future__ import annotations

import datetime as dt

import pytest

from haowen.catalog.urltime import DATE_RULES, GROWING_IDS, growing_id, url_published

D = dt.date

CASES = [
    ("https://arxiv.org/abs/2404.15045", "2024-04"),
    ("https://arxiv.org/abs/cs/9912001", "1999-12"),
    ("https://papers.cool/arxiv/2404.10830", "2024-04"),
    ("https://huggingface.co/papers/2311.09677", "2023-11"),
    ("https://x.com/CaimingXiong/status/1790379121719361776", D(2024, 5, 14)),
    ("https://twitter.com/gui_penedo/status/1781953413938557276", D(2024, 4, 21)),
    ("https://mobile.twitter.com/a/status/1800292343343693934", D(2024, 6, 10)),
    ("https://github.com/org/repo/tree/main/2024/05/01", None),
    ("https://gitee.com/org/repo/2023/01", None),
    ("https://fazzie-key.cool/2022/01/23/ddp", D(2022, 1, 23)),
    ("https://blog.research.google/2022/11/mixture-of-experts-with-expert-choice.html", "2022-11"),
]


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_dates_the_url_states(url: str, expected: object) -> None:
    assert url_published(url) == expected


def test_every_date_rule_has_a_case() -> None:
    hosts = {h for h, _, _ in DATE_RULES} - {"*"}
    assert hosts <= {url.split("/")[2] for url, _ in CASES}


@pytest.mark.parametrize("url", [
    "https://zhuanlan.zhihu.com/p/2023",  # a number, not a dated path
    "https://example.com/2024/13/x",  # no 13th month
    "https://example.com/2024/02/30/x",  # no such day
    "https://example.com/1850/01/x",  # before the web
    "https://example.com/9999/01/x",  # in the future
    "https://x.com/a/status/20",  # before snowflake ids held a time
    "https://arxiv.org/abs/2413.00001",  # no 13th month
    "https://mp.weixin.qq.com/s/abc",
])
def test_no_date_is_invented(url: str) -> None:
    assert url_published(url) is None


@pytest.mark.parametrize(("url", "row", "number"), [
    ("https://zhuanlan.zhihu.com/p/613196255", 0, 613196255),
    ("https://www.zhihu.com/question/498271491/answer/3052744672", 1, 3052744672),
    ("https://blog.csdn.net/u/article/details/13512", 2, 13512),
    ("https://www.cnblogs.com/name/p/17812345.html", 3, 17812345),
    ("https://juejin.cn/post/7312345", 4, 7312345),
])
def test_growing_ids_compare_within_their_host(url: str, row: int, number: int) -> None:
    assert growing_id(url) == (row, number)
    assert GROWING_IDS[row][0] == url.split("/")[2]


def test_other_urls_have_no_growing_id() -> None:
    assert growing_id("https://mp.weixin.qq.com/s/abc") is None
    assert growing_id("https://zhuanlan.zhihu.com/p/abc") is None
