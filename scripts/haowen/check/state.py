"""The status file (data/link-status.json): each link's history across runs, and confirmation of dead links."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from ..catalog import validation_problems
from ..problems import Problem, shown_path
from ..store import write_unchanged
from ..yamlsrc import YamlError, parse
from .classify import Status, Verdict
from .config import ConfigError

STATUS_FILE = "link-status.json"
CONFIRM_AFTER = dt.timedelta(days=1)


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


class StatusFile(BaseModel):
    """The whole file: a version and the links by canonical URL."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    links: dict[str, LinkState] = {}


def load_states(path: Path) -> dict[str, LinkState]:
    """The states in `path` ({} when it does not exist); ConfigError with positions when it is broken."""
    if not path.exists():
        return {}
    where = shown_path(path)
    try:
        doc = parse(path)
    except YamlError as exc:
        raise ConfigError([Problem(where, exc.pos.line, exc.pos.col, f"状态文件不是有效的 JSON：{exc.message}")]) from None
    try:
        return StatusFile.model_validate(doc.data or {}).links
    except ValidationError as exc:
        raise ConfigError(sorted(validation_problems(doc, exc, (), StatusFile))) from None


def save_states(path: Path, states: dict[str, LinkState], seen: str | None) -> None:
    """Write `states` sorted by URL, atomically; refused if the file no longer holds `seen` (what was read)."""
    data = StatusFile(links=dict(sorted(states.items()))).model_dump(mode="json")
    write_unchanged(path, seen, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def is_fresh(state: LinkState | None, now: dt.datetime, ttl: dt.timedelta) -> bool:
    """Whether `state` was checked recently enough to be reused without a request."""
    return state is not None and now - state.last_checked < ttl


def advance(prev: LinkState | None, verdict: Verdict, now: dt.datetime) -> LinkState:
    """The state after this run's verdict: dead is confirmed once dead results span a day or more."""
    prev = prev or LinkState(status=verdict.status, last_checked=now)
    new = prev.model_copy(update={"status": verdict.status, "code": verdict.code,
                                  "reason": verdict.reason, "last_checked": now})
    if verdict.status == "alive":
        return new.model_copy(update={"first_failed": None, "consecutive_failures": 0, "last_alive": now,
                                      "dead_since": None, "confirmed_dead": False})
    new.first_failed = prev.first_failed or now
    new.consecutive_failures = prev.consecutive_failures + 1
    if verdict.status == "blocked":
        new.dead_since, new.confirmed_dead = None, False
    elif verdict.status == "dead":
        new.dead_since = prev.dead_since or now
        new.confirmed_dead = now - new.dead_since >= CONFIRM_AFTER
    return new
