"""`haowen import` on list styles written by others: titles from context, nothing dropped uncounted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from haowen.catalog.load import load
from haowen.catalog.urls import canonical
from haowen.cli import main
from haowen.importing.markdown import ANCHOR, GITHUB_NAV, MALFORMED, SELF, Found, read_markdown
from haowen.text.titles import is_placeholder

LISTS = Path(__file__).parent / "fixtures" / "lists"
BASE = "https://github.com/u/r/blob/main/README.md"


@pytest.fixture(scope="module")
def mixed() -> dict[str, Found]:
    return {f.url: f for f in read_markdown((LISTS / "mixed.md").read_text(encoding="utf-8"), BASE)}


def test_paper_table_labels_take_the_title_cell(mixed: dict[str, Found]) -> None:
    for url in ("https://arxiv.org/abs/2306.00978", "https://github.com/mit-han-lab/llm-awq"):
        assert mixed[url].title == "AWQ: Activation-aware Weight Quantization"  # no [pdf], no brackets, no 🔥
    assert mixed["https://github.com/IST-DASLab/gptq"].title == "GPTQ: Accurate Post-Training Quantization"
    assert mixed["https://github.com/IST-DASLab/gptq"].cells == ["2022.10"]  # the other links' labels are no words


def test_name_address_description_items(mixed: dict[str, Found]) -> None:
    item = mixed["https://zhuanlan.zhihu.com/p/700001"]
    assert (item.title, item.note) == ("vLLM 源码解读", "从调度器到 PagedAttention 的实现")


def test_headings_are_cleaned_of_emoji_and_back_links(mixed: dict[str, Found]) -> None:
    assert mixed["https://arxiv.org/abs/2306.00978"].headings == ["Awesome LLM", "Paper List"]


def test_links_in_details_raw_html_and_headings_are_read(mixed: dict[str, Found]) -> None:
    assert mixed["https://zhuanlan.zhihu.com/p/700002"].title == "【SGLang】RadixAttention 解读"
    assert mixed["https://zhuanlan.zhihu.com/p/700003"].title == "FlashAttention 的 IO 感知"  # <p><a href>
    inline = mixed["https://zhuanlan.zhihu.com/p/700005"]  # <a href> inside a list item
    assert (inline.title, inline.note, inline.skipped) == ("量化 INT8 推理", "讲得好", None)
    assert mixed["https://github.com/NVIDIA/TensorRT-LLM"].skipped is None  # a heading's own link


def test_generic_link_text_takes_the_words_beside_it(mixed: dict[str, Found]) -> None:
    assert mixed["https://docs.vllm.ai/"].title == "vLLM 官方文档"


def test_anchors_navigation_and_malformed_links_are_skipped_with_reasons(mixed: dict[str, Found]) -> None:
    assert mixed["#paperlist"].skipped == ANCHOR
    assert mixed["https://github.com/u/r/stargazers"].skipped == GITHUB_NAV
    assert mixed["https://github.com/someone"].skipped == GITHUB_NAV
    assert mixed["[https://zhuanlan.zhihu.com/p/700004"].skipped == MALFORMED


def test_links_to_the_list_itself_are_skipped() -> None:
    found = read_markdown("- [本列表](https://github.com/u/r)\n- [README](README.md)\n", BASE)
    assert [f.skipped for f in found] == [SELF, SELF]  # the repo's front page, and README.md resolved


def test_import_counts_every_skip_by_reason_once(data_copy: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    badges = "".join(f"[![b{i}](https://img.shields.io/b{i}.svg)](https://github.com/u/r{i}/stargazers) "
                     for i in range(50))
    md = tmp_path / "list.md"
    md.write_text((LISTS / "mixed.md").read_text(encoding="utf-8") + "\n" + badges + "\n", encoding="utf-8")
    assert main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", "--base-url", BASE, str(md)]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) < 40  # 50 badges are one count, not 50 lines
    assert f"跳过 52 个：{GITHUB_NAV}" in out and "另有 49 个" in out
    assert f"跳过 2 个：{ANCHOR}" in out and f"跳过 1 个：{MALFORMED}" in out
    found, added, present, skipped = (int(x) for x in re.findall(
        r"找到 (\d+) 个链接：新增 (\d+)，合并重复 0，目录中已有 (\d+)，跳过 (\d+)", out)[0])
    assert found == added + present + skipped  # none dropped without being counted
    entries = {e["url"]: e for e in yaml.safe_load(data_copy.read_text(encoding="utf-8"))}
    assert entries["https://arxiv.org/abs/2306.00978"]["title"] == "AWQ: Activation-aware Weight Quantization"
    catalog, _ = load(data_copy)
    assert catalog.parents[entries["https://arxiv.org/abs/2306.00978"]["category"]].id == "quantization"


def test_more_list_styles_get_real_titles_and_notes() -> None:
    found = read_markdown((LISTS / "styles.md").read_text(encoding="utf-8"))
    got = {f.url: (f.title, f.note) for f in found}
    assert got["https://arxiv.org/abs/2106.09685"] == ("LoRA: Low-Rank Adaptation", "Parameter-efficient fine-tuning")
    assert got["https://zhuanlan.zhihu.com/p/800001"][0] == "QLoRA 论文解读"  # `名字：[链接](…)`
    assert got["https://github.com/NVIDIA/Megatron-LM"][0] == "Megatron-LM 张量并行详解"  # `[[code]](…)`
    # Raw HTML table: `pdf` / `blog` take the row's title cell, not the page heading.
    assert got["https://arxiv.org/abs/2401.04088"][0] == "Mixtral of Experts"
    assert got["https://mistral.ai/news/mixtral-of-experts/"][0] == "Mixtral of Experts"
    # Markdown table with 名称 / 简介 / 链接 columns: the 简介 cell is the note.
    assert got["https://zhuanlan.zhihu.com/p/800003"] == ("DeepSpeed ZeRO 详解", "讲 ZeRO-1/2/3")
    assert got["https://zhuanlan.zhihu.com/p/800004"][0] == "FlashAttention-2 源码阅读"  # bare URL, words after it
    placeholders = [f for f in found if not f.skipped and is_placeholder(f.title, f.url)]
    assert not placeholders


_URL = re.compile(r"https?://[^\s)\]\"'<>|]+")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")


def test_import_of_a_list_in_many_styles_files_every_link_with_a_real_title(
        data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 15's bar on a small list mixing the styles of benchmarks/import_styles.py, through the real CLI."""
    md = LISTS / "multistyle.md"
    assert main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", "--base-url",
                 "https://github.com/u/awesome", str(md)]) == 0
    out = capsys.readouterr().out
    found, added, merged, present, skipped = (int(x) for x in re.findall(
        r"找到 (\d+) 个链接：新增 (\d+)，合并重复 (\d+)，目录中已有 (\d+)，跳过 (\d+)", out)[0])
    assert found == added + merged + present + skipped and merged == present == 1
    catalog, problems = load(data_copy)
    assert not problems
    held = {canonical(k.url): k for k in catalog.links}
    links = _IMAGE.sub("", md.read_text(encoding="utf-8"))  # a badge inside a link is that link's text
    for url in _URL.findall(links):  # every link is in the catalogue or listed under a named skip reason
        assert url in held or canonical(url) in held or f": {url}" in out or f": [{url}" in out, url
    new = [k for k in catalog.links if "multistyle" in k.sources]
    assert len(new) == added
    placeholders = [k.title for k in new if is_placeholder(k.title, k.url)]
    assert len(placeholders) <= 0.05 * len(new), placeholders
    # the catch-all only when sure, or for what names nothing of the domain (marked 可能无关)
    assert all(not k.review or str(k.review).startswith("可能无关") for k in new if k.category == "resources")
    titles = {k.url: k.title for k in new}
    assert titles["https://arxiv.org/abs/2306.99001"] == "AWQ: Activation-aware Weight Quantization"
    assert titles["https://zhuanlan.zhihu.com/p/990000005"] == "【量化】SmoothQuant 激活平滑(原理,代码)"
    assert main(["validate", "--catalog", str(data_copy)]) == 0


