"""The status file (data/link-status.json): its model, how it is read, and what the site needs from it.

`haowen check` writes the file (linkcheck/state.py); the site reads it here, without importing the
link checker.  The file is JSON and is read as JSON (`io.datafile.read_json_model`); archive
URLs follow the catalogue's URL rules, so a `javascript:` one is an error, never a link.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from haowen.catalog.load import Catalog
from haowen.catalog.urls import UrlError, canonical, plainly_http, split_checked
from haowen.io.datafile import read_json_model
from haowen.io.problems import ProblemsError

STATUS_FILE = "link-status.json"
Status = Literal["alive", "dead", "blocked", "unknown"]


class StatusFileError(ProblemsError):
    """The status file cannot be used."""


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


def load_states(path: Path) -> dict[str, LinkState]:
    """The states in `path` ({} when it does not exist); StatusFileError with positions when it is broken."""
    if not path.exists():
        return {}
    status, problems = read_json_model(path, StatusFile, "状态文件")
    if status is None:
        raise StatusFileError(problems)
    return status.links


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
