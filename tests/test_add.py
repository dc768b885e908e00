"""`haowen add` on a copy of the real data, fetching titles from a server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from haowen.catalog.clock import china_today
from haowen.catalog.load import load
from haowen.cli import main
from pagesite import serve_pages

PAGES = {
    "/flash": (200, '<meta property="og:title" content="FlashAttention 原理与实现 - 知乎">'),
    "/blocked": (403, "<title>403</title>"),
    "/cloudflare": (200, "<title>Just a moment...</title><p>Checking your browser</p>"),
}


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_pages(PAGES) as base:
        yield base


@pytest.fixture
def canonical_copy(data_copy: Path) -> Path:
    """The data copy after `haowen fmt`, so that one added entry is the whole diff."""
    assert main(["fmt", "--catalog", str(data_copy)]) == 0
    return data_copy


def _add(catalog: Path, *args: str) -> int:
    return main(["add", *args, "--catalog", str(catalog), "--timeout", "2"])


def _inserted(before: str, after: str) -> str:
    """The text `after` has in addition to `before`, checking nothing else changed."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    head = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    extra = len(new) - len(old)
    assert extra > 0 and new[:head] + new[head + extra:] == old
    return "".join(new[head:head + extra])


def test_add_fetches_title_and_inserts_one_entry_at_its_place(canonical_copy: Path, site: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    before = canonical_copy.read_text(encoding="utf-8")
    assert _add(canonical_copy, site + "/flash?utm_source=wechat", "--note", "讲得清楚") == 0
    after = canonical_copy.read_text(encoding="utf-8")
    block = _inserted(before, after)
    assert "title: FlashAttention 原理与实现\n" in block
    assert f"url: {site}/flash\n" in block  # a port is no evidence of https: the scheme is kept
    assert "category: attention-kernels" in block and "tags: [flashattention]" in block
    assert f"added: {china_today().isoformat()}" in block  # the date in China, as every date in data/
    out = capsys.readouterr().out
    assert "建议分类：attention-kernels" in out and "已添加：" in out
    assert main(["fmt", "--check", "--catalog", str(canonical_copy)]) == 0
    assert main(["validate", "--catalog", str(canonical_copy)]) == 0


def test_existing_article_is_refused_with_its_line(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog, _ = load(data_copy)
    entry = catalog.entries[3]
    before = data_copy.read_bytes()
    assert _add(data_copy, entry.link.url + "?utm_medium=x#part2", "--title", "x") == 1
    err = capsys.readouterr().err
    assert f"links.yaml:{entry.line}: 已经收录了这篇文章：{entry.link.title}" in err
    assert data_copy.read_bytes() == before


def test_blocked_site_asks_for_a_title_and_writes_nothing(data_copy: Path, site: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = data_copy.read_bytes()
    assert _add(data_copy, site + "/blocked") == 1
    err = capsys.readouterr().err
    assert "HTTP 403" in err and "--title" in err
    assert data_copy.read_bytes() == before


def test_given_title_category_and_tag_aliases(canonical_copy: Path) -> None:
    before = canonical_copy.read_text(encoding="utf-8")
    assert _add(canonical_copy, "https://example.com/moe-notes", "--title", "笔记 - 掘金",
                "--category", "moe", "--tags", "专家模型，RWKV") == 0
    block = _inserted(before, canonical_copy.read_text(encoding="utf-8"))
    assert "title: 笔记\n" in block and "category: moe\n" in block and "tags: [moe, rwkv]\n" in block


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--category", "attenton"], "未知分类 “attenton”（是不是 “attention”？）"),
        (["--category", "moe", "--tags", "rwkvv"], "未知标签 “rwkvv”"),
    ],
)
def test_mistakes_are_refused_before_writing(data_copy: Path, args: list[str], message: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    before = data_copy.read_bytes()
    assert _add(data_copy, "https://example.com/new", "--title", "无关的标题 xyz", *args) == 1
    assert message in capsys.readouterr().err
    assert data_copy.read_bytes() == before


def test_not_a_web_link(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _add(data_copy, "ftp://example.com/a", "--title", "x", "--category", "moe") == 1
    assert "只接受 http 或 https 链接" in capsys.readouterr().err


@pytest.mark.parametrize(("url", "message"), [("https://example.com:99999/a", "端口号无效"),
                                            ("https://example.com:-1/a", "端口号无效"),
                                            ("https://./a", "链接缺少主机名"), ("https://%20/a", "主机名 “%20” 无效")])
def test_bad_host_or_port_is_refused(data_copy: Path, url: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = data_copy.read_bytes()
    assert _add(data_copy, url, "--title", "x", "--category", "moe") == 1
    assert message in capsys.readouterr().err
    assert data_copy.read_bytes() == before


def test_added_ip_literal_is_a_url_fmt_and_validate_accept(canonical_copy: Path) -> None:
    # a public address (a private one is refused: tests/test_private_addresses.py)
    assert _add(canonical_copy, "http://[2606:4700:0::1111]/notes/", "--title", "笔记", "--category", "moe") == 0
    assert "- url: https://[2606:4700::1111]/notes\n" in canonical_copy.read_text(encoding="utf-8")
    assert main(["fmt", "--check", "--catalog", str(canonical_copy)]) == 0
    assert main(["validate", "--catalog", str(canonical_copy)]) == 0


@pytest.mark.parametrize("other", ["https://ｅｘａｍｐｌｅ.com/moe-notes", "https://exa%6Dple.com/moe-%6Eotes/"])
def test_another_spelling_of_an_added_url_is_refused(canonical_copy: Path, other: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert _add(canonical_copy, "https://example.com/moe-notes", "--title", "笔记", "--category", "moe") == 0
    before = canonical_copy.read_bytes()
    assert _add(canonical_copy, other, "--title", "笔记", "--category", "moe") == 1
    assert "已经收录了这篇文章：笔记" in capsys.readouterr().err
    assert canonical_copy.read_bytes() == before


@pytest.mark.parametrize("other", ["https://github.com/BlinkDL/RWKV-LM.git", "https://github.com/BlinkDL/RWKV-LM?tab=readme-ov-file",
                                   "https://www.github.com/BlinkDL/RWKV-LM/tree/main/"])
def test_another_form_of_a_catalogued_repository_is_refused(canonical_copy: Path, other: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    before = canonical_copy.read_bytes()
    assert _add(canonical_copy, other, "--title", "RWKV", "--category", "moe") == 1
    assert "已经收录了这篇文章" in capsys.readouterr().err
    assert canonical_copy.read_bytes() == before


def test_comments_stay_where_they_were(data_copy: Path) -> None:
    text = data_copy.read_text(encoding="utf-8")
    marked = text.replace("\n- url:", "\n# 维护者备注：保留\n- url:", 1)
    data_copy.write_text(marked, encoding="utf-8")
    assert _add(data_copy, "https://example.com/x", "--title", "RWKV 新进展", "--category", "rwkv") == 0
    after = data_copy.read_text(encoding="utf-8")
    _inserted(marked, after)


def test_an_unclear_title_is_added_with_its_best_guess_marked_for_review(
        data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = data_copy.read_text(encoding="utf-8")
    assert _add(data_copy, "https://example.com/new", "--title", "无关的标题 xyz") == 0
    block = _inserted(before, data_copy.read_text(encoding="utf-8"))
    assert "review: true\n" in block and "category: resources" not in block
    assert "把握不足" in capsys.readouterr().out


def test_a_given_category_is_never_marked_for_review(data_copy: Path) -> None:
    before = data_copy.read_text(encoding="utf-8")
    assert _add(data_copy, "https://example.com/new", "--title", "无关的标题 xyz", "--category", "moe") == 0
    assert "review:" not in _inserted(before, data_copy.read_text(encoding="utf-8"))


def _exclude(data_copy: Path, url: str) -> None:
    path = data_copy.parent / "excluded.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"  - url: {url}\n    reason: 与主题无关的广告\n", encoding="utf-8")


def test_an_excluded_link_is_refused_with_its_reason(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _exclude(data_copy, "https://example.com/ad")
    before = data_copy.read_bytes()
    assert _add(data_copy, "https://EXAMPLE.com/ad/", "--title", "广告", "--category", "moe") == 1
    err = capsys.readouterr().err
    assert "已被移出目录（与主题无关的广告）" in err and "excluded.yaml" in err
    assert data_copy.read_bytes() == before


def test_an_unsure_guess_of_the_catch_all_gives_way_to_the_runner_up(
        data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = data_copy.read_text(encoding="utf-8")
    # Words of the catch-all's own entries (collections, reading lists), but nothing decisive.
    assert _add(data_copy, "https://example.com/list", "--title", "资料合集 杂谈") == 0
    block = _inserted(before, data_copy.read_text(encoding="utf-8"))
    assert "category: resources" not in block and "review: true" in block


def test_a_verification_page_named_in_check_yaml_asks_for_a_title(data_copy: Path, site: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    before = data_copy.read_bytes()
    assert _add(data_copy, site + "/cloudflare") == 1
    err = capsys.readouterr().err
    assert "验证页面（“Just a moment...”）" in err and "--title" in err
    assert data_copy.read_bytes() == before