def test_titles_keep_the_authors_brackets_and_marks() -> None:
    long_name = ("Alpaca-Lora (羊驼-Lora): 轻量级 ChatGPT 的开源实现（对标 Standford Alpaca）"
                 "再加一些字让它超过六十个字符")
    text = ("- [【llm大语言模型】一文看懂llama2(原理,模型,训练)](https://x.org/1)\n"
            "- [[源码解析] Megatron (4) --- 如何设置各种并行](https://x.org/2)\n"
            "- [[AWQ] Activation-aware Weight Quantization](https://x.org/3)\n"
            "- DeepSpeed ZeRO-3 显存切分详解（[原文](https://x.org/4)）\n"
            f"- 名称：{long_name}\n  地址：https://x.org/5\n\n"
            "| 名称 | 链接 |\n| --- | --- |\n"
            "| FasterTransformer 的 README\\_BERT 与 \\*args 用法 | [pdf](https://x.org/6) |\n\n"
            "- 推理优化笔记 [slides.pdf](https://x.org/7)\n")
    got = {f.url: f.title for f in read_markdown(text)}
    assert got == {
        "https://x.org/1": "【llm大语言模型】一文看懂llama2(原理,模型,训练)",  # 【…】 does not wrap the whole title
        "https://x.org/2": "[源码解析] Megatron (4) --- 如何设置各种并行",
        "https://x.org/3": "AWQ: Activation-aware Weight Quantization",
        "https://x.org/4": "DeepSpeed ZeRO-3 显存切分详解",  # no dangling （
        "https://x.org/5": long_name,  # a 名称： line is the whole title
        "https://x.org/6": "FasterTransformer 的 README_BERT 与 *args 用法",  # escaped marks are the author's characters
        "https://x.org/7": "推理优化笔记",  # a file name is no title
    }


