"""The status file (data/link-status.json): its model, how it is read, and what the site needs from it.

`haowen check` writes the file (linkcheck/state.py); the site reads it here, without importing the
link checker.  The file is JSON and is read as JSON (`io.datafile.read_json_model`).  Nothing in it
is trusted further than the checker would write it: archive URLs must be on the archive hosts of
check.yaml's `archive` section (the hosts the checker itself takes snapshots from), status flags
must agree with each other, and a state checked "in the future" is stale (re-checked, never shown).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from haowen.catalog import clock
from haowen.catalog.load import Catalog
from haowen.catalog.urls import UrlError, canonical, plainly_http, split_checked
from haowen.io.datafile import json_position, read_json_model, read_yaml, validation_problems
from haowen.io.problems import Problem, ProblemsError, shown_path

STATUS_FILE = "link-status.json"
CHECK_FILE = "check.yaml"  # the link checker's settings, beside the status file
Status = Literal["alive", "dead", "blocked", "unknown"]


class Archive(BaseModel):
    """check.yaml's `archive` section: the Wayback Machine availability API and the hosts of its snapshots."""

    model_config = ConfigDict(extra="forbid", strict=True)

    url: str = Field("https://archive.org/wayback/available", description="可用性 API 地址")
    interval: float = Field(1.0, ge=0, description="两次查询之间的最短间隔（秒）")
    hosts: list[str] = Field(default_factory=lambda: ["web.archive.org"], min_length=1,
                             description="存档链接所在的主机：只采用、只显示这些主机上的存档链接")


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
    consecutive_failures: int = Field(0, ge=0)
    last_alive: dt.datetime | None = None
    dead_since: dt.datetime | None = None
    confirmed_dead: bool = False
    archive_url: str | None = None

    @field_validator("archive_url")
    @classmethod
    def _archive_link(cls, url: str | None, info: ValidationInfo) -> str | None:
        archive = info.context if isinstance(info.context, Archive) else None
        reason = None if url is None else archive_refusal(url, archive)
        if reason:
            raise ValueError(reason)
        return url

    @model_validator(mode="after")
    def _flags_agree(self) -> LinkState:
        conflict = _conflict(self)
        if conflict:
            raise ValueError(f"状态互相矛盾：{conflict}；删掉这一条，下次 haowen check 会重新检查")
        return self

    def times(self) -> list[dt.datetime]:
        """Every time the state records."""
        return [t for t in (self.last_checked, self.first_failed, self.last_alive, self.dead_since) if t is not None]

    def in_future(self, now: dt.datetime) -> bool:
        """Whether any of its times lies after `now` (a state no checker could have written yet)."""
        return any(_aware(t) > now for t in self.times())


def _aware(moment: dt.datetime) -> dt.datetime:
    """`moment` with a time zone (UTC when the file gave none), so it compares with an aware now."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def archive_refusal(url: str, archive: Archive | None) -> str | None:
    """Why `url` cannot be an archive link (not a web link; with `archive`, not https on one of its hosts),
    or None when it can."""
    if not plainly_http(url):  # the common case, judged without splitting
        try:
            split_checked(url)
        except UrlError as exc:
            return f"存档链接无效：{exc}"
    host = url.split("://", 1)[1].split("/", 1)[0].lower()
    if archive is not None and (not url.startswith("https://") or host not in archive.hosts):
        return (f"存档链接应是 https 且在 {'、'.join(archive.hosts)} 上（check.yaml 的 archive.hosts）："
                "删掉它，下次 haowen check 会重新查找")
    return None


def _conflict(state: LinkState) -> str:
    """What in `state` no run of the checker writes ("" when its flags agree)."""
    if state.confirmed_dead and state.status not in ("dead", "unknown"):
        return f"status 是 {state.status}，却标了 confirmed_dead"
    if state.status == "alive" and (state.dead_since or state.first_failed or state.consecutive_failures):
        return "status 是 alive，却记着失败（dead_since、first_failed 或 consecutive_failures）"
    if state.status == "blocked" and state.dead_since:
        return "status 是 blocked，却记着 dead_since"
    if state.status != "alive" and not (state.first_failed and state.consecutive_failures):
        return f"status 是 {state.status}，却没有 first_failed 和 consecutive_failures"
    return ""


class StatusFile(BaseModel):
    """The whole file: a version and the links by canonical URL."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    links: dict[str, LinkState] = {}


def archive_settings(data_dir: Path) -> Archive:
    """The `archive` section of check.yaml in `data_dir` (the defaults without that file or section);
    StatusFileError with positions when it is wrong."""
    path = data_dir / CHECK_FILE
    if not path.exists():
        return Archive()
    problems: list[Problem] = []
    doc, _ = read_yaml(path, problems)
    if doc is None or problems:
        raise StatusFileError(problems)
    section = doc.data.get("archive", {}) if isinstance(doc.data, dict) else {}
    try:
        return Archive.model_validate(section)
    except ValidationError as exc:
        raise StatusFileError(list(validation_problems(doc, exc, ("archive",), Archive))) from None


def load_states(path: Path) -> dict[str, LinkState]:
    """The states in `path` ({} when it does not exist); StatusFileError with positions when it is broken.

    Archive URLs are checked against the hosts of check.yaml beside it."""
    if not path.exists():
        return {}
    status, problems = read_json_model(path, StatusFile, "状态文件", context=archive_settings(path.parent))
    if status is None:
        raise StatusFileError(problems)
    return status.links


def future_problems(path: Path, states: dict[str, LinkState], now: dt.datetime) -> list[Problem]:
    """A problem for each state in `path` with a time after `now`: the site ignores it, the checker redoes it."""
    text = path.read_text(encoding="utf-8-sig")
    return [Problem(shown_path(path), *json_position(text, ("links", url, "last_checked")),
                    "检查时间在未来：网站不采用这一条，下次 haowen check 会重新检查；不要手改状态文件")
            for url, state in states.items() if state.in_future(now)]


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
    now = clock.now()
    marks: dict[str, DeadMark] = {}
    if not any(state.confirmed_dead for state in states.values()):
        return marks
    for link in catalog.links:
        url = canonical(link.url)
        state = states.get(url)
        if state and state.confirmed_dead and not state.in_future(now):
            last = state.last_alive.date() if state.last_alive else None
            marks[url] = DeadMark(last, state.archive_url)
    return marks
