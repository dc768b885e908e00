"""Politeness: a global request limit plus, per host, a concurrency limit and a minimum interval."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class HostGate:
    """At most `concurrency` requests at once to one host, starts at least `interval` seconds apart."""

    def __init__(self, concurrency: int, interval: float) -> None:
        self._slots = asyncio.Semaphore(concurrency)
        self._lock = asyncio.Lock()
        self._interval = interval
        self._next = 0.0

    def defer(self, seconds: float) -> None:
        """The host asked us to wait (Retry-After): no request starts before then."""
        self._next = max(self._next, asyncio.get_running_loop().time() + seconds)

    async def _wait_turn(self) -> None:
        async with self._lock:
            loop = asyncio.get_running_loop()
            delay = self._next - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            self._next = max(self._next, loop.time()) + self._interval

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._slots:
            await self._wait_turn()
            yield


class Pacer:
    """Hands out request slots: the host's gate first, then one of the global slots."""

    def __init__(self, concurrency: int) -> None:
        self._global = asyncio.Semaphore(concurrency)
        self._gates: dict[str, HostGate] = {}

    def gate(self, key: str, concurrency: int, interval: float) -> HostGate:
        if key not in self._gates:
            self._gates[key] = HostGate(concurrency, interval)
        return self._gates[key]

    @asynccontextmanager
    async def slot(self, gate: HostGate) -> AsyncIterator[None]:
        async with gate.slot(), self._global:
            yield
