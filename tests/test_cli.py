"""The `haowen` command line: help, --catalog everywhere, ./data/links.yaml by default, clear errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from haowen.cli import COMMANDS

SMALL = """\
- url: https://zhuanlan.zhihu.com/p/100
  title: 一篇讲注意力的文章
  category: attention
  added: 2024-01-01

- url: https://mp.weixin.qq.com/s/AbCdEfGh
  title: 一篇讲 RWKV 的文章
  category: rwkv
  added: 2024-02-03
"""


def haowen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "haowen", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


@pytest.fixture
def small_repo(tmp_path: Path, repo_root: Path) -> Path:
    """A folder laid out like the repository, with a two-link data/links.yaml."""
    data = tmp_path / "repo" / "data"
    data.mkdir(parents=True)
    for name in ("taxonomy.yaml", "tags.yaml", "import.yaml"):
        shutil.copy(repo_root / "data" / name, data / name)
    (data / "links.yaml").write_text(SMALL, encoding="utf-8")
    return data.parent


def test_help_lists_the_subcommands(tmp_path: Path) -> None:
    result = haowen("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert {"validate", "import", "export"} <= set(COMMANDS)
    for name in COMMANDS:
        assert name in result.stdout


def test_no_subcommand_is_a_usage_error(tmp_path: Path) -> None:
    result = haowen(cwd=tmp_path)
    assert result.returncode == 2
    assert "usage" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_subcommand_accepts_catalog(name: str, tmp_path: Path) -> None:
    result = haowen(name, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "--catalog" in result.stdout


def test_validate_from_repo_root_uses_data_links_yaml(small_repo: Path) -> None:
    result = haowen("validate", cwd=small_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 条链接" in result.stdout


def test_problems_are_named_relative_to_the_repo_root(small_repo: Path) -> None:
    links = small_repo / "data" / "links.yaml"
    links.write_text(SMALL.replace("category: rwkv", "category: rwkvv"), encoding="utf-8")
    result = haowen("validate", cwd=small_repo)
    assert result.returncode == 1
    assert "data/links.yaml:8:13:" in result.stdout


def test_export_from_repo_root_uses_data_links_yaml(small_repo: Path) -> None:
    result = haowen("export", "json", cwd=small_repo)
    assert result.returncode == 0, result.stderr
    assert [link["url"] for link in json.loads(result.stdout)["links"]] == [
        "https://zhuanlan.zhihu.com/p/100",
        "https://mp.weixin.qq.com/s/AbCdEfGh",
    ]


def test_catalog_option_points_elsewhere(small_repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = haowen("export", "json", "--catalog", str(small_repo / "data" / "links.yaml"), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["links"]) == 2


def test_import_from_repo_root_writes_data_links_yaml(small_repo: Path) -> None:
    md = small_repo / "list.md"
    md.write_text("# 模型推理\n\n- [vLLM 调度详解](https://zhuanlan.zhihu.com/p/300)\n", encoding="utf-8")
    result = haowen("import", "list.md", "--added", "2024-05-01", cwd=small_repo)
    assert result.returncode == 0, result.stderr
    text = (small_repo / "data" / "links.yaml").read_text(encoding="utf-8")
    assert "https://zhuanlan.zhihu.com/p/300" in text
    assert "https://zhuanlan.zhihu.com/p/100" in text


MISSING_CASES = {
    "validate": ["validate"],
    "export": ["export", "json"],
    "import": ["import", "{md}"],
    "fmt": ["fmt"],
    "schema": ["schema"],
}


@pytest.mark.parametrize("name", sorted(set(MISSING_CASES) & set(COMMANDS)))
def test_missing_catalogue_is_a_clear_message(name: str, tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("- [a](https://zhuanlan.zhihu.com/p/1)\n", encoding="utf-8")
    args = [a.format(md=md) for a in MISSING_CASES[name]]
    result = haowen(*args, "--catalog", str(tmp_path / "nowhere" / "links.yaml"), cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "找不到" in output and "links.yaml" in output
    assert not (tmp_path / "nowhere").exists()  # nothing was created


def test_outside_the_repo_without_catalog_is_a_clear_message(tmp_path: Path) -> None:
    result = haowen("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/links.yaml" in result.stdout and "--catalog" in result.stdout
