"""Issue 18 in a real browser: the words readers type find the article, in the site search and the finder.

A small catalogue built for these tests (the real taxonomy, tags and synonym table) holds a target for each
class of query — abbreviation or expansion, synonym, variant spelling, English for a Chinese title and
Chinese for an English one, the head word of a compound — and distractors an abbreviation must not match
(DPO for DP, SDK for SD).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from test_site_browser import search

import sitebuild
from haowen.catalog.model import Link
from haowen.editing.entrytext import links_text

T = {  # title by name
    "dp": "数据并行原理与实践",
    "dpo": "DPO 训练踩坑记录",
    "zero3": "DeepSpeed ZeRO-3 源码解读",
    "zero": "零冗余优化器的显存账本",
    "mla": "MLA 推理优化笔记",
    "mla_zh": "多头潜在注意力的矩阵吸收",
    "sd": "Stable Diffusion 原理详解",
    "sd_abbr": "SD 模型推理提速",
    "sdk": "SDK 接入指南：用 Python 调用大模型 API",
    "kv": "KV Cache 压缩方法综述",
    "speedup": "推理加速的十种方法",
    "kd": "Knowledge Distillation in Practice",
    "kd_zh": "模型蒸馏入门",
    "lora": "LoRA 原理与代码",
    "lora_zh": "低秩适配微调实战",
    "flash": "Flash Attention 的分块计算",
    "flash2": "FlashAttention-2 源码",
    "megatron": "Megatron-LM 的张量并行",
    "llamacpp": "llama.cpp 量化格式一览",
    "pp": "Pipeline Parallelism Explained",
    "tp": "张量并行的通信开销",
    "spec": "投机采样为什么能加速推理",
    "vllm": "vLLM 调度器解析",
    "cuda": "CUDA编程入门",
}
CATEGORY = {"dp": "distributed", "dpo": "rlhf", "zero3": "zero-memory", "zero": "zero-memory", "mla": "attention",
            "mla_zh": "attention", "sd": "image-generation", "sd_abbr": "image-generation", "sdk": "serving",
            "kv": "kv-cache", "speedup": "inference", "kd": "training", "kd_zh": "training", "lora": "sft-peft",
            "lora_zh": "sft-peft", "flash": "attention-kernels", "flash2": "attention-kernels",
            "megatron": "distributed", "llamacpp": "engines", "pp": "distributed", "tp": "distributed",
            "spec": "speculative", "vllm": "engines", "cuda": "cuda-basics"}
LINKS = [Link(url=f"https://example.com/{i}", title=T[name], category=CATEGORY[name], added=dt.date(2024, 5, 1))
         for i, name in enumerate(T)]

# (query, the link it must list among the first results): one block per class of the issue.
QUERIES = [
    # abbreviation ↔ expansion
    ("DP", "dp"), ("data parallelism", "dp"), ("ZeRO-3", "zero"), ("零冗余优化器", "zero3"),
    ("MLA", "mla_zh"), ("多头潜在注意力", "mla"), ("SD", "sd"), ("Stable Diffusion", "sd_abbr"),
    # synonyms, and the tag aliases
    ("KV 缓存", "kv"), ("inference acceleration", "speedup"), ("蒸馏", "kd"), ("distillation", "kd_zh"),
    ("低秩适配", "lora"), ("LoRA", "lora_zh"),
    # variant spellings
    ("FlashAttention", "flash"), ("flash-attention", "flash"), ("Flash Attention", "flash2"),
    ("Megatron LM", "megatron"), ("llamacpp", "llamacpp"), ("Deepspeed", "zero3"),
    # English for a Chinese title, Chinese for an English one
    ("tensor parallelism", "tp"), ("流水线并行", "pp"),
    # the head word of a compound
    ("并行", "tp"),
    # what worked before: Chinese, English in any case, Chinese and Latin written together
    ("投机采样", "spec"), ("VLLM", "vllm"), ("vllm", "vllm"), ("cuda编程", "cuda"),
]
FIRST = 5  # "among the first results"
# Abbreviations and the words they must not match inside.
NOT_INSIDE = [("DP", "dpo"), ("SD", "sdk")]


@pytest.fixture(scope="module")
def recall_site(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> str:
    root = tmp_path_factory.mktemp("recall")
    data = root / "data"
    shutil.copytree(sitebuild.ROOT / "data", data, ignore=shutil.ignore_patterns("sources", "links.yaml"))
    (data / "links.yaml").write_text(links_text(LINKS), encoding="utf-8")
    result = sitebuild.build(root / "site", catalog=data / "links.yaml")
    assert result.returncode == 0, result.stderr
    return serve(root / "site")


@pytest.mark.parametrize(("query", "target"), QUERIES)
def test_site_search_lists_the_article_for_what_readers_type(page, recall_site: str, query: str, target: str) -> None:
    assert T[target] in search(page, recall_site, query)[:FIRST]


@pytest.mark.parametrize(("query", "distractor"), NOT_INSIDE)
def test_short_abbreviation_matches_whole_words_only(page, recall_site: str, query: str, distractor: str) -> None:
    found = search(page, recall_site, query)
    assert T[query.lower()] in found
    assert T[distractor] not in found


def test_synonyms_are_not_shown_and_only_typed_words_are_marked(page, recall_site: str) -> None:
    query = "多头潜在注意力"
    shown = search(page, recall_site, query)
    assert set(shown[:2]) == {T["mla"], T["mla_zh"]}  # just the titles: the synonyms that found them are not shown
    marks = page.eval_on_selector_all(".hw-result__title", "els => els.map(e => [...e.querySelectorAll('mark')]"
                                      ".map(m => m.textContent))")
    by_title = dict(zip(shown, marks))
    assert by_title[T["mla"]] == []  # found through its synonym: nothing in its title was typed
    assert by_title[T["mla_zh"]] == [query]


def finder_titles(page, base: str, query: str) -> list[str]:
    page.goto(f"{base}finder/?q={quote(query)}")
    page.wait_for_selector("#hw-finder[data-ready]", state="attached")
    return page.locator("#hw-finder .hw-link .hw-link__title").all_text_contents()


@pytest.mark.parametrize(("query", "target"), QUERIES)
def test_finder_finds_the_article_for_what_readers_type(page, recall_site: str, query: str, target: str) -> None:
    assert T[target] in finder_titles(page, recall_site, query)


@pytest.mark.parametrize(("query", "distractor"), NOT_INSIDE)
def test_finder_matches_short_abbreviations_as_whole_words(page, recall_site: str, query: str, distractor: str) -> None:
    found = finder_titles(page, recall_site, query)
    assert T[query.lower()] in found
    assert T[distractor] not in found
