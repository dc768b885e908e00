"""Reading a YAML data file: the fast reader for the canonical links.yaml layout, else the full safe one."""

from __future__ import annotations

from pathlib import Path

from haowen.io.fastyaml import read
from haowen.io.yamlsafe import Document, parse_nodes, read_text


def parse(path: Path, text: str | None = None) -> Document:
    """Read `path` (or `text` as if it were that file) into a Document.

    Raises YamlError for problems that leave nothing to read (bad UTF-8, YAML syntax);
    other problems (duplicate keys, aliases, tags) are collected in `Document.problems`.
    A file in the canonical links.yaml layout is read by fastyaml, to the same Document.
    """
    text = read_text(path) if text is None else text.removeprefix("\ufeff")
    fast = read(path, text)
    return fast if fast is not None else parse_nodes(path, text)
