"""The status file (data/link-status.json): each link's history across runs, and confirmation of dead links."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from haowen.catalog.status import STATUS_FILE, LinkState, StatusFile, StatusFileError
from haowen.catalog.status import load_states as read_states
from haowen.io.store import write_unchanged
from haowen.linkcheck.config import ConfigError
from haowen.linkcheck.verdict import Verdict

__all__ = ["STATUS_FILE", "LinkState", "StatusBook", "advance", "is_fresh", "load_states", "save_states"]
CONFIRM_AFTER = dt.timedelta(days=1)


def load_states(path: Path) -> dict[str, LinkState]:
    """The states in `path` ({} when it does not exist); ConfigError with positions when it is broken."""
    try:
        return read_states(path)
    except StatusFileError as exc:
        raise ConfigError(exc.problems) from None


def states_text(states: dict[str, LinkState]) -> str:
    """The status file's text for `states`, sorted by URL."""
    data = StatusFile.model_construct(links=dict(sorted(states.items())))  # states are valid already
    return data.model_dump_json(indent=2) + "\n"


def save_states(path: Path, states: dict[str, LinkState], seen: str | None,
                redo: Callable[[], str] | None = None) -> str:
    """Write `states` (the one place the status file is written) through the locked write path: when
    the file no longer holds `seen`, `redo()` makes the text anew, or nothing is written (FileError)."""
    return write_unchanged(path, seen, states_text(states), redo)


def is_fresh(state: LinkState | None, now: dt.datetime, ttl: dt.timedelta) -> bool:
    """Whether `state` was checked recently enough to be reused without a request (a time after `now`,
    which no run wrote, is stale)."""
    return state is not None and not state.in_future(now) and now - state.last_checked < ttl


def advance(prev: LinkState | None, verdict: Verdict, now: dt.datetime) -> LinkState:
    """The state after this run's verdict: dead is confirmed once dead results span a day or more."""
    prev = prev or LinkState(status="alive", last_checked=now)  # a new link: no failure yet
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

    It holds the states of `urls` only, so links gone from the catalogue leave the file.  Saving
    100k states takes seconds, during which no request starts: saves are at least five times their
    own duration apart, so they never take more than a sixth of the run.
    """

    def __init__(self, path: Path, old: dict[str, LinkState], urls: list[str], now: dt.datetime,
                 save_every: float, seen: str | None) -> None:
        self.path, self.old, self.now, self.save_every = path, old, now, save_every
        self.urls = urls
        self.states = {u: old[u] for u in urls if u in old}
        self.recorded: set[str] = set()
        self.seen = seen  # the file's text as this run last read or wrote it
        self._next_save = time.monotonic() + save_every

    def record(self, url: str, verdict: Verdict, cached: bool) -> None:
        """This run's verdict for `url` (a cached one keeps the old state); saves when it is time."""
        self.states[url] = self.old[url] if cached else advance(self.old.get(url), verdict, self.now)
        self.recorded.add(url)
        if time.monotonic() >= self._next_save:
            self.save()

    def save(self) -> None:
        start = time.monotonic()
        self.seen = save_states(self.path, self.states, self.seen, self._merged)
        end = time.monotonic()
        self._next_save = end + max(self.save_every, 5 * (end - start))

    def _merged(self) -> str:
        """When another writer changed the file during the run: its states, with this run's results on top."""
        theirs = load_states(self.path)
        self.states = {u: theirs[u] for u in self.urls if u in theirs} | {u: self.states[u] for u in self.recorded}
        return states_text(self.states)
