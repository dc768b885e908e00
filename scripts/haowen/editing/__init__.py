"""Changing links.yaml as text: canonical order and layout (fmt, insertion), and the checked, locked revision."""
