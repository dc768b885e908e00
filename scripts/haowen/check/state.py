"""The status file (data/link-status.json): each link's history across runs, and confirmation of dead links."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..linkstatus import STATUS_FILE, LinkState, StatusFile, StatusFileError
from ..linkstatus import load_states as read_states
from ..store import atomic_write
from .classify import Verdict
from .config import ConfigError

__all__ = ["STATUS_FILE", "LinkState", "advance", "is_fresh", "load_states", "save_states"]
CONFIRM_AFTER = dt.timedelta(days=1)


def load_states(path: Path) -> dict[str, LinkState]:
    """The states in `path` ({} when it does not exist); ConfigError with positions when it is broken."""
    try:
        return read_states(path)
    except StatusFileError as exc:
        raise ConfigError(exc.problems) from None


def save_states(path: Path, states: dict[str, LinkState]) -> None:
    """Write `states` sorted by URL, atomically."""
    data = StatusFile(links=dict(sorted(states.items()))).model_dump(mode="json")
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


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
