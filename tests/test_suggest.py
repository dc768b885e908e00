"""The suggestion engine: token-boundary keywords, the learned model with list context, abstention,
`haowen suggest --evaluate`, the PR lint, and `haowen import` / `add` using it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from haowen.catalog.load import Catalog, load
from haowen.cli import main
from haowen.suggest.engine import THRESHOLD, Context, Keywords, Model, clean_context, name_tags
from haowen.suggest.tokens import has_keyword

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    cat, problems = load(ROOT / "data" / "links.yaml")
    assert not problems
    return cat


@pytest.fixture(scope="module")
def model(catalog: Catalog) -> Model:
    return Model(catalog)


def test_keywords_match_whole_tokens_only() -> None:
    assert not has_keyword("神经网络入门", "网络")
    assert has_keyword("网络 通信 优化", "网络")
    assert not has_keyword("Agentic workflows explained", "agent")
    assert has_keyword("Build an Agent with tools", "agent")
    assert not has_keyword("optimizer states", "opt")


def test_tag_names_are_matched_on_tokens_not_substrings(catalog: Catalog) -> None:
    assert "量化" in name_tags(catalog, "大模型 量化 入门")
    assert "面试" not in name_tags(catalog, "面试官眼中的神经网络")  or has_keyword("面试官眼中的神经网络", "面试")


def test_heading_path_is_cleaned_of_emoji_links_and_markup() -> None:
    assert clean_context("🔥 **模型量化** ([©️back👆🏻](#paperlist))") == "模型量化"
    assert clean_context("[RLHF](https://x.org/a) 相关") == "RLHF 相关"


def test_the_heading_a_link_sits_under_decides_a_generic_title(model: Model) -> None:
    bare = model.suggest(Context("一文读懂"))
    under = model.suggest(Context("一文读懂", headings=["🔥 模型量化 ([©️back👆🏻](#paperlist))"]))
    assert under.category == "quantization"
    assert under.confidence > bare.confidence


def test_a_heading_names_the_top_level_and_the_title_the_subcategory(model: Model) -> None:
    """A list's section is coarser than the subcategories: “CUDA 编程” says cuda, the title says which part."""
    s = model.suggest(Context("Triton 写 softmax kernel", headings=["学习资料", "CUDA 编程"]))
    assert s.category == "triton" and not s.review


def test_a_clear_title_is_filed_confidently(model: Model) -> None:
    s = model.suggest(Context("GPTQ 与 AWQ：大模型 INT4 权重量化方法对比"))
    assert s.category == "quantization" and not s.review
    assert s.confidence >= THRESHOLD


def test_an_unclear_title_is_kept_with_a_guess_and_marked_for_review(model: Model, catalog: Catalog) -> None:
    s = model.suggest(Context("周末随笔"))
    assert s.review
    assert s.category in catalog.categories


def test_within_limits_the_choice_to_one_top_level_category(model: Model, catalog: Catalog) -> None:
    s = model.suggest(Context("GPTQ 量化"), within="inference")
    assert all(catalog.parents[r.id].id == "inference" for r in s.categories)


def test_keyword_fallback_marks_everything_for_review(catalog: Catalog) -> None:
    s = Keywords(catalog).suggest(Context("GPTQ 量化实践"))
    assert s.review and not s.learned
    assert catalog.parents[s.category].id == "quantization"


def test_evaluate_reports_cross_validated_accuracy(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("sources"))
    result = subprocess.run([sys.executable, "-m", "haowen", "suggest", "--evaluate", "--folds", "2",
                             "--catalog", str(data / "links.yaml")], capture_output=True, text=True, check=True)
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in result.stdout.splitlines()
            if line.startswith("| ") and "%" in line}
    assert float(rows["一级分类准确率"].rstrip("%")) > 60  # far above chance (1 in 15)
    assert "待复核比例（置信度 < 0.5）" in rows and "标签召回率" in rows


