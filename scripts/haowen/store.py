"""Writing links.yaml: the canonical text of an entry, and atomic replacement of files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from .model import LINK_FIELDS, Link

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

LINKS_HEADER = (
    "# yaml-language-server: $schema=../schemas/links.schema.json\n"
    "# 好文目录：每条一篇文章。字段说明见 CONTRIBUTING.md；改完运行 haowen validate 和 haowen fmt。\n"
)


def entry_dict(link: Link) -> dict:
    """The fields of `link` worth writing, in canonical field order."""
    data = link.model_dump(exclude_defaults=True)
    return {k: data[k] for k in LINK_FIELDS if k in data}


class _EntryDumper(_Dumper):
    """Block mappings, flow lists: `tags: [a, b]` even when an entry has no list at all."""


_EntryDumper.add_representer(list, lambda d, data: d.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True))


def entry_text(link: Link) -> str:
    """`link` as a YAML list item in the catalogue's canonical layout."""
    body = yaml.dump(
        entry_dict(link),
        Dumper=_EntryDumper,
        allow_unicode=True,
        sort_keys=False,
        width=2**31 - 1,
        default_flow_style=False,
    )
    lines = body.splitlines(keepends=True)
    return "- " + lines[0] + "".join(line if line == "\n" else "  " + line for line in lines[1:])


def links_text(links: list[Link], header: str = LINKS_HEADER) -> str:
    """A whole links.yaml: header, then entries separated by blank lines."""
    return header + "".join("\n" + entry_text(link) for link in links)


def atomic_write(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a reader sees the old or the new file, never half."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
