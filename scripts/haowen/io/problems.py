"""Problems found in data files, and how they are printed."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from haowen.text.safe import visible

WARNING = "提醒（编辑规则，不算错误）："


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake at a place in a file; a `warning` (an editorial rule broken) does not fail validate."""

    path: str
    line: int
    col: int
    message: str
    warning: bool = False

    def text(self) -> str:
        """`file:line:col: message`, on one line whatever the data quoted in it holds (haowen.text.safe.visible)."""
        said = f"{WARNING}{self.message}" if self.warning else self.message
        return visible(f"{self.path}:{self.line}:{self.col}: {said}")

    def github(self) -> str:
        """A GitHub Actions annotation; `%` escaped, and no character of the data can end or recolour it."""
        path = visible(self.path).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        level = "warning" if self.warning else "error"
        return f"::{level} file={path},line={self.line},col={self.col}::{visible(self.message).replace('%', '%25')}"


class ProblemsError(Exception):
    """A data file that cannot be used; carries its positioned problems, one per line in str()."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.text() for p in problems))
        self.problems = problems


def shown_path(path: Path) -> str:
    """`path` relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A '（是不是 …？）' hint naming the closest choice, or ''."""
    pool = list(choices)
    lowered = {c.lower(): c for c in pool}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f"（是不是 “{lowered[close[0]]}”？）" if close else ""


def format_all(problems: Iterable[Problem], fmt: str) -> str:
    """All problems, sorted by file and line, one a line."""
    render = Problem.github if fmt == "github" else Problem.text
    return "\n".join(render(p) for p in sorted(set(problems)))
