"""Synonym groups (issue 18): whole-token matching, variant spellings, the group tokens of the search index, validate."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest

from haowen.catalog.load import Catalog, load_or_exit
from haowen.catalog.model import Link, SynonymTable, Tag, TagVocabulary
from haowen.catalog.synonyms import Thesaurus, is_abbreviation, key
from haowen.cli import main
from haowen.site.context import Site
from haowen.site.search.groups import link_groups
from haowen.site.search.index import TAGS, TITLE, doc_codes
from haowen.site.search.segment import SEARCH_DICT, load_user_dict, sub_words, tokens

ROOT = Path(__file__).resolve().parent.parent
GROUPS = [
    ["数据并行", "data parallelism", "DP"],
    ["Stable Diffusion", "SD", "稳定扩散"],
    ["多头潜在注意力", "MLA", "multi-head latent attention"],
    ["FlashAttention", "FlashAttn"],
    ["llama.cpp", "llama cpp 推理"],
    ["KV Cache", "KV 缓存"],
]


@pytest.fixture(scope="module", autouse=True)
def domain_dictionary() -> None:
    load_user_dict(ROOT / "data" / SEARCH_DICT)


def thesaurus(groups: list[list[str]] = GROUPS) -> Thesaurus:
    return Thesaurus(tuple(tuple(g) for g in groups))


def found(text: str, th: Thesaurus | None = None) -> list[str]:
    """The first term of each group `text` touches."""
    th = th or thesaurus()
    return sorted(th.groups[g][0] for g in th.groups_in(tokens(text)))


def test_spellings_that_differ_in_case_width_spaces_and_punctuation_share_a_key() -> None:
    assert {key(t) for t in ("Flash Attention", "FlashAttention", "flash-attention", "ＦｌａｓｈＡｔｔｅｎｔｉｏｎ")} \
        == {"flashattention"}
    assert key("llama.cpp") == key("llamacpp") == key("Llama CPP")
    assert key("KV 缓存") == key("kv缓存") == "kv缓存"
    assert key("++") == ""


@pytest.mark.parametrize(("text", "groups"), [
    ("DP 与 TP 的区别", ["数据并行"]),
    ("从DP到FSDP", ["数据并行"]),
    ("DPO 训练踩坑记录", []),  # DP is not DPO
    ("SDK 接入指南", []),  # SD is not SDK
    ("SD3 原理", ["Stable Diffusion"]),  # letters and digits are separate words
    ("Flash MLA 笔记", ["多头潜在注意力"]),
    ("MLAs are cheap", []),
    ("Flash Attention 2 的分块计算", ["FlashAttention"]),
    ("flash-attention 源码", ["FlashAttention"]),
    ("在 Mac 上用 llamacpp 跑模型", ["llama.cpp"]),
    ("Llama.CPP 量化格式", ["llama.cpp"]),
    ("数据并行原理与实践", ["数据并行"]),
    ("Data Parallelism Explained", ["数据并行"]),
    ("ＤＰ 的梯度同步", ["数据并行"]),  # full-width letters
    ("KV缓存压缩", ["KV Cache"]),
    ("kvcache 初始化", ["KV Cache"]),
    ("稳定扩散与 DiT", ["Stable Diffusion"]),
])
def test_a_group_is_found_by_whole_tokens_of_any_of_its_terms(text: str, groups: list[str]) -> None:
    assert found(text) == groups


def test_short_latin_abbreviations_are_the_whole_word_only_ones() -> None:
    assert [k for k in ("dp", "mla", "fa2", "lora", "123", "d") if is_abbreviation(k)] == ["dp", "mla", "fa2"]
    assert thesaurus().abbreviations == ["dp", "mla", "sd"]


def test_chinese_compounds_have_their_head_word() -> None:
    assert tokens("张量并行的通信开销")[0] == "张量并行"  # the domain dictionary keeps it whole
    assert {"张量", "并行"} <= set(sub_words("张量并行"))


def _catalog(tags: list[Tag], groups: list[list[str]]) -> Catalog:
    return Catalog(links_path=Path("data/links.yaml"), vocabulary=TagVocabulary(tags=tags),
                   synonyms=SynonymTable(groups=groups))


def test_tag_aliases_join_the_group_that_shares_a_term() -> None:
    tags = [Tag(id="kv-cache", title="KV Cache", aliases=["kvcache", "键值缓存"]), Tag(id="rwkv")]
    merged = Thesaurus.of(_catalog(tags, GROUPS))
    kv = merged.groups[merged.by_key["kvcache"]]
    assert {key(t) for t in kv} == {"kvcache", "kv缓存", "键值缓存"}
    assert "rwkv" not in merged.by_key  # a tag with one spelling adds nothing
    assert found("键值缓存的显存占用", merged) == ["KV Cache"]


def test_a_link_is_indexed_under_each_group_its_title_note_and_tags_touch() -> None:
    catalog = _catalog([], GROUPS)
    catalog.taxonomy = load_or_exit(ROOT / "data" / "links.yaml").taxonomy
    site = Site(catalog)
    link = Link(url="https://example.com/a", title="张量并行与 DP", category="distributed", note="顺带讲 MLA",
                tags=["flashattn"], added=dt.date(2024, 1, 1))
    codes = doc_codes(site, link)
    group = {site.thesaurus.groups[int(t[2:])][0]: code for t, code in codes.items() if t.startswith("~g")}
    assert group["数据并行"] == TITLE  # from the title: ranks as a title match
    assert group["FlashAttention"] == TAGS
    assert group["多头潜在注意力"] not in (TITLE, TAGS)  # from the note
    assert {site.thesaurus.groups[g][0] for g in link_groups(site, link)} == {"数据并行", "多头潜在注意力", "FlashAttention"}


def test_the_real_synonym_table_is_valid_and_large() -> None:
    catalog = load_or_exit(ROOT / "data" / "links.yaml")
    assert len(catalog.synonyms.groups) >= 300
    th = Thesaurus.of(catalog)
    for typed, expected in (("DP", "数据并行"), ("ZeRO-3", "零冗余优化器"), ("MLA", "多头潜在注意力"),
                            ("SD", "stablediffusion"), ("KV 缓存", "kvcache"), ("蒸馏", "distillation"),
                            ("低秩适配", "lora"), ("推理加速", "inferenceacceleration")):
        assert th.by_key[key(typed)] == th.by_key[expected], typed


@pytest.fixture
def synonyms_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write data/synonyms.yaml beside copies of the real links, taxonomy and tags; cwd is the folder above."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("sources", "synonyms.yaml"))
    monkeypatch.chdir(tmp_path)

    def write(text: str) -> None:
        (data / "synonyms.yaml").write_text(textwrap.dedent(text), encoding="utf-8")

    return write


def _validate(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["validate", "--catalog", "data/links.yaml"])
    return code, [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("data/synonyms.yaml:")]


def test_validate_accepts_a_good_table(synonyms_catalog, capsys) -> None:
    synonyms_catalog("groups:\n  - [数据并行, DP]\n  - [KV Cache, KV 缓存]\n")
    assert _validate(capsys) == (0, [])


def test_validate_names_a_term_in_two_groups_an_empty_group_and_duplicates(synonyms_catalog, capsys) -> None:
    synonyms_catalog("""\
        groups:
          - [数据并行, DP]
          - []
          - [Flash Attention, FlashAttention]
          - [张量并行, TP, dp]
          - [“”]
    """)
    code, lines = _validate(capsys)
    assert code == 1
    assert lines == [
        "data/synonyms.yaml:3:5: 同义词组是空的：请写上这个概念的几种叫法，或删掉这一行",
        "data/synonyms.yaml:4:23: “FlashAttention” 和本组的 “Flash Attention” 是同一个词（大小写、全角半角、空格和标点不算区别）：删掉一个",
        "data/synonyms.yaml:5:16: “dp” 已在第 2 行的组里（写作 “DP”，大小写、全角半角、空格和标点不算区别）："
        "一个词只能属于一组，请合并这两组或删掉一处",
        "data/synonyms.yaml:6:6: ““”” 里没有字母、数字或汉字，什么也匹配不到：请删掉",
    ]


def test_validate_reports_a_malformed_table_with_its_position(synonyms_catalog, capsys) -> None:
    synonyms_catalog("groups:\n  - 数据并行\n")
    code, lines = _validate(capsys)
    assert code == 1 and lines and lines[0].startswith("data/synonyms.yaml:2:5: ")
