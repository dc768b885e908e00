"""The issue-13 entry fields through the tools: add, import, fmt, export json and markdown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import reading_fixture
from haowen.catalog.load import load, load_or_exit
from haowen.catalog.urls import KIND_RULES, host_label, kind_of
from haowen.cli import main
from haowen.export.markdown_list import render as markdown
from haowen.io import fastyaml


@pytest.fixture
def fixture_catalog(tmp_path: Path) -> Path:
    return reading_fixture.write(tmp_path / "data")


@pytest.mark.parametrize(("url", "kind"), [
    ("https://github.com/vllm-project/vllm", "repo"),
    ("https://github.com/vllm-project/vllm/tree/main/csrc", "repo"),
    ("https://github.com/vllm-project/vllm/blob/main/README.md", "repo"),  # a code file or folder is the repo's
    ("https://gitee.com/mindspore/mindspore/tree/master/docs", "repo"),
    ("https://gitee.com/mindspore/mindspore", "repo"),
    ("https://arxiv.org/abs/2205.14135", "paper"),
    ("https://openreview.net/forum?id=abc", "paper"),
    ("https://aclanthology.org/2023.acl-long.1", "paper"),
    ("https://proceedings.neurips.cc/paper_files/paper/2022/hash/x", "paper"),
    ("https://proceedings.mlr.press/v202/x.html", "paper"),
    ("https://huggingface.co/papers/2401.00001", "paper"),
    ("https://huggingface.co/docs/transformers", "docs"),
    ("https://huggingface.co/Qwen/Qwen2-7B", "model"),
    ("https://huggingface.co/Qwen/Qwen2-7B/tree/main", "model"),
    ("https://huggingface.co/datasets/m-a-p/Matrix", "dataset"),
    ("https://huggingface.co/spaces/project-baize/Baize-7B", "demo"),
    ("https://huggingface.co/spaces/BlinkDL/RWKV-World-7B/tree/main", "demo"),
    ("https://huggingface.co/collections/m-a-p/neo-models-66395a5c9662bb58d5d70f04", "article"),
    ("https://abc-def.hf.space", "demo"),
    ("https://0123abcd.gradio.live", "demo"),
    ("https://chat.lmsys.org", "demo"),
    ("https://modelscope.cn/studios/qwen/Qwen-VL", "demo"),
    ("https://modelscope.cn/models/qwen/Qwen-7B", "model"),
    ("https://modelscope.cn/datasets/x/y", "dataset"),
    ("https://huggingface.co/blog/moe", "article"),
    ("https://www.bilibili.com/video/BV1xx", "video"),
    ("https://www.youtube.com/watch?v=abc", "video"),
    ("https://youtu.be/abc", "video"),
    ("https://docs.nvidia.com/cuda/cuda-c-programming-guide", "docs"),
    ("https://pytorch.org/docs/stable/fsdp.html", "docs"),
    ("https://zhuanlan.zhihu.com/p/1", "article"),
])
def test_kind_is_inferred_from_the_url(url: str, kind: str) -> None:
    assert kind_of(url) == kind


def test_every_kind_rule_has_a_case_above() -> None:
    hosts = {h for h, _, _ in KIND_RULES}
    tested = {"github.com", "gitee.com", "arxiv.org", "openreview.net", "aclanthology.org", "proceedings.neurips.cc",
              "proceedings.mlr.press", "huggingface.co", "www.bilibili.com", "www.youtube.com", "youtu.be",
              "docs.nvidia.com", "pytorch.org", "*.hf.space", "*.gradio.live", "chat.lmsys.org", "modelscope.cn"}
    assert hosts == tested


def test_host_labels_come_from_one_table_with_the_host_as_fallback() -> None:
    assert host_label("https://mp.weixin.qq.com/s/x") == "微信"
    assert host_label("https://zhuanlan.zhihu.com/p/1") == "知乎"
    assert host_label("https://www.example.org/x") == "example.org"


def _add(catalog: Path, *args: str) -> int:
    return main(["add", *args, "--catalog", str(catalog), "--category", "moe", "--tags", ""])


def _entry_block(text: str, url: str) -> str:
    start = text.index(f"- url: {url}\n")
    end = text.find("\n\n", start)
    return text[start:end if end >= 0 else len(text)]


def test_add_infers_the_kind_and_writes_it_only_for_non_articles(fixture_catalog: Path, capsys) -> None:
    assert _add(fixture_catalog, "https://github.com/org/repo", "--title", "一个库") == 0
    assert "类型：代码库（repo，按网址推断）" in capsys.readouterr().out
    assert _add(fixture_catalog, "https://example.com/post", "--title", "一篇文章") == 0
    text = fixture_catalog.read_text(encoding="utf-8")
    assert "kind: repo" in _entry_block(text, "https://github.com/org/repo")
    assert "kind:" not in _entry_block(text, "https://example.com/post")
    assert main(["validate", "--catalog", str(fixture_catalog)]) == 0


def test_add_kind_option_overrides_the_guess(fixture_catalog: Path) -> None:
    assert _add(fixture_catalog, "https://github.com/org/notes", "--title", "笔记", "--kind", "column") == 0
    assert "kind: column" in _entry_block(fixture_catalog.read_text(encoding="utf-8"), "https://github.com/org/notes")


def test_add_of_a_mirror_names_the_entry_that_holds_it(fixture_catalog: Path, capsys) -> None:
    before = fixture_catalog.read_bytes()
    assert _add(fixture_catalog, "https://mp.weixin.qq.com/s/mirror3?scene=1", "--title", "x") == 1
    err = capsys.readouterr().err
    line = before.decode().split("\n").index("- url: https://zhuanlan.zhihu.com/p/3") + 1
    assert f"links.yaml:{line}: 这是已收录文章的镜像链接" in err and "第 3 篇" in err
    assert fixture_catalog.read_bytes() == before


def test_import_of_a_mirror_adds_nothing_and_says_which_entry_holds_it(fixture_catalog: Path, tmp_path: Path,
                                                                      capsys) -> None:
    md = tmp_path / "list.md"
    md.write_text("# 列表\n\n- [镜像](https://mp.weixin.qq.com/s/mirror3)\n", encoding="utf-8")
    before = fixture_catalog.read_bytes()
    assert main(["import", str(md), "--catalog", str(fixture_catalog)]) == 0
    out = capsys.readouterr().out
    assert "目录中已有 1" in out and "已有（镜像）" in out and "这是已收录文章的镜像链接" in out and "第 3 篇" in out
    assert fixture_catalog.read_bytes() == before


MESSY = """\
- added: 2024-01-01
  note: 备注
  pick: true
  published: 2024-05
  part: 2
  series: cuda-notes
  tags: [triton]
  category: cuda-basics
  kind: article
  title: 第二篇
  mirrors: ['http://mp.weixin.qq.com/s/abc?utm_source=x']
  url: https://zhuanlan.zhihu.com/p/2

