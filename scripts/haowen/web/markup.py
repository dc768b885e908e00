"""Reading fetched HTML in bounded time: libxml2's HTML tokenizer (through lxml), fed in chunks, capped, stoppable.

Every reader of a fetched page (the visible text for a verdict, add's title, the publication metadata)
is a `Reader` that `scan` feeds.  libxml2 (2.14 and later) tokenizes as HTML5 does, in linear time, and
recovers from any malformed markup instead of raising; `scan` feeds at most `MAX_BYTES` of the page in
chunks and stops early when the reader has enough or the caller says stop.  `off_loop` runs such work in
a thread, so the event loop keeps serving timeouts and signals while a page is read, and tells the work
to stop when the task awaiting it is cancelled.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Mapping
from typing import TypeVar

from lxml import etree

MAX_BYTES = 4 * 1_048_576  # of a page's text (UTF-8) read at most: four times check's default body cap
CHUNK = 65_536

T = TypeVar("T")
Stop = Callable[[], bool]


def never() -> bool:
    """A `Stop` that never asks to stop."""
    return False


class Reader:
    """An lxml parser target that reads nothing; a subclass overrides what it reads and sets `enough`."""

    enough = False

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        """An element starts (tag and attribute names lower case; libxml2 closes every element it opens)."""

    def end(self, tag: str) -> None:
        """An element ends."""

    def data(self, text: str) -> None:
        """Text, entities decoded (also the text of <script>, <style> and <title>)."""

    def close(self) -> None:
        """The page has been read."""


def scan(page: str, reader: Reader, stop: Stop = never, limit: int = MAX_BYTES) -> bool:
    """Feed `page` to `reader`; True when all of it was read, False when cut short (cap, enough, stop)."""
    data = page.encode("utf-8", "replace")  # lone surrogates become '?'
    parser = etree.HTMLParser(target=reader, encoding="utf-8", no_network=True, recover=True)
    whole = len(data) <= limit
    try:
        for at in range(0, min(len(data), limit), CHUNK):
            if reader.enough or stop():
                return False
            parser.feed(data[at:min(at + CHUNK, limit)])
        parser.close()
    except etree.LxmlError:  # e.g. "no element found" for an empty page: what was read stands
        pass
    return whole and not reader.enough


async def off_loop(work: Callable[[Stop], T]) -> T:
    """`work(stop)` in a thread; `stop()` turns true when the awaiting task is cancelled."""
    cancelled = threading.Event()
    try:
        return await asyncio.to_thread(work, cancelled.is_set)
    except asyncio.CancelledError:
        cancelled.set()
        raise
