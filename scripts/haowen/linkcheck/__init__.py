"""`haowen check`: link health across runs (config, verdict, fetch, pacing, plan, state, archive, report)."""
