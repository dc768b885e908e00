"""The committed catalogue: seed coverage, taxonomy topics and balance, validate, export json."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from haowen.catalog.load import load
from haowen.catalog.urls import canonical

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

# --- URLs of the seeds, read with regular expressions (independently of haowen.importing.markdown) ------

_IMAGE = re.compile(r"!\[(?:[^\[\]]|\[[^\]]*\])*\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_TARGET = re.compile(r"\]\(\s*<?(https?://[^()\s>]+(?:\([^()\s]*\)[^()\s>]*)*)>?(?:\s+\"[^\"]*\")?\s*\)")
_BARE = re.compile(r"https?://[^\s<>()（）\[\]{}\"'`，。；：！？、【】「」《》]+")
_TRAILING = ".,;:!?*_~"
_IMAGE_FILE = re.compile(r"\.(?:png|jpe?g|gif|svg|webp)$", re.I)
_BADGE_HOSTS = ("img.shields.io", "api.star-history.com", "badgen.net", "badge.fury.io")


def extract_urls(text: str) -> list[str]:
    """Every non-image http(s) URL a reader of `text` would follow."""
    text = _IMAGE.sub(" ", text)
    urls = _AUTOLINK.findall(text)
    text = _AUTOLINK.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)  # URLs in tag attributes (<img src>, <a href> to badges)
    urls += _TARGET.findall(text)
    text = _TARGET.sub("] ", text)
    urls += [m.group(0).rstrip(_TRAILING) for m in _BARE.finditer(text)]
    out = []
    for url in urls:
        path = url.split("?", 1)[0].split("#", 1)[0]
        host = url.split("/")[2].lower()
        if _IMAGE_FILE.search(path) or host in _BADGE_HOSTS:
            continue
        out.append(url)
    return out


def test_extractor_itself() -> None:
    text = (
        "见 https://zhuanlan.zhihu.com/p/1，以及 https://zhuanlan.zhihu.com/p/2。\n"
        "（原文 https://mp.weixin.qq.com/s/AbC）和 (https://arxiv.org/abs/2401.00001)\n"
        "- [标题](https://zhuanlan.zhihu.com/p/3) 后文：https://github.com/a/b.\n"
        "![图](https://example.com/a.png) ![](https://example.com/chart)\n"
        "[![徽章](https://img.shields.io/x)](https://github.com/c/d)\n"
        '<img src="https://example.com/pic"> <a href="https://star-history.com/#x">星</a>\n'
        "[ref]: https://zhuanlan.zhihu.com/p/4\n"
        "<https://zhuanlan.zhihu.com/p/5>\n"
        "[维基](https://en.wikipedia.org/wiki/Mamba_(deep_learning))\n"
    )
    assert extract_urls(text) == [
        "https://zhuanlan.zhihu.com/p/5",
        "https://zhuanlan.zhihu.com/p/3",
        "https://github.com/c/d",
        "https://en.wikipedia.org/wiki/Mamba_(deep_learning)",
        "https://zhuanlan.zhihu.com/p/1",
        "https://zhuanlan.zhihu.com/p/2",
        "https://mp.weixin.qq.com/s/AbC",
        "https://arxiv.org/abs/2401.00001",
        "https://github.com/a/b",
        "https://zhuanlan.zhihu.com/p/4",
    ]


@cache
def seed_urls() -> dict[str, str]:
    """Canonical URL → "file: raw URL" for every seed link."""
    out: dict[str, str] = {}
    for path in sorted((DATA / "sources").glob("*.md")):
        for url in extract_urls(path.read_text(encoding="utf-8")):
            out.setdefault(canonical(url), f"{path.name}: {url}")
    return out


@cache
def links() -> list[dict]:
    return yaml.safe_load((DATA / "links.yaml").read_text(encoding="utf-8"))


@cache
def taxonomy() -> list[dict]:
    return yaml.safe_load((DATA / "taxonomy.yaml").read_text(encoding="utf-8"))["categories"]


def test_there_are_five_seeds_with_many_links() -> None:
    assert len(list((DATA / "sources").glob("*.md"))) == 5
    assert len(seed_urls()) > 900  # the issue counts about 986 distinct articles


def test_every_seed_link_is_in_the_catalogue() -> None:
    """Every seed link is an entry, a mirror of one, or excluded on purpose (data/excluded.yaml, with a reason)."""
    have = {canonical(url) for link in links() for url in [link["url"], *link.get("mirrors", [])]}
    have |= excluded_urls()
    missing = [raw for url, raw in seed_urls().items() if url not in have]
    assert not missing, f"{len(missing)} seed links missing, e.g. {missing[:10]}"


def test_catalogue_urls_are_canonical_and_unique() -> None:
    urls = [link["url"] for link in links()]
    assert [u for u in urls if canonical(u) != u] == []
    assert [u for u, n in Counter(urls).items() if n > 1] == []


# --- categories and validate ------------------------------------------------------------------


def all_categories() -> dict[str, tuple[dict, dict]]:
    """Category id → (node, its top-level category)."""
    out = {}
    for cat in taxonomy():
        out[cat["id"]] = (cat, cat)
        for child in cat.get("children", []):
            out[child["id"]] = (child, cat)
    return out


def test_every_link_has_a_category_from_the_taxonomy() -> None:
    ids = all_categories()
    wrong = [(link["url"], link.get("category")) for link in links() if link.get("category") not in ids]
    assert wrong == []


def test_haowen_validate_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "haowen", "validate"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def find(*words: str) -> list[tuple[dict, dict]]:
    """Categories whose id, title or English title mentions one of `words` (case-insensitive)."""
    hits = []
    for node, top in all_categories().values():
        hay = " ".join([node["id"], node["title"], node["title_en"]]).lower()
        if any(w.lower() in hay for w in words):
            hits.append((node, top))
    return hits


@pytest.mark.parametrize(
    "words",
    [("RWKV",), ("linear attention", "线性注意力"), ("Mamba", "SSM"), ("MoE", "Mixture of Experts"),
     ("Training", "训练"), ("Inference", "推理"), ("CUDA",), ("Triton",), ("CUTLASS",), ("Kernel", "算子"),
     ("Diffusion", "扩散")],
)
def test_taxonomy_has_the_cards_topics(words: tuple[str, ...]) -> None:
    assert find(*words), f"no category for {words}"


def test_linear_attention_and_mamba_sit_with_rwkv() -> None:
    (_, rwkv_top), *_ = find("RWKV")
    for words in (("linear attention", "线性注意力"), ("Mamba", "SSM")):
        assert any(top["id"] == rwkv_top["id"] for _, top in find(*words)), words


def test_triton_and_cutlass_sit_with_cuda() -> None:
    cuda_tops = {top["id"] for node, top in find("CUDA") if node is top}
    assert cuda_tops, "no top-level CUDA category"
    for word in ("Triton", "CUTLASS"):
        assert any(top["id"] in cuda_tops for _, top in find(word)), word


# --- haowen export json -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported() -> dict:
    result = subprocess.run([sys.executable, "-m", "haowen", "export", "json"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_export_has_categories_and_links(exported: dict) -> None:
    assert isinstance(exported["categories"], list) and exported["categories"]
    assert len(exported["links"]) == len(links())
    ids = {c["id"] for c in exported["categories"]}
    assert ids == set(all_categories())


def test_every_exported_link_has_the_public_fields(exported: dict) -> None:
    for item in exported["links"]:
        for key in ("url", "title", "category", "category_path", "tags", "added"):
            assert key in item, (key, item.get("url"))
        assert isinstance(item["tags"], list)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["added"])


def test_category_path_is_titles_from_top_to_leaf(exported: dict) -> None:
    cats = all_categories()
    for item in exported["links"]:
        node, top = cats[item["category"]]
        want = [top["title"]] if node is top else [top["title"], node["title"]]
        assert item["category_path"] == want, item["url"]


def excluded_urls() -> set[str]:
    return set(load(DATA / "links.yaml")[0].excluded)


def test_every_seed_article_is_exported_exactly_once(exported: dict) -> None:
    seen = Counter(canonical(url) for item in exported["links"] for url in [item["url"], *item.get("mirrors", [])])
    missing = [raw for url, raw in seed_urls().items() if seen[url] == 0 and url not in excluded_urls()]
    twice = [raw for url, raw in seed_urls().items() if seen[url] > 1]
    assert missing == [] and twice == []
