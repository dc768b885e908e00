"""The status file (data/link-status.json): its model, how it is read, and what the site needs from it.

`haowen check` writes the file (check/state.py); the site reads it here, without importing the
link checker.  The file is JSON and is read as JSON (pydantic's `model_validate_json`); archive
URLs follow the catalogue's URL rules, so a `javascript:` one is an error, never a link.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from haowen.catalog.load import Catalog
from haowen.io.problems import Problem, shown_path
from haowen.catalog.urls import UrlError, canonical, plainly_http, split_checked

STATUS_FILE = "link-status.json"
Status = Literal["alive", "dead", "blocked", "unknown"]
_JSON_AT = re.compile(r"(.*) at line (\d+) column (\d+)$")


class StatusFileError(Exception):
    """The status file cannot be used; carries positioned problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.text() for p in problems))
        self.problems = problems


class LinkState(BaseModel):
    """What the checker knows about one link."""

    model_config = ConfigDict(extra="forbid")

    status: Status
    code: int | None = None
    reason: str = ""
    last_checked: dt.datetime
    first_failed: dt.datetime | None = None
    consecutive_failures: int = 0
    last_alive: dt.datetime | None = None
    dead_since: dt.datetime | None = None
    confirmed_dead: bool = False
    archive_url: str | None = None

    @field_validator("archive_url")
    @classmethod
    def _http_archive(cls, url: str | None) -> str | None:
        if url is not None and not plainly_http(url):  # the common case, judged without splitting
            try:
                split_checked(url)
            except UrlError as exc:
                raise ValueError(f"存档链接无效：{exc}") from None
        return url


class StatusFile(BaseModel):
    """The whole file: a version and the links by canonical URL."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    links: dict[str, LinkState] = {}


def _position(text: str, loc: tuple[int | str, ...]) -> tuple[int, int]:
    """Line and column of the innermost key of `loc` found in `text` (1, 1 when none is)."""
    at = 0
    for key in loc:
        found = text.find(json.dumps(str(key), ensure_ascii=False) + ":", at)
        if found < 0:
            found = text.find(json.dumps(str(key)) + ":", at)
        if found < 0:
            break
        at = found
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _problems(where: str, text: str, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        if err["type"] == "json_invalid":
            found = _JSON_AT.match(str(err.get("ctx", {}).get("error", "")))
            line, col = (int(found.group(2)), max(int(found.group(3)), 1)) if found else (1, 1)
            detail = found.group(1) if found else err["msg"]
            problems.append(Problem(where, line, col, f"状态文件不是有效的 JSON（{detail}）：可能写到一半被打断，"
                                                      "用 git 恢复它或删掉它（下次 haowen check 会重建）"))
            continue
        line, col = _position(text, err["loc"])
        field = ".".join(str(part) for part in err["loc"])
        message = str(err["msg"]).removeprefix("Value error, ")
        problems.append(Problem(where, line, col, f"状态文件的 {field} 不对：{message}"))
    return sorted(problems)


def load_states(path: Path) -> dict[str, LinkState]:
    """The states in `path` ({} when it does not exist); StatusFileError with positions when it is broken."""
    if not path.exists():
        return {}
    where = shown_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise StatusFileError([Problem(where, 1, 1, f"无法读取状态文件：{exc}")]) from None
    try:
        return StatusFile.model_validate_json(text).links
    except ValidationError as exc:
        raise StatusFileError(_problems(where, text, exc)) from None


@dataclass(frozen=True)
class DeadMark:
    """A 可能失效 mark for one link."""

    last_alive: dt.date | None
    archive_url: str | None


def dead_marks(catalog: Catalog) -> dict[str, DeadMark]:
    """Marks for the catalogue's confirmed dead links by canonical URL, from data/link-status.json.

    Returns {} when the status file does not exist; raises StatusFileError (with `file:line:col`
    problems) when it is broken.
    """
    states = load_states(catalog.data_dir / STATUS_FILE)
    marks: dict[str, DeadMark] = {}
    if not any(state.confirmed_dead for state in states.values()):
        return marks
    for link in catalog.links:
        url = canonical(link.url)
        state = states.get(url)
        if state and state.confirmed_dead:
            last = state.last_alive.date() if state.last_alive else None
            marks[url] = DeadMark(last, state.archive_url)
    return marks