- url: https://zhuanlan.zhihu.com/p/1
  title: 第一篇
  category: cuda-basics
  series: cuda-notes
  part: 1
  kind: paper
  published: 2023
  added: 2024-01-01
"""

WANT = """\
- url: https://zhuanlan.zhihu.com/p/1
  title: 第一篇
  kind: paper
  category: cuda-basics
  series: cuda-notes
  part: 1
  published: '2023'
  added: 2024-01-01

- url: https://zhuanlan.zhihu.com/p/2
  mirrors: ['https://mp.weixin.qq.com/s/abc']
  title: 第二篇
  category: cuda-basics
  tags: [triton]
  series: cuda-notes
  part: 2
  pick: true
  published: 2024-05
  note: 备注
  added: 2024-01-01
"""


def test_fmt_writes_the_new_fields_in_canonical_order_and_form(fixture_catalog: Path) -> None:
    fixture_catalog.write_text(MESSY, encoding="utf-8")
    assert main(["fmt", "--catalog", str(fixture_catalog)]) == 0
    assert fixture_catalog.read_text(encoding="utf-8") == WANT
    assert main(["fmt", "--check", "--catalog", str(fixture_catalog)]) == 0
    assert load(fixture_catalog)[1] == []
    assert fastyaml.read(fixture_catalog, WANT) is not None  # fmt's layout of the new fields takes the fast path


def test_links_json_carries_the_new_fields(fixture_catalog: Path, capsys) -> None:
    assert main(["export", "json", "--catalog", str(fixture_catalog)]) == 0
    links = {item["url"]: item for item in json.loads(capsys.readouterr().out)["links"]}
    assert all(item["kind"] for item in links.values()) and links["https://zhuanlan.zhihu.com/p/8"]["kind"] == "article"
    third = links["https://zhuanlan.zhihu.com/p/3"]
    assert (third["series"], third["part"], third["published"], third["mirrors"]) == \
        ("cuda-notes", 1, "2023-05", ["https://mp.weixin.qq.com/s/mirror3"])
    assert links["https://zhuanlan.zhihu.com/p/1"]["pick"] is True and third["pick"] is False
    assert links["https://zhuanlan.zhihu.com/p/4"]["published"] == "2022-02-03"
    assert "series" not in links["https://zhuanlan.zhihu.com/p/8"]


def test_markdown_list_labels_non_articles(fixture_catalog: Path) -> None:
    text = markdown(load_or_exit(fixture_catalog))
    assert "- 〔代码库〕[第 2 篇](<https://zhuanlan.zhihu.com/p/2>)" in text
    assert "- 〔论文〕[第 4 篇]" in text and "- [第 8 篇]" in text
    assert not re.search(r"〔文章〕", text)
