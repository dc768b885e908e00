"""What the site needs from `haowen check`: the confirmed dead links, when last alive, archived copy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .catalog import Catalog
from .check.state import STATUS_FILE, load_states
from .urls import UrlError, canonical, split_checked


@dataclass(frozen=True)
class DeadMark:
    """A 可能失效 mark for one link."""

    last_alive: dt.date | None
    archive_url: str | None


def dead_marks(catalog: Catalog) -> dict[str, DeadMark]:
    """Marks for the catalogue's confirmed dead links by canonical URL, from data/link-status.json.

    Returns {} when the status file does not exist; raises check.config.ConfigError
    (with `file:line:col` problems) when it is broken.
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
            marks[url] = DeadMark(last, _web_link(state.archive_url))
    return marks


def _web_link(url: str | None) -> str | None:
    """`url` when it is an http(s) link: the status file is data, and a `javascript:` link would run."""
    try:
        return url if url and split_checked(url) else None
    except UrlError:
        return None
