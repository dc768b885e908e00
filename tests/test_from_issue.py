"""The 推荐文章 issue form → `haowen from-issue` → `haowen add` (the script the suggest-link workflow runs)."""

from __future__ import annotations

import re
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


def _run(catalog: Path, tmp_path: Path, body: str, *options: str) -> subprocess.CompletedProcess[str]:
    issue = tmp_path / "issue.md"
    issue.write_text(body, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "haowen", "from-issue", "--catalog", str(catalog), str(issue), *options],
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
    assert "haowen from-issue" in runs and '--reply "$RUNNER_TEMP/handover/reply.md"' in runs
    reply = workflow["jobs"]["reply"]
    assert any(s.get("uses", "").startswith("peter-evans/create-pull-request@") for s in reply["steps"])
    assert "gh issue comment" in "\n".join(step.get("run", "") for step in reply["steps"])
    for j in workflow["jobs"].values():  # issue text reaches the shell only through env, never spliced into a script
        assert "${{" not in "\n".join(step.get("run", "") for step in j["steps"])


HOSTILE = "@octocat 修好了 #12、owner/repo#3 和 GH-4 ```"


def _mentions(text: str) -> list[str]:
    """What GitHub would read as a mention or a cross-reference."""
    return re.findall(r"@\w|#\d|\bGH-\d", text, flags=re.I)


def test_the_pull_request_body_mentions_nobody(data_copy: Path, tmp_path: Path) -> None:
    reply = tmp_path / "reply.md"
    result = _run(data_copy, tmp_path, _body("https://example.com/@octocat/moe", HOSTILE, "混合专家 MoE / Mixture of Experts (moe)",
                                             "cc @org/team #1"), "--issue", "42", "--reply", str(reply))
    assert result.returncode == 0, result.stderr
    assert "@octocat" in result.stdout  # the log shows the text as it is
    body = reply.read_text(encoding="utf-8")
    assert body.startswith("Closes #42\n\n````\n")  # the one reference the bot means; a fence no title can close
    assert _mentions(body.removeprefix("Closes #42")) == []
    assert "@\u200boctocat 修好了 #\u200b12" in body


def test_the_refusal_comment_mentions_nobody(data_copy: Path, tmp_path: Path) -> None:
    reply = tmp_path / "reply.md"
    result = _run(data_copy, tmp_path, _body("ftp://example.com/@octocat#1", HOSTILE, NOT_SURE, "好"),
                  "--issue", "42", "--reply", str(reply))
    assert result.returncode == 1
    comment = reply.read_text(encoding="utf-8")
    assert comment.startswith("没能自动收录") and "ftp://example.com/@\u200boctocat#\u200b1" in comment
    assert _mentions(comment) == [] and "Closes" not in comment
