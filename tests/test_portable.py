"""The site and the tools run on every OS MkDocs supports (issue 23): nothing Unix-only on the plugin's path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sitebuild

ROOT = Path(__file__).resolve().parent.parent

# Modules Windows lacks: their imports fail here as they do there.
UNIX_ONLY = ("fcntl", "termios", "tty", "pwd", "grp", "resource")
NO_FCNTL = f"import sys\nsys.modules.update(dict.fromkeys({UNIX_ONLY!r}))\n"


def run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-W", "ignore", "-c", NO_FCNTL + code], capture_output=True, text=True,
                          cwd=tmp_path, env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": ""})


def test_the_plugin_imports_without_fcntl(tmp_path: Path) -> None:
    result = run("import haowen.site.plugin\nimport haowen.cli\n", tmp_path)
    assert result.returncode == 0, result.stderr


def test_a_locked_write_works_without_fcntl(tmp_path: Path) -> None:
    result = run("from pathlib import Path\nfrom haowen.io.store import write_unchanged\n"
                 "p = Path('links.yaml')\np.write_text('a\\n')\n"
                 "print(write_unchanged(p, 'a\\n', 'b\\n'), end='')\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "links.yaml").read_text() == result.stdout == "b\n"


def test_the_site_builds_without_unix_only_modules(tmp_path: Path) -> None:
    """`mkdocs build --strict` with the haowen plugin, as on Windows."""
    config = sitebuild.write_config(tmp_path / "site")
    code = f"from mkdocs.__main__ import cli\ncli(['build', '--strict', '-q', '-f', {str(config)!r}])\n"
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", NO_FCNTL + code], capture_output=True, text=True,
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT / "scripts"),
                                               "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "categories" / "training" / "index.html").is_file()