def test_several_generic_links_after_one_title_all_take_it() -> None:
    """`标题：[笔记](…) / [B站](…) / [英文版](…)`: every label takes the title, without the separators between them."""
    md = ("- GPTQ 量化原理与实现：[笔记](https://example.org/n1) / [B站](https://www.bilibili.com/video/BV1) / "
          "[英文版](https://example.org/en)\n")
    titles = {f.url: f.title for f in read_markdown(md)}
    assert set(titles.values()) == {"GPTQ 量化原理与实现"}, titles


def test_bold_title_with_bracketed_paper_and_code_links() -> None:
    """`- **Long paper title** [[Paper](…)] [[Code](…)]`: both links take the whole title, not its last 80
    characters and not the `[]` the first link leaves behind."""
    title = "FlashAttention-3: Fast and Accurate Attention with Asynchrony and Low-precision for Hopper GPUs"
    md = f"- **{title}** [[Paper](https://arxiv.org/abs/2407.08608)] [[Code](https://github.com/Dao-AILab/fa)]\n"
    assert [f.title for f in read_markdown(md)] == [title, title]


def test_a_long_paragraph_gives_its_last_sentence() -> None:
    md = "- 这一段介绍讲了很多背景知识。GPTQ 量化原理与实现，详见[这里](https://example.org/x)\n"
    assert [f.title for f in read_markdown(md)] == ["GPTQ 量化原理与实现"]


def test_imported_papers_and_repositories_get_their_kind(data_copy: Path, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("- [GPTQ paper](https://arxiv.org/abs/2210.17323)\n- [vLLM](https://github.com/vllm-project/vllm)\n"
                  "- [MoE 详解](https://zhuanlan.zhihu.com/p/123456789)\n", encoding="utf-8")
    assert main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", str(md)]) == 0
    kinds = {e["url"]: e.get("kind", "article") for e in yaml.safe_load(data_copy.read_text(encoding="utf-8"))}
    assert (kinds["https://arxiv.org/abs/2210.17323"], kinds["https://github.com/vllm-project/vllm"],
            kinds["https://zhuanlan.zhihu.com/p/123456789"]) == ("paper", "repo", "article")


def test_titles_lose_source_labels_and_book_marks_but_keep_their_own_brackets() -> None:
    md = ("1. 【知乎】大模型量化技术原理总结：https://zhuanlan.zhihu.com/p/681578090\n"
          "2. [B站] CUDA 编程入门 https://www.bilibili.com/video/BV1xx411c7mD\n"
          "3. LLM.int8() 详解（[知乎](https://zhuanlan.zhihu.com/p/680212402)）\n"
          "4. 《Mooncake: A KVCache-centric Architecture》[pdf](https://arxiv.org/pdf/2407.00079)\n"
          "5. [源码解析] vLLM 调度器 https://example.org/vllm-sched\n")
    assert [f.title for f in read_markdown(md)] == [
        "大模型量化技术原理总结", "CUDA 编程入门", "LLM.int8() 详解", "Mooncake: A KVCache-centric Architecture",
        "[源码解析] vLLM 调度器"]


def test_a_bare_repository_link_is_named_by_the_repository() -> None:
    md = "## 其他\n\n- https://github.com/NVIDIA/TensorRT-LLM\n- https://zhuanlan.zhihu.com/p/123\n"
    assert [f.title for f in read_markdown(md)] == ["NVIDIA/TensorRT-LLM", "其他"]


@pytest.mark.parametrize(("summary", "headings"), [
    ("<b>Agents</b>", ["Kernels", "Agents"]),  # a topical summary heads the links inside
    ("展开 12 篇", ["Kernels"]),  # a control's label says nothing of them
    ("Click to expand", ["Kernels"]),
])
def test_a_details_summary_heads_its_links_until_the_details_close(summary: str, headings: list[str]) -> None:
    md = (f"## Kernels\n\n- [GEMM 优化](https://example.org/gemm)\n\n<details><summary>{summary}</summary>\n\n"
          "- [ReAct](https://arxiv.org/abs/2210.03629)\n\n</details>\n\n- [Softmax 优化](https://example.org/softmax)\n")
    found = {f.url: f.headings for f in read_markdown(md)}
    assert found == {"https://example.org/gemm": ["Kernels"], "https://arxiv.org/abs/2210.03629": headings,
                     "https://example.org/softmax": ["Kernels"]}
