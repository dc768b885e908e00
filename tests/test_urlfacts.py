"""What a URL and title state, filled into new entries (issue 25): dates, lang: en; and the catalogue has them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from haowen.catalog.load import load
from haowen.catalog.model import Link
from haowen.catalog.urlfacts import with_url_facts
from haowen.catalog.urls import english
from haowen.catalog.urltime import url_published
from haowen.cli import main
from haowen.editing.entrytext import entry_text

ROOT = Path(__file__).resolve().parent.parent


def _link(url: str, title: str = "某篇文章", **extra: object) -> Link:
    return Link(url=url, title=title, category="basics", added=dt.date(2024, 5, 10), **extra)


@pytest.mark.parametrize(("title", "url", "expected"), [
    ("Multi-Head Mixture-of-Experts", "https://arxiv.org/abs/2404.15045", True),
    ("Extrinsic Hallucinations in LLMs", "https://lilianweng.github.io/posts/2024-07-07-hallucination", True),
    ("FlashAttention 原理", "https://example.com/x", False),  # CJK in the title
    ("FlashAttention v2 explained", "https://zhuanlan.zhihu.com/p/1", False),  # a Chinese site
    ("FlashAttention v2 explained", "https://mp.weixin.qq.com/s/x", False),
    ("LLM inference notes", "https://blog.csdn.net/u/article/details/1", False),
    ("Triton tutorial", "https://example.cn/x", False),  # any .cn host
    ("GPTQ", "https://example.com/x", False),  # one word says too little
    ("「Attention Is All You Need」", "https://example.com/x", False),  # full-width brackets are CJK punctuation
])
def test_english_only_when_title_and_site_say_so(title: str, url: str, expected: bool) -> None:
    assert english(title, url) is expected


def test_new_entries_get_the_date_their_url_states_and_lang_en() -> None:
    link = with_url_facts(_link("https://x.com/jxmnop/status/1800292343343693934", "here is my curated list"))
    assert link.published == dt.date(2024, 6, 10) and link.lang == "en"
    paper = with_url_facts(_link("https://arxiv.org/abs/2404.15045"))
    assert paper.published == "2024-04" and paper.lang is None


def test_what_the_entry_says_is_kept() -> None:
    link = _link("https://arxiv.org/abs/2404.15045", "Multi-Head Mixture-of-Experts", published="2024-05-01", lang="zh")
    assert with_url_facts(link) == link
    plain = _link("https://mp.weixin.qq.com/s/abc")
    assert with_url_facts(plain) is plain  # nothing stated, nothing invented


def test_a_date_read_for_both_published_and_added_is_written_out_twice() -> None:
    day = dt.date(2024, 5, 10)
    text = entry_text(_link("https://twitter.com/a/status/1788874345927889203", published=day))
    assert "published: 2024-05-10" in text and "added: 2024-05-10" in text and "*" not in text


def test_every_date_the_catalogue_urls_state_is_in_published() -> None:
    catalog, problems = load(ROOT / "data/links.yaml")
    assert not problems
    stated = [(link, url_published(link.url)) for link in catalog.links]
    stated = [(link, day) for link, day in stated if day is not None]
    assert len(stated) >= 16
    assert [link.url for link, _ in stated if link.published is None] == []
    english_titles = [link for link in catalog.links if english(link.title, link.url)]
    assert english_titles and all(link.lang == "en" for link in english_titles)


def _entries(path: Path) -> dict[str, dict[str, object]]:
    return {e["url"]: e for e in yaml.safe_load(path.read_text(encoding="utf-8"))}


def test_add_writes_the_date_and_language_the_url_and_title_state(data_copy: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    url = "https://lilianweng.github.io/posts/2024/07/07/hallucination"
    assert main(["add", url, "--title", "Extrinsic Hallucinations in LLMs", "--category", "evaluation",
                 "--tags", "", "--catalog", str(data_copy)]) == 0
    entry = _entries(data_copy)[url]
    assert entry["published"] == dt.date(2024, 7, 7) and entry["lang"] == "en"
    assert "发表日期：2024-07-07（网址里写明的）" in capsys.readouterr().out
    assert main(["validate", "--catalog", str(data_copy)]) == 0


def test_import_writes_the_date_the_url_states(data_copy: Path, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("# 推理\n\n- [论文：Speculative Decoding 综述](https://arxiv.org/abs/2401.07851)\n"
                  "- [推文：新模型发布了](https://x.com/a/status/1790379121719361776)\n", encoding="utf-8")
    assert main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", str(md)]) == 0
    entries = _entries(data_copy)
    assert entries["https://arxiv.org/abs/2401.07851"]["published"] == "2024-01"
    assert entries["https://x.com/a/status/1790379121719361776"]["published"] == dt.date(2024, 5, 14)
    assert "lang" not in entries["https://x.com/a/status/1790379121719361776"]
