"""The rolling-check simulation (benchmarks/check_sim.py) at a small size: a cycle met within budgets."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import check_sim  # noqa: E402


def test_small_cycle_is_met_within_the_budget(tmp_path: Path) -> None:
    out = check_sim.cycle(n=400, days=3, runs_per_day=1, budget=30 * 60, workdir=tmp_path)
    assert out["max_run_minutes"] <= 30 + 0.25  # budget and grace, in virtual time
    assert all(r["never_checked"] == 0 for r in out["runs"])  # 280 zhihu links × 3 s fit in one run
    assert [r["oldest_days"] for r in out["runs"]] == [0, 0, 0]  # with a 20 h TTL every run checks all again
