"""The canonical text of one links.yaml entry, and of a whole links.yaml (what `haowen fmt` writes)."""

from __future__ import annotations

import yaml

from haowen.catalog.model import LINK_FIELDS, Link
from haowen.io.store import UNICODE_BREAKS

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

LINKS_HEADER = (
    "# yaml-language-server: $schema=../schemas/links.schema.json\n"
    "# 好文目录：每条一篇文章。字段说明见 CONTRIBUTING.md；改完运行 haowen validate 和 haowen fmt。\n"
)


def entry_dict(link: Link) -> dict[str, object]:
    """The fields of `link` worth writing, in canonical field order."""
    data = link.model_dump(exclude_defaults=True)
    return {k: data[k] for k in LINK_FIELDS if k in data}




class _EntryDumper(_Dumper):
    """Block mappings, flow lists: `tags: [a, b]` even when an entry has no list at all."""

    def ignore_aliases(self, data: object) -> bool:
        """Never `&id001` / `*id001`: one date object read for both `published` and `added` is written twice."""
        return True


def _represent_str(dumper: _EntryDumper, data: str) -> yaml.ScalarNode:
    """A string; double-quoted (so escaped as \\N, \\L, \\P) when it holds a Unicode line break."""
    style = '"' if any(ch in data for ch in UNICODE_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_EntryDumper.add_representer(list, lambda d, data: d.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True))
_EntryDumper.add_representer(str, _represent_str)


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
