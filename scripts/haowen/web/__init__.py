"""Fetching pages politely: one redirect rule, one charset rule, article titles for `haowen add`."""
