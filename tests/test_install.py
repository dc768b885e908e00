"""Installing and contributing as README and CONTRIBUTING say (issue 23)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def extra(name: str) -> set[str]:
    """The distribution names an extra of pyproject.toml asks for."""
    return {re.split(r"[\s<>=!~;\[]", req, maxsplit=1)[0] for req in PYPROJECT["project"]["optional-dependencies"][name]}


def test_the_dev_extra_brings_pre_commit_and_the_test_tools() -> None:
    """CONTRIBUTING's `pip install -e '.[dev]'` then `pre-commit install` works: pre-commit is in the extra."""
    dev = PYPROJECT["project"]["optional-dependencies"]["dev"]
    assert "pre-commit" in extra("dev") and "haowen[test,suggest]" in dev


def test_contributing_names_every_pre_commit_hook() -> None:
    hooks = [h["id"] for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
             for h in repo["hooks"]]
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert [h for h in hooks if f"`{h}`" not in contributing] == []
    counts = {"两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
    said = [counts[c] for c in re.findall(r"([两三四五六七])项检查", contributing)]
    assert said and all(n == len(hooks) for n in said), said
    assert "pip install -e '.[dev]'" in contributing
