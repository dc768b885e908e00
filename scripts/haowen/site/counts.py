"""Counting the catalogue for the statistics page: by category, tag, source site and month."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from haowen.catalog.load import Catalog
from haowen.catalog.urls import host


def by_category(catalog: Catalog) -> Counter[str]:
    """Links per category id, each link counted in its own category and, for a child, its parent."""
    counts: Counter[str] = Counter()
    for link in catalog.links:
        counts[link.category] += 1
        top = catalog.parents[link.category].id
        if top != link.category:
            counts[top] += 1
    return counts


def by_tag(catalog: Catalog) -> Counter[str]:
    """Links per tag id (aliases resolved)."""
    out: Counter[str] = Counter()
    for raw, n in Counter(t for link in catalog.links for t in link.tags).items():  # resolve each spelling once
        out[catalog.resolve_tag(raw) or raw] += n
    return out


def by_host(catalog: Catalog) -> Counter[str]:
    """Links per source site (host without `www.`)."""
    return Counter(host(link.url) for link in catalog.links)


def _months(first: dt.date, last: dt.date) -> list[str]:
    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def by_month(catalog: Catalog) -> list[tuple[str, int]]:
    """Links added per month (YYYY-MM), oldest first, months without additions included."""
    days = [link.added for link in catalog.links]
    if not days:
        return []
    counts = Counter(d.strftime("%Y-%m") for d in days)
    return [(m, counts[m]) for m in _months(min(days), max(days))]
