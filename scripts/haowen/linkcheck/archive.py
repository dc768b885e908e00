"""Archived copies of dead links from the Wayback Machine availability API, about one request a second
(through the same guarded, bounded fetch as the pages)."""

from __future__ import annotations

import json

import httpx

from haowen.catalog.status import Archive, archive_refusal
from haowen.linkcheck.pacing import HostGate
from haowen.web.addresses import AddressError, get
from haowen.web.body import BodyError, read_body

MAX_ANSWER = 65_536  # bytes of one availability answer (a few hundred in practice)


def snapshot_url(answer: object, archive: Archive) -> str | None:
    """The closest available snapshot's https URL in an availability API answer, or None unless it is on
    one of the archive's hosts (an http one is taken as https)."""
    snapshots = answer.get("archived_snapshots") if isinstance(answer, dict) else None
    closest = snapshots.get("closest") if isinstance(snapshots, dict) else None
    if not isinstance(closest, dict) or not closest.get("available"):
        return None
    url = closest.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None
    secure = "https://" + url.split("://", 1)[1]
    return None if archive_refusal(secure, archive) else secure


async def find_snapshots(client: httpx.AsyncClient, archive: Archive, urls: list[str]) -> dict[str, str]:
    """Snapshot URL by link for those of `urls` the archive has; one request at a time, paced."""
    gate, found = HostGate(1, archive.interval), {}
    for url in urls:
        async with gate.slot():
            try:
                async with get(client, httpx.URL(archive.url, params={"url": url})) as response:
                    body = await read_body(response, MAX_ANSWER) if response.status_code == 200 else b"null"
                answer = json.loads(body)
            except (httpx.HTTPError, ValueError, RecursionError, BodyError, AddressError):
                continue
        snapshot = snapshot_url(answer, archive)
        if snapshot:
            found[url] = snapshot
    return found
