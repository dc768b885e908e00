"""The 推荐文章 issue form → `haowen from-issue` → `haowen add` (the script the suggest-link workflow runs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from haowen.catalog.load import load
from haowen.commands.from_issue import answers
from haowen.export.schema import NOT_SURE, category_options

ROOT = Path(__file__).resolve().parent.parent


def _body(url: str, title: str, category: str, why: str) -> str:
    """An issue body as GitHub renders the form's answers."""
    return (f"### 链接 / URL\n\n{url}\n\n### 标题 / Title\n\n{title}\n\n### 分类 / Category\n\n{category}\n\n"
            f"### 推荐理由 / Why is it good?\n\n{why}\n")


def _run(catalog: Path, tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    issue = tmp_path / "issue.md"
    issue.write_text(body, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "haowen", "from-issue", "--catalog", str(catalog), str(issue)],
                          capture_output=True, text=True, check=False, timeout=120)


def test_answers_of_the_real_form() -> None:
    catalog, _ = load(ROOT / "data" / "links.yaml")
    option = next(o for o in category_options(catalog) if o.endswith("(attention)"))
    assert answers(_body("https://example.com/a", "_No response_", option, "讲清楚了\n注意力的来龙去脉")) == {
        "url": "https://example.com/a", "category": "attention", "note": "讲清楚了 注意力的来龙去脉"}
    assert "category" not in answers(_body("https://example.com/a", "T", NOT_SURE, "好"))


def test_a_good_suggestion_is_added(data_copy: Path, tmp_path: Path) -> None:
    result = _run(data_copy, tmp_path, _body("https://example.com/moe-guide", "MoE 路由入门", "混合专家 MoE / Mixture of Experts (moe)",
                                             "图解专家路由"))
    assert result.returncode == 0, result.stderr
    entry = {e["url"]: e for e in yaml.safe_load(data_copy.read_text(encoding="utf-8"))}["https://example.com/moe-guide"]
    assert (entry["title"], entry["category"], entry["note"]) == ("MoE 路由入门", "moe", "图解专家路由")


def test_problems_are_reported_and_nothing_is_written(data_copy: Path, tmp_path: Path) -> None:
    before = data_copy.read_bytes()
    existing = yaml.safe_load(before)[0]["url"]
    duplicate = _run(data_copy, tmp_path, _body(existing, "重复", NOT_SURE, "好"))
    assert duplicate.returncode == 1 and duplicate.stderr.strip()
    missing = _run(data_copy, tmp_path, _body("_No response_", "无链接", NOT_SURE, "好"))
    assert missing.returncode == 1 and "链接 / URL" in missing.stderr
    bad = _run(data_copy, tmp_path, _body("ftp://example.com/x", "T", NOT_SURE, "好"))
    assert bad.returncode == 1 and "ftp://example.com/x" in bad.stderr
    assert data_copy.read_bytes() == before


def test_the_workflow_runs_the_script_on_form_issues() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/suggest-link.yml").read_text(encoding="utf-8"))
    assert workflow[True]["issues"]["types"] == ["opened", "edited"]
    job = workflow["jobs"]["add"]
    assert "suggest-link" in job["if"]
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "haowen from-issue" in runs and "gh pr create" in runs and "gh issue comment" in runs
    assert "${{" not in runs  # issue text reaches the shell only through env, never spliced into the script
