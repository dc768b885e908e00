"""Site search: the sharded index (index.py), its tokens (tokens.py) and the synonym groups of each link (groups.py)."""
