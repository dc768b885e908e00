"""The website: a MkDocs plugin that renders the catalogue into pages at build time."""
