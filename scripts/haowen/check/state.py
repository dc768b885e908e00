"""The status file (data/link-status.json): each link's history across runs, and confirmation of dead links."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from ..linkstatus import STATUS_FILE, LinkState, StatusFile, StatusFileError
from ..linkstatus import load_states as read_states
from ..store import atomic_write
from .classify import Verdict
from .config import ConfigError

__all__ = ["STATUS_FILE", "LinkState", "StatusBook", "advance", "is_fresh", "load_states", "save_states"]
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


class StatusBook:
    """The status file kept up to date while a run goes: every result recorded, saved every few seconds.

    It holds the states of `urls` only, so links gone from the catalogue leave the file.
    """

    def __init__(self, path: Path, old: dict[str, LinkState], urls: list[str], now: dt.datetime,
                 save_every: float) -> None:
        self.path, self.old, self.now, self.save_every = path, old, now, save_every
        self.states = {u: old[u] for u in urls if u in old}
        self._saved_at = time.monotonic()

    def record(self, url: str, verdict: Verdict, cached: bool) -> None:
        """This run's verdict for `url` (a cached one keeps the old state); saves when it is time."""
        self.states[url] = self.old[url] if cached else advance(self.old.get(url), verdict, self.now)
        if time.monotonic() - self._saved_at >= self.save_every:
            self.save()

    def save(self) -> None:
        save_states(self.path, self.states)
        self._saved_at = time.monotonic()
