"""Checking a new links.yaml text with every validate check before it replaces the file."""

from __future__ import annotations

import sys
from dataclasses import replace

from .catalog import Catalog, load_links
from .problems import Problem
from .store import atomic_write
from .validate import CHECKS
from .yamlsrc import YamlError, parse


def text_problems(catalog: Catalog, text: str) -> list[Problem]:
    """Everything `haowen validate` would report if links.yaml held `text`."""
    path = catalog.links_path
    try:
        doc = parse(path, text)
    except YamlError as exc:
        return [exc.problem()]
    problems = [e.problem() for e in doc.problems]
    entries = load_links(doc, problems)
    revised = replace(catalog, entries=entries, docs={**catalog.docs, "links": doc})
    for check in CHECKS:
        problems.extend(check(revised))
    return sorted(set(problems))


def write_checked(catalog: Catalog, text: str) -> bool:
    """Write `text` to links.yaml if it validates; else print why and leave the file as it was."""
    problems = text_problems(catalog, text)
    if problems:
        for p in problems:
            print(p.text(), file=sys.stderr)
        print("修改后的数据有问题，文件未改动", file=sys.stderr)
        return False
    atomic_write(catalog.links_path, text)
    return True
