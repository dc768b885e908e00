"""Text rules: forbidden characters and escaping for every output, title clean-up."""
