"""Adding a link to data/excluded.yaml (with its reason), through the locked write path of io/store.py."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from haowen.catalog.model import Exclusions
from haowen.io.store import current_text, write_unchanged

HEADER = ("# yaml-language-server: $schema=../schemas/excluded.schema.json\n"
          "# 移出目录的链接：来源列表里有、但策展时决定不收录的链接，以及移出的理由。\n"
          "# haowen import 和 haowen add 不会再把它们加回来。\n")
_EMPTY = re.compile(r"^excluded:[ \t]*(?:\[[ \t]*\])?[ \t]*(?:#.*)?$\n?", re.M)


class ExclusionError(ValueError):
    """data/excluded.yaml cannot take the new item (the message says why)."""


def item_text(url: str, reason: str) -> str:
    """One `- url: … / reason: …` item of the `excluded` list, indented as the file writes it."""
    body = yaml.safe_dump({"url": url, "reason": reason}, allow_unicode=True, sort_keys=False, width=2**31 - 1)
    first, *rest = body.splitlines(keepends=True)
    return "  - " + first + "".join("    " + line for line in rest)


def with_item(text: str | None, url: str, reason: str) -> str:
    """`text` (data/excluded.yaml, None when missing) with `url` and `reason` added at the end of its list."""
    if text is None:
        return f"{HEADER}excluded:\n{item_text(url, reason)}"
    try:
        current = Exclusions.model_validate(yaml.safe_load(text) or {})
    except (yaml.YAMLError, ValueError) as exc:
        raise ExclusionError(f"无法读取（{str(exc).splitlines()[0]}）：先运行 haowen validate 修好它") from None
    if any(item.url == url for item in current.excluded):
        return text
    text = text if text.endswith("\n") or not text else text + "\n"
    if not current.excluded:
        text = _EMPTY.sub("", text) + "excluded:\n"
    return text + item_text(url, reason)


def exclude(path: Path, url: str, reason: str) -> None:
    """Add `url` with `reason` to the exclusion file at `path`, redone if another writer changed it meanwhile."""
    seen = current_text(path)
    write_unchanged(path, seen, with_item(seen, url, reason), redo=lambda: with_item(current_text(path), url, reason))
