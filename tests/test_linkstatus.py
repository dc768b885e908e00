"""The site's view of link health: only confirmed dead links of the catalogue get a mark."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from haowen.catalog import load_or_exit
from haowen.linkstatus import DeadMark, StatusFileError, dead_marks


def _state(status: str, confirmed: bool = False, **extra: object) -> dict:
    return {"status": status, "last_checked": "2026-01-02T08:00:00+00:00", "confirmed_dead": confirmed, **extra}


def test_no_status_file_means_no_marks(data_copy: Path) -> None:
    assert dead_marks(load_or_exit(data_copy)) == {}


def test_only_confirmed_dead_links_in_the_catalogue_are_marked(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    first, second, third = (link.url for link in catalog.links[:3])
    links = {
        first: _state("dead", True, last_alive="2025-12-24T07:00:00+00:00",
                      archive_url="https://web.archive.org/web/2025/x"),
        second: _state("dead"),  # dead once: not confirmed yet
        third: _state("blocked"),
        "https://not-in-catalogue.example/": _state("dead", True),
    }
    (data_copy.parent / "link-status.json").write_text(json.dumps({"version": 1, "links": links}), encoding="utf-8")
    assert dead_marks(catalog) == {first: DeadMark(dt.date(2025, 12, 24), "https://web.archive.org/web/2025/x")}


def test_broken_status_file_raises_a_positioned_problem(data_copy: Path) -> None:
    (data_copy.parent / "link-status.json").write_text('{"version": 1,\n "links": [}', encoding="utf-8")
    with pytest.raises(StatusFileError) as exc:
        dead_marks(load_or_exit(data_copy))
    assert exc.value.problems[0].line == 2
