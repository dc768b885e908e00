"""The search index (issue 24): one segmentation at index and query time, standing order, shards, records."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from haowen.catalog.load import Catalog, load_or_exit
from haowen.catalog.model import Link, Series, SeriesIndex
from haowen.site import toolchain
from haowen.site.context import Site
from haowen.site.search.index import CHUNK, build, ranked
from haowen.site.search.tokens import shard_of, tokens

ROOT = Path(__file__).resolve().parent.parent
D = dt.date


def words(text: str) -> set[str]:
    return {t for t, _ in tokens(text)}


def test_chinese_is_cut_into_bigrams_with_no_dictionary() -> None:
    assert [t for t, _ in tokens("权重量化")] == ["权重", "重量", "量化", "化"]
    assert words("张量并行的通信开销") >= {"张量", "并行"}  # a head word is a bigram of the compound


def test_latin_words_camel_case_joins_and_plural_stems() -> None:
    assert words("FlashAttention-2") == {"flashattention", "flash", "attention", "2"}
    assert {"llamacpp", "megatronlm"} <= words("llama.cpp 与 Megatron-LM")
    assert "llm" in words("LLMs 推理")
    assert "dp" not in words("DPO 训练")  # an abbreviation is never cut out of a longer word


def test_positions_count_letters_runs_once_and_chinese_characters_each() -> None:
    assert list(tokens("CUDA编程入门")) == [("cuda", 0), ("编程", 1), ("程入", 2), ("入门", 3), ("门", 4)]


def test_shards_are_chosen_by_the_start_of_a_token() -> None:
    assert shard_of("flashattention", 64) == shard_of("flash", 64)  # a typed prefix finds its words in one shard
    assert shard_of("注意", 64) == shard_of("注", 64)


def _series_catalog() -> Catalog:
    catalog = load_or_exit(ROOT / "data" / "links.yaml")
    links = [
        Link(url="https://example.com/old", title="旧文", category="attention", published=D(2020, 1, 1), added=D(2024, 1, 1)),
        Link(url="https://example.com/s2", title="系列二", category="attention", series="s", part=2,
             published=D(2023, 1, 1), added=D(2024, 1, 1)),
        Link(url="https://example.com/new", title="新文", category="attention", published=D(2022, 1, 1), added=D(2024, 1, 1)),
        Link(url="https://example.com/s1", title="系列一", category="attention", series="s", part=1, added=D(2024, 1, 1)),
        Link(url="https://example.com/pick", title="必读", category="attention", pick=True, added=D(2020, 1, 1)),
        Link(url="https://example.com/undated", title="无日期", category="attention", added=D(2025, 1, 1)),
    ]
    catalog.entries = [type(catalog.entries[0])(link=link, **{k: v for k, v in vars(catalog.entries[0]).items()
                                                              if k != "link"}) for link in links]
    catalog.series_index = SeriesIndex(series=[Series(id="s", title="系列")])
    for cached in ("series", "series_links"):
        catalog.__dict__.pop(cached, None)
    return catalog


def test_standing_order_is_picks_then_newest_with_series_parts_together() -> None:
    order = [link.title for link in ranked(Site(_series_catalog()))]
    assert order == ["必读", "系列一", "系列二", "新文", "旧文", "无日期"]


def test_every_link_has_a_record_and_no_shard_holds_the_catalogue() -> None:
    catalog = load_or_exit(ROOT / "data" / "links.yaml")
    files = build(Site.of(catalog))
    meta = json.loads(files["meta.json"])
    records = [r for path, text in files.items() if "/d/" in path for r in json.loads(text)]
    assert meta["count"] == len(records) == len(catalog.links) and meta["chunk"] == CHUNK
    assert sorted(r[1] for r in records) == sorted(link.url for link in catalog.links)
    shards = [text for path, text in files.items() if "/t/" in path]
    assert len(shards) == meta["shards"] > 1
    assert all(path.startswith(meta["dir"] + "/") for path in files if path != "meta.json")


def test_the_build_stops_without_materials_search_plugin() -> None:
    """Material's header shows the search box only while its search plugin is on (the version: test_material.py)."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "theme": {"name": "material"}, "plugins": ["search"]})
    config.validate()
    toolchain.check_search_plugin(config.plugins)  # Material's search plugin is on: fine
    config.plugins.pop("material/search")
    with pytest.raises(PluginError, match="search 插件"):
        toolchain.check_search_plugin(config.plugins)
