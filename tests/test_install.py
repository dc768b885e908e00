"""Installing and contributing as README and CONTRIBUTING say (issue 23)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import urllib.parse
import zipfile
from pathlib import Path
from typing import Any

import pytest
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


# --- a regular (non-editable) install builds the site ---------------------------------------------------------

def run(*args: str | Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True,
                            env={**env, "NO_MKDOCS_2_WARNING": "1", "PIP_NO_INPUT": "1"}, **kwargs)
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built offline from a copy of the sources (nothing written into the checkout)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "scripts", src / "scripts", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index", "-w", out, src)
    return next(out.glob("haowen-*.whl"))


def test_the_wheel_holds_every_file_the_package_reads(wheel: Path) -> None:
    """Every file under scripts/haowen that is not Python (scripts, templates, py.typed) is in the wheel."""
    tracked = run("git", "ls-files", "scripts/haowen", cwd=ROOT).stdout.split()
    wanted = {f.removeprefix("scripts/") for f in tracked if not f.endswith(".py")}
    assert "haowen/site/theme/partials/search.html" in wanted
    with zipfile.ZipFile(wheel) as zf:
        assert wanted - set(zf.namelist()) == set()


def test_a_regular_install_builds_the_site(wheel: Path, tmp_path: Path) -> None:
    """`pip install .` (not -e) into a fresh venv, then that venv's MkDocs builds the checkout's site."""
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip()
    # The dependencies come from this environment (offline, quick); the package itself only from the wheel.
    (Path(purelib) / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel)
    where = run(python, "-c", "import haowen.site.plugin as p; print(p.__file__)", cwd=ROOT).stdout.strip()
    assert Path(where).is_relative_to(venv), where  # not scripts/ of the checkout
    site = tmp_path / "site"
    run(python, "-m", "mkdocs", "build", "--strict", "-f", ROOT / "mkdocs.yml", "-d", site, cwd=ROOT)
    assert (site / "categories" / "training" / "index.html").is_file()
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "data-hw-search" in page  # the search box of theme/partials/search.html, read from the installed package
    assert (site / "search" / "hw" / "meta.json").is_file()  # the search index the plugin writes


# --- README's two commands ----------------------------------------------------------------------------------


def two_commands() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## 两条命令", 1)[1].split("\n## ", 1)[0]


def test_readme_serves_from_a_venv_at_the_address_serve_uses() -> None:
    """The first command works where the system Python refuses installs (PEP 668) and names the real address."""
    section = two_commands()
    first = re.search(r"```bash\n(.*?)\n```", section, re.S)
    assert first is not None
    steps = first.group(1).split(" && ")
    assert steps[0] == "python3 -m venv .venv" and steps[1].startswith(".venv/bin/pip install -e .")
    assert steps[-1].endswith(".venv/bin/mkdocs serve") and "\n" not in first.group(1)
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))["site_url"]
    assert f"http://127.0.0.1:8000{urllib.parse.urlsplit(site_url).path}" in section
    assert "/.venv/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_the_test_command_installs_and_runs_only_inside_the_project_venv(tmp_path: Path) -> None:
    """scripts/test.sh uses .venv/bin/python for pip and pytest (whatever Python is active), passes its arguments
    to pytest and exits with pytest's status."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "test.sh", tmp_path / "scripts" / "test.sh")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    # A stand-in interpreter that records how it is called; "pytest" fails with status 3.
    python.write_text('#!/bin/sh\necho "$*" >> "$(dirname "$0")/calls"\ncase "$*" in *pytest*) exit 3;; esac\n',
                      encoding="utf-8")
    python.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CI": "true"}
    result = subprocess.run(["bash", "scripts/test.sh", "-k", "some test"], cwd=tmp_path, capture_output=True,
                            text=True, env=env)
    assert result.returncode == 3, result.stderr
    calls = (python.parent / "calls").read_text(encoding="utf-8").splitlines()
    assert calls == ["-m pip install -q -e .[test,suggest]", "-m pytest -q -k some test"]
