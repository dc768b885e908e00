"""Time limits that used to be asserted in tests (a shared machine made them flaky): measured here instead.

    python benchmarks/limits.py          # prints each measurement against its limit; exit 1 if one is over

* states: `dead_marks` on a status file of 100,000 links (limit 4 s; the YAML reader took 15-19 s);
* fill-in: `haowen check --propose-metadata` writing an author into every entry of the real catalogue that
  lacks one, in one pass (limit 10 s; one write per entry took ~0.3 s each);
* markdown: reading one line of 2,000 links costs at most 6 times one of 500 (linear; quadratic would be 16);
* deadline: `haowen add --timeout 1` and `haowen check` against a server that drips its headers for 10 s
  (limit 3 s each: the deadline covers the whole fetch, not each read).
The tests keep the behaviour (every link read, every entry filled, the timeout message) without the clock.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]

from haowen.catalog.load import load_or_exit  # noqa: E402
from haowen.catalog.status import dead_marks  # noqa: E402
from haowen.cli import main  # noqa: E402
from haowen.commands.check import fill_in  # noqa: E402
from haowen.editing.revise import revise  # noqa: E402
from haowen.importing.markdown import read_markdown  # noqa: E402
from haowen.linkcheck.metadata import Proposal  # noqa: E402
from haowen.linkcheck.run import check_urls  # noqa: E402


def data_copy(scratch: Path) -> Path:
    dest = scratch / "data"
    shutil.copytree(ROOT / "data", dest, ignore=shutil.ignore_patterns("sources"))
    return dest / "links.yaml"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def states(scratch: Path, n: int = 100_000) -> float:
    links = data_copy(scratch)
    state = {"status": "dead", "last_checked": "2026-01-02T08:00:00+00:00", "confirmed_dead": False}
    status = {"version": 1, "links": {f"https://zhuanlan.zhihu.com/p/{i}": state for i in range(n)}}
    (links.parent / "link-status.json").write_text(json.dumps(status, indent=2), encoding="utf-8")
    return timed(lambda: dead_marks(load_or_exit(links)))


def fill_in_all(scratch: Path) -> float:
    catalog = load_or_exit(data_copy(scratch))
    found = [Proposal(k.url, k.title, "author", f"作者 {n}", "benchmark") for n, k in enumerate(catalog.links)
             if k.author is None]
    return timed(lambda: revise(catalog, fill_in(found, [])))


def markdown_ratio(n: int = 500) -> float:
    def cpu(count: int) -> float:
        text = " ".join(f"[第 {i} 篇](https://zhuanlan.zhihu.com/p/{i})" for i in range(count)) + "\n"
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            read_markdown(text)
            best = min(best, time.process_time() - start)
        return best
    return cpu(4 * n) / cpu(n)


def deadlines(scratch: Path) -> tuple[float, float]:
    import datetime as dt

    from test_check_support import LocalServer, quick_config
    from test_fetch_failures import FailureHandler

    server = LocalServer(FailureHandler)
    try:
        url, links = server.url("/drip-headers"), data_copy(scratch)
        add = timed(lambda: main(["add", url, "--catalog", str(links), "--timeout", "1"]))
        check = timed(lambda: asyncio.run(check_urls([url], quick_config(timeout=1.0, retries=0), {},
                                                     dt.datetime.now(dt.UTC), lambda r: None)))
    finally:
        server.close()
    return add, check


def report() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        add, check = deadlines(scratch / "d")
        rows = [("states (100k)", states(scratch / "s"), 4.0, "s"), ("fill-in", fill_in_all(scratch / "f"), 10.0, "s"),
                ("markdown 4n/n", markdown_ratio(), 6.0, "×"), ("add deadline", add, 3.0, "s"),
                ("check deadline", check, 3.0, "s")]
    for name, value, limit, unit in rows:
        print(f"{name:16} {value:7.2f} {unit}  (limit {limit:g} {unit}){'  OVER' if value > limit else ''}")
    return int(any(value > limit for _, value, limit, _ in rows))


if __name__ == "__main__":
    sys.exit(report())