def _edit(text: str, url: str, old: str, new: str) -> tuple[str, int]:
    """`text` with the line `old` of the entry `url` replaced by `new`; and the entry's line number."""
    start = text.index(f"- url: {url}\n")
    cut = text.index(old, start)
    return text[:cut] + new + text[cut + len(old):], text[:start].count("\n") + 1


def test_pr_lint_warns_on_misfiled_changed_entries_only(data_copy: Path, tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    shutil.copy(data_copy, base)
    entries = yaml.safe_load(data_copy.read_text(encoding="utf-8"))
    quantized = [e for e in entries if e["category"] == "quantization" and "量化" in e["title"]]
    moved, tagged = quantized[0], quantized[1]
    text, moved_line = _edit(data_copy.read_text(encoding="utf-8"), moved["url"], "  category: quantization\n",
                             "  category: evaluation\n")
    text, tagged_line = _edit(text, tagged["url"], "  tags: [", "  tags: [rwkv, ")
    data_copy.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "haowen", "suggest", "--lint", "--base", str(base),
                             "--format", "github", "--catalog", str(data_copy)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0  # a hint, never a failure
    warnings = [w for w in result.stdout.splitlines() if w.startswith("::warning ")]
    assert len(warnings) == 2, result.stdout + result.stderr
    assert f"line={moved_line}," in warnings[0] and "quantization" in warnings[0]
    assert f"line={tagged_line}," in warnings[1] and "rwkv" in warnings[1]


def test_import_never_defaults_to_the_catch_all_and_lists_what_needs_review(
        data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    md = tmp_path / "list.md"
    md.write_text("# 🚀 Awesome 杂项收集\n\n## 💡 模型量化 ([back](#top))\n\n- [一文读懂](https://example.org/q1)\n\n"
                  "## 其他\n\n- [周末随笔](https://example.org/essay)\n", encoding="utf-8")
    assert main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", str(md)]) == 0
    out = capsys.readouterr().out
    entries = {e["url"]: e for e in yaml.safe_load(data_copy.read_text(encoding="utf-8"))}
    assert entries["https://example.org/q1"]["category"] == "quantization"
    essay = entries["https://example.org/essay"]  # no word of the domain: the catch-all, marked, with where it sat
    assert essay["category"] == "resources" and essay.get("review") == "可能无关：Awesome 杂项收集 › 其他"
    assert "待复核 https://example.org/essay" in out


def test_without_scikit_learn_the_keyword_rules_answer_with_a_note(data_copy: Path, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("- [GPTQ 量化实践](https://example.org/gptq)\n", encoding="utf-8")
    code = ("import sys; sys.modules['sklearn'] = None; from haowen.cli import main; "
            f"sys.exit(main(['import', '--catalog', {str(data_copy)!r}, {str(md)!r}]))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "未安装 scikit-learn" in result.stderr
    entry = {e["url"]: e for e in yaml.safe_load(data_copy.read_text(encoding="utf-8"))}["https://example.org/gptq"]
    assert entry["category"] == "quantization" and entry["review"] is True


def test_pr_lint_with_nothing_left_to_learn_from_is_silent(data_copy: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("[]\n", encoding="utf-8")  # every entry is new: no curated entry to learn from
    result = subprocess.run([sys.executable, "-m", "haowen", "suggest", "--lint", "--base", str(empty),
                             "--catalog", str(data_copy)], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_heading_mapped_to_the_catch_all_does_not_file_links_there(data_copy: Path, tmp_path: Path) -> None:
    """data/import.yaml maps the seed lists' "专栏" to the catch-all; another list's 专栏 section holds columns on
    every subject, which the engine files, into the catch-all only when sure."""
    md = tmp_path / "list.md"
    md.write_text("## 专栏\n\n- [MoE 混合专家模型的路由与负载均衡详解](https://example.org/moe-col)\n", encoding="utf-8")
    assert main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", str(md)]) == 0
    entry = {e["url"]: e for e in yaml.safe_load(data_copy.read_text(encoding="utf-8"))}["https://example.org/moe-col"]
    assert entry["category"] == "moe"
