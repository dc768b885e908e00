"""The toolchain around the plugin (issue 23): the Material range, the nav plugin, a build that skipped the plugin."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import distribution
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet

import sitebuild
from haowen.site.toolchain import MATERIAL_RANGE
from haowen.site.verify import main as verify

ROOT = Path(__file__).resolve().parent.parent


def build(config_file: Path, pythonpath: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (pythonpath, env.get("PYTHONPATH", "")) if p)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file)],
                          capture_output=True, text=True, env=env)


def test_pyproject_asks_for_the_range_the_plugin_checks() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    material = [d for d in deps if re.match(r"mkdocs-material\b", d)]
    assert len(material) == 1
    assert SpecifierSet(material[0].split("#")[0].removeprefix("mkdocs-material").strip()) == MATERIAL_RANGE
    assert any(s.operator == "<" for s in MATERIAL_RANGE)  # an upper bound: deploy never meets an untested major


def test_a_material_outside_the_range_is_a_clear_build_error(tmp_path: Path) -> None:
    """Material 9.6 lacks the index's config.fields: the build says which versions to install, no KeyError."""
    shadow = tmp_path / "dists"
    info = shadow / "mkdocs_material-9.6.23.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mkdocs-material\nVersion: 9.6.23\n", encoding="utf-8")
    real = distribution("mkdocs-material").read_text("entry_points.txt") or ""
    (info / "entry_points.txt").write_text(real, encoding="utf-8")  # the theme itself is the installed one
    result = build(sitebuild.write_config(tmp_path / "site"), pythonpath=str(shadow))
    assert result.returncode != 0
    assert "9.6.23" in result.stderr and str(MATERIAL_RANGE) in result.stderr and "pip install" in result.stderr
    assert "Traceback" not in result.stderr and "KeyError" not in result.stderr


def test_a_config_without_the_nav_plugin_does_not_build(tmp_path: Path) -> None:
    """Without awesome-nav the nav would silently turn alphabetical: the haowen plugin refuses to build."""
    config_file = sitebuild.write_config(tmp_path / "site")
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if p != "awesome-nav"]
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = build(config_file)
    assert result.returncode != 0
    assert "awesome-nav" in result.stderr and "导航" in result.stderr and "Traceback" not in result.stderr


def test_a_site_built_without_the_plugin_fails_the_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What a builder ignoring the haowen plugin makes (docs/ only) is caught before it is published."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f",
                             str(sitebuild.write_config(tmp_path / "site", plain=True))],
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr  # docs/ alone builds without an error
    assert verify([str(tmp_path / "site"), "--catalog", str(ROOT / "data/links.yaml")]) == 1
    assert "缺少 haowen 插件生成的" in capsys.readouterr().err


def test_the_real_site_passes_the_check() -> None:
    assert verify([str(sitebuild.site()), "--catalog", str(ROOT / "data/links.yaml")]) == 0


def test_every_workflow_that_runs_mkdocs_silences_materials_banner() -> None:
    """Material prints an end-of-life banner on every build unless NO_MKDOCS_2_WARNING is set (its only switch)."""
    unset = []
    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        flow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, job in flow.get("jobs", {}).items():
            for step in job.get("steps", []):
                env = {**flow.get("env", {}), **job.get("env", {}), **step.get("env", {})}
                if re.search(r"\bmkdocs (build|serve)", step.get("run", "")) and "NO_MKDOCS_2_WARNING" not in env:
                    unset.append(f"{path.name}: {name}: {step.get('name')}")
    assert unset == []
