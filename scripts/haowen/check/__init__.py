"""`haowen check`: link health across runs (config, classify, fetch, pacing, state, archive, report)."""
