"""Politeness: a global request limit plus, per host, a concurrency limit and a minimum interval.

A request first waits for its host's turn, then for one of the global slots.  The global slots go to the
slowest-paced hosts first: a zhihu request that waited 3 s for its turn does not then queue behind fast
hosts' requests, which would stretch zhihu's pace by the queue's length (measured in benchmarks/check_sim.py:
slow hosts got 84% of the checks their pace allows before this ordering).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class HostGate:
    """At most `concurrency` requests at once to one host, starts at least `interval` seconds apart."""

    def __init__(self, concurrency: int, interval: float) -> None:
        self._slots = asyncio.Semaphore(concurrency)
        self._lock = asyncio.Lock()
        self.interval = interval
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
            self._next = max(self._next, loop.time()) + self.interval

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._slots:
            await self._wait_turn()
            yield


class PrioritySlots:
    """A semaphore whose waiters are served by priority (lowest first), then in arrival order."""

    def __init__(self, capacity: int) -> None:
        self._free = capacity
        self._waiters: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def acquire(self, priority: float) -> None:
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (priority, next(self._order), future))
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():  # handed a slot just as it was cancelled
                self.release()
            raise

    def release(self) -> None:
        while self._waiters:
            _, _, future = heapq.heappop(self._waiters)
            if not future.done():
                future.set_result(None)
                return
        self._free += 1

    @asynccontextmanager
    async def slot(self, priority: float) -> AsyncIterator[None]:
        await self.acquire(priority)
        try:
            yield
        finally:
            self.release()


class Pacer:
    """Hands out request slots: the host's gate first, then one of the global slots (slowest hosts first)."""

    def __init__(self, concurrency: int) -> None:
        self._global = PrioritySlots(concurrency)
        self._gates: dict[str, HostGate] = {}

    def gate(self, key: str, concurrency: int, interval: float) -> HostGate:
        if key not in self._gates:
            self._gates[key] = HostGate(concurrency, interval)
        return self._gates[key]

    @asynccontextmanager
    async def slot(self, gate: HostGate) -> AsyncIterator[None]:
        async with gate.slot(), self._global.slot(-gate.interval):
            yield
