"""The suggestion engine's model cache (issue 23): keyed on what the model depends on, kept where the user
(or the test suite) says, and never in the real home directory during tests."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from haowen.catalog.load import load_or_exit
from haowen.suggest.engine import cache_dir, model_key

ROOT = Path(__file__).resolve().parent.parent


def where(env: dict[str, str], tmp_path: Path) -> Path:
    """cache_dir() in a child process with exactly `env` (plus the path to the package)."""
    code = "from haowen.suggest.engine import cache_dir; print(cache_dir())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(ROOT / "scripts"), **env}).stdout
    return Path(out.strip())


def test_the_suite_keeps_the_cache_in_the_system_temp_dir() -> None:
    assert cache_dir().is_relative_to(Path(tempfile.gettempdir()))


def test_haowen_cache_dir_then_xdg_cache_home_then_home(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    assert where({"HOME": home, "HAOWEN_CACHE_DIR": str(tmp_path / "c"), "XDG_CACHE_HOME": "/x"}, tmp_path) == tmp_path / "c"
    assert where({"HOME": home, "XDG_CACHE_HOME": str(tmp_path / "x")}, tmp_path) == tmp_path / "x" / "haowen"
    assert where({"HOME": home}, tmp_path) == tmp_path / "home" / ".cache" / "haowen"


@pytest.mark.skipif(not __import__("importlib.util").util.find_spec("sklearn"), reason="needs the suggest extra")
def test_a_suggestion_in_the_suite_writes_nothing_into_home(data_copy: Path, tmp_path: Path) -> None:
    """A child process of the suite (its environment inherited) fits and caches the model in the suite's folder."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    result = subprocess.run([sys.executable, "-m", "haowen", "suggest", "FlashAttention 的 CUDA 实现",
                             "--catalog", str(data_copy)], capture_output=True, text=True, cwd=tmp_path,
                            env={**env, "HOME": str(home), "PYTHONPATH": str(ROOT / "scripts")})
    assert result.returncode == 0, result.stderr
    assert list(home.iterdir()) == []
    assert (cache_dir() / f"suggest-{model_key(load_or_exit(data_copy))}.pickle").is_file()


def edited(data_copy: Path, name: str, old: str, new: str) -> str:
    path = data_copy.parent / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return model_key(load_or_exit(data_copy))


def test_the_key_follows_the_content_the_model_learns_from(data_copy: Path) -> None:
    before = model_key(load_or_exit(data_copy))
    assert edited(data_copy, "links.yaml", "\n", "\n# a comment changes nothing the model reads\n") == before
    first = load_or_exit(data_copy).links[0]
    after_title = edited(data_copy, "links.yaml", f"title: {first.title}", f"title: {first.title} 改")
    assert after_title != before
    taxonomy = (data_copy.parent / "taxonomy.yaml").read_text(encoding="utf-8")
    keyword = next(line for line in taxonomy.splitlines() if line.strip().startswith("keywords:"))
    assert edited(data_copy, "taxonomy.yaml", keyword, keyword.replace("[", "[新关键词, ", 1)) != after_title
