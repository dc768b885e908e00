"""Changing links.yaml: every writer makes its new text from what it read, checks it with every
validate check, and writes it through store.write_unchanged, redoing the change on the file's
new text when another writer got there first."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from haowen.catalog.load import Catalog, load_links, load_or_exit
from haowen.editing.layout import LayoutError
from haowen.io.problems import Problem, shown_path
from haowen.io.store import write_unchanged

# Makes the new links.yaml text from a catalogue and the text it was read from; raises Refused
from haowen.io.yamldoc import parse
from haowen.io.yamlsafe import YamlError
from haowen.validation.checks import CHECKS

# Makes the new links.yaml text from a catalogue and the text it was read from; raises Refused
# (or LayoutError) when the change cannot be made on that text.
Change = Callable[[Catalog, str], str]


class Refused(Exception):
    """Why a change is not made, for the user; nothing is written."""


def text_problems(catalog: Catalog, text: str) -> list[Problem]:
    """Everything `haowen validate` would report if links.yaml held `text`."""
    path = catalog.links_path
    try:
        doc = parse(path, text)
    except YamlError as exc:
        return [exc.problem()]
    problems = [e.problem() for e in doc.problems]
    entries = load_links(doc, problems)
    revised = replace(catalog, entries=entries, docs={**catalog.docs, "links": doc}, text=text)
    for check in CHECKS:
        problems.extend(check(revised))
    return sorted(set(problems))


def _checked(catalog: Catalog, change: Change, made: str | None = None) -> str:
    """The new text `change` makes (or has `made`) from `catalog`, if it validates."""
    text = change(catalog, catalog.text or "") if made is None else made
    problems = text_problems(catalog, text)
    if problems:
        raise Refused("\n".join([*(p.text() for p in problems), "修改后的数据有问题，文件未改动"]))
    return text


def revise(catalog: Catalog, change: Change, made: str | None = None) -> str | None:
    """Apply `change` to links.yaml (read into `catalog`) and write the result; the text written,
    or None after printing why nothing was.  `made`: what `change` already made from `catalog`.

    When the file changed after `catalog` was read, it is read again under the write lock and
    `change` made anew on what it holds now (a second `add` re-inserts its entry, `fmt` formats
    the new text); a change that no longer applies is refused, never half written.
    """
    path: Path = catalog.links_path
    try:
        text = _checked(catalog, change, made)
        return write_unchanged(path, catalog.text, text, redo=lambda: _checked(load_or_exit(path), change))
    except Refused as exc:
        print(exc, file=sys.stderr)
    except LayoutError as exc:
        print(f"{shown_path(path)}: {exc}", file=sys.stderr)
    return None
