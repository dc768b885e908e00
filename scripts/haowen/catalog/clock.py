"""The one clock every tool reads: 'now' (set through $HAOWEN_NOW for tests and reruns) and today in China.

Dates in the catalogue (added, published) are China's dates (UTC+8): the date a proposal is read as
"today" and the date a write is checked against come from here, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
import os

NOW_ENV = "HAOWEN_NOW"
CHINA = dt.timezone(dt.timedelta(hours=8), "UTC+8")


def parse_now(value: str | None) -> dt.datetime:
    """`value` (ISO date or date-time, UTC if no zone) or the current time; ValueError if malformed."""
    if not value:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    when = dt.datetime.fromisoformat(value)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def now() -> dt.datetime:
    """The current time: $HAOWEN_NOW when it is set and well formed (`haowen check` refuses a malformed one)."""
    try:
        return parse_now(os.environ.get(NOW_ENV))
    except ValueError:
        return parse_now(None)


def china_today(at: dt.datetime | None = None) -> dt.date:
    """The date in China at `at` (default: now())."""
    return (at or now()).astimezone(CHINA).date()
