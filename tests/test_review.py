"""`haowen review`: walks the entries marked `review: true`, driven here through stdin by a real process."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from haowen.cli import main


def _entries(path: Path) -> dict[str, dict]:
    return {e["url"]: e for e in yaml.safe_load(path.read_text(encoding="utf-8"))}


def _review(catalog: Path, keys: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "haowen", "review", "--catalog", str(catalog)], input=keys,
                          capture_output=True, text=True, check=False, timeout=120)


def test_each_decision_is_written_at_once(data_copy: Path, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("- [周末随笔一](https://example.org/r1)\n- [周末随笔二](https://example.org/r2)\n"
                  "- [周末随笔三](https://example.org/r3)\n", encoding="utf-8")
    assert main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", str(md)]) == 0
    before = _entries(data_copy)
    assert all(before[f"https://example.org/r{i}"]["review"] for i in (1, 2, 3))  # no domain word: 可能无关
    # r1: pick the second suggestion; r2: type a category; then quit before r3.
    result = _review(data_copy, "2\nc\nmoe\nq\n")
    assert result.returncode == 0, result.stderr
    assert "周末随笔一" in result.stdout and "还剩 3 条" in result.stdout
    after = _entries(data_copy)
    assert "review" not in after["https://example.org/r1"]
    assert after["https://example.org/r1"]["category"] != before["https://example.org/r1"]["category"]
    assert after["https://example.org/r2"]["category"] == "moe" and "review" not in after["https://example.org/r2"]
    assert after["https://example.org/r3"]["review"] == before["https://example.org/r3"]["review"]  # not reached
    assert len(after) == len(before)  # nothing lost
    assert subprocess.run([sys.executable, "-m", "haowen", "validate", "--catalog", str(data_copy)],
                          capture_output=True, check=False).returncode == 0
    assert subprocess.run([sys.executable, "-m", "haowen", "fmt", "--check", "--catalog", str(data_copy)],
                          capture_output=True, check=False).returncode == 0


def test_skip_keeps_the_mark_and_unknown_input_is_explained(data_copy: Path, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("- [周末随笔](https://example.org/r9)\n", encoding="utf-8")
    main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", str(md)])
    text = data_copy.read_bytes()
    result = _review(data_copy, "z\nc\nnope\ns\n")
    assert "未知分类 “nope”" in result.stdout and "还有 1 条待复核" in result.stdout
    assert data_copy.read_bytes() == text


def test_tags_can_be_edited_and_accepted(data_copy: Path, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("- [周末随笔](https://example.org/r8)\n", encoding="utf-8")
    main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", str(md)])
    category = _entries(data_copy)["https://example.org/r8"]["category"]
    result = _review(data_copy, "t\nvllm, 量化\na\n")
    assert result.returncode == 0, result.stderr
    entry = _entries(data_copy)["https://example.org/r8"]
    assert (entry["category"], entry["tags"], entry.get("review")) == (category, ["vllm", "量化"], None)


def test_the_list_headings_an_entry_sat_under_are_shown_and_used(data_copy: Path, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("# 🚀 收藏夹\n\n## 💡 GPU 编程 ([back](#top))\n\n- [周末随笔](https://example.org/r7)\n",
                  encoding="utf-8")
    main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", str(md)])
    assert _entries(data_copy)["https://example.org/r7"]["review"] == "可能无关：收藏夹 › GPU 编程"
    text = data_copy.read_text(encoding="utf-8")
    start = text.index("- url: https://example.org/r7")
    end = text.index("\n\n", start)
    data_copy.write_text(text[:start] + re.sub(r"category: \S+", "category: moe", text[start:end]) + text[end:],
                         encoding="utf-8")
    result = _review(data_copy, "1\n")
    assert "栏目" in result.stdout and "收藏夹 › GPU 编程" in result.stdout, result.stdout
    # The title alone says nothing; the heading makes CUDA programming the first suggestion.
    assert _entries(data_copy)["https://example.org/r7"]["category"] == "cuda-basics", result.stdout


def _set_category(catalog: Path, url: str, category: str) -> None:
    text = catalog.read_text(encoding="utf-8")
    start = text.index(f"- url: {url}")
    end = text.index("\n\n", start)
    catalog.write_text(text[:start] + re.sub(r"category: \S+", f"category: {category}", text[start:end]) + text[end:],
                       encoding="utf-8")


def test_enter_does_not_keep_a_category_none_of_the_suggestions_agrees_with(data_copy: Path, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("- [FlashAttention 的 IO 感知分块计算](https://example.org/fa1)\n", encoding="utf-8")
    main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", str(md)])
    _set_category(data_copy, "https://example.org/fa1", "tokenizer\n  review: true")
    assert main(["fmt", "--catalog", str(data_copy)]) == 0  # the fields back in their order
    assert _entries(data_copy)["https://example.org/fa1"]["review"] is True
    result = _review(data_copy, "\n")  # Enter alone: not a decision here, and then the input ends
    assert "不在建议里" in result.stdout, result.stdout
    assert _entries(data_copy)["https://example.org/fa1"].get("review")
    result = _review(data_copy, "\na\n")  # keeping it takes an explicit `a`
    entry = _entries(data_copy)["https://example.org/fa1"]
    assert entry["category"] == "tokenizer" and "review" not in entry


def test_the_title_can_be_edited_and_any_category_picked(data_copy: Path, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("## Open o1\n\n- [paper](https://example.org/o1a)\n- [paper](https://example.org/o1b)\n", encoding="utf-8")
    main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", str(md)])
    assert _entries(data_copy)["https://example.org/o1a"]["title"] == "https://example.org/o1a"
    result = _review(data_copy, "e\nOpen o1 复现报告\nc\n\nrl-reasoning\nq\n")
    assert result.returncode == 0, result.stderr
    assert "rl-reasoning" in result.stdout  # an empty answer lists every category
    entry = _entries(data_copy)["https://example.org/o1a"]
    assert (entry["title"], entry["category"], entry.get("review")) == ("Open o1 复现报告", "rl-reasoning", None)
    assert subprocess.run([sys.executable, "-m", "haowen", "validate", "--catalog", str(data_copy)],
                          capture_output=True, check=False).returncode == 0


def test_an_entry_can_be_excluded_with_a_reason(data_copy: Path, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("- [CMake 入门实战](https://example.org/cmake)\n", encoding="utf-8")
    main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", str(md)])
    before = _entries(data_copy)
    result = _review(data_copy, "x\n\nx\n与大模型无关的构建工具教程\n")
    assert result.returncode == 0, result.stderr
    assert "需要写一句理由" in result.stdout
    after = _entries(data_copy)
    assert "https://example.org/cmake" not in after and len(after) == len(before) - 1
    excluded = yaml.safe_load((data_copy.parent / "excluded.yaml").read_text(encoding="utf-8"))["excluded"]
    assert {"url": "https://example.org/cmake", "reason": "与大模型无关的构建工具教程"} in excluded
    assert len(excluded) >= 2  # the earlier exclusions are kept
    assert subprocess.run([sys.executable, "-m", "haowen", "validate", "--catalog", str(data_copy)],
                          capture_output=True, check=False).returncode == 0
    assert main(["import", "--catalog", str(data_copy), "--added", "2024-06-01", str(md)]) == 0
    assert "https://example.org/cmake" not in _entries(data_copy)  # import does not bring it back


def test_the_list_shows_one_line_per_entry_with_its_headings(data_copy: Path, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("# 收藏\n\n## 杂记\n\n- [周末随笔](https://example.org/w1)\n\n## 再记\n\n- [周末随笔](https://example.org/w1)\n"
                  "- [另一篇随笔](https://example.org/w2)\n", encoding="utf-8")
    import_out = subprocess.run([sys.executable, "-m", "haowen", "import", "--catalog", str(data_copy), "--added",
                                 "2024-06-01", str(md)], capture_output=True, text=True, check=False).stdout
    assert import_out.count("待复核 https://example.org/w1") == 1, import_out  # one line per entry
    result = subprocess.run([sys.executable, "-m", "haowen", "review", "--list", "--catalog", str(data_copy)],
                            capture_output=True, text=True, check=False)
    lines = [ln for ln in result.stdout.splitlines() if "example.org/w" in ln]
    assert len(lines) == 2 and "栏目：（可能无关）收藏 › 杂记" in lines[0], result.stdout
