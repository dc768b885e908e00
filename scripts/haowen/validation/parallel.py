"""`haowen validate` for a large links.yaml: two processes, half of the entries each.

Reading and checking entries is nearly all of validate's time and each entry is checked on its
own, so on two cores the halves go side by side (100k links: about half the wall time).  Each
process reads its half with fastyaml and runs the entry checks; the parent then compares URLs
across both halves and checks the taxonomy and tag files.  A small file, a file fastyaml does not
read (another layout, bad UTF-8) or a single core goes the serial way, `validate.validate`, which
gives the same problems.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, TypeVar

from haowen.catalog.load import Catalog, gc_paused, load_links, load_taxonomy_and_tags
from haowen.io import fastyaml
from haowen.io.problems import Problem
from haowen.io.yamlsafe import YamlError, read_text
from haowen.validation.checks import (
    ENTRY_CHECKS,
    OTHER_FILE_CHECKS,
    VOCABULARY_CHECKS,
    ReadingFact,
    UrlKey,
    duplicate_urls,
    reading_facts,
    reading_problems,
    url_keys,
    validate,
)
from haowen.validation.policies import Tally, policy_problems, tally

PARALLEL_FROM = 1 << 20  # characters of links.yaml (~3,500 links); below, a second process gains little

T = TypeVar("T")


@dataclass(frozen=True)
class Summary:
    """What `haowen validate` reports, and how many processes found it."""

    problems: list[Problem]
    links: int
    categories: int
    tags: int
    processes: int


@dataclass(frozen=True)
class Half:
    """What one process found in its half of links.yaml (entry indices count from the half's start)."""

    problems: list[Problem]
    keys: list[UrlKey]
    facts: list[ReadingFact]  # series, part and pick, checked across both halves
    starts: list[int]  # the line each entry starts on
    links: int  # entries that loaded
    tally: Tally  # what the content policies count


def summarize(links_path: Path) -> Summary:
    """Every problem in the catalogue at `links_path`, sorted, and what it holds."""
    text = _large_text(links_path)
    summary = _in_two_processes(links_path, text) if text is not None else None
    if summary is None:
        catalog, problems = validate(links_path)
        summary = Summary(problems, len(catalog.entries), len(catalog.categories), len(catalog.tags), 1)
    return summary


def _large_text(links_path: Path) -> str | None:
    """The text of links.yaml when it is worth two processes and they can be had safely."""
    # fork copies only the calling thread: with others running, a lock they hold could stay locked.
    if not hasattr(os, "fork") or _cores() < 2 or threading.active_count() > 1:
        return None
    try:
        text = read_text(links_path)
    except (OSError, YamlError):
        return None
    return text if len(text) >= PARALLEL_FROM else None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _in_two_processes(links_path: Path, text: str) -> Summary | None:
    """The Summary, from both halves checked side by side; None if a half is not in fastyaml's layout."""
    cut = text.find("\n- ", len(text) // 2) + 1  # the start of an entry near the middle
    if cut < 1:
        return None
    base, problems = load_taxonomy_and_tags(links_path)
    second_line = text.count("\n", 0, cut) + 1
    later = Forked(lambda: _check_half(base, text[cut:], second_line))
    try:
        mine = _check_half(base, text[:cut], 1)
    except BaseException:
        later.cancel()
        raise
    if mine is None:
        later.cancel()
        return None
    theirs = later.result()
    if theirs is None:
        return None
    shift = len(mine.starts)
    keys = mine.keys + [k._replace(index=k.index + shift) for k in theirs.keys]
    facts = mine.facts + [f._replace(index=f.index + shift) for f in theirs.facts]
    doc = fastyaml.located(links_path, text, None, mine.starts + theirs.starts)
    problems += mine.problems + theirs.problems + list(duplicate_urls(doc, keys))
    problems += reading_problems(base, doc, facts)
    problems += policy_problems(base, mine.tally + theirs.tally)
    for check in (*VOCABULARY_CHECKS, *OTHER_FILE_CHECKS):
        problems.extend(check(base))
    return Summary(sorted(set(problems)), mine.links + theirs.links, len(base.categories), len(base.tags), 2)


def _check_half(base: Catalog, text: str, first_line: int) -> Half | None:
    """The entry checks on a run of whole entries that starts on line `first_line` of links.yaml."""
    with gc_paused():
        scanned = fastyaml.scan(text, first_line)
        if scanned is None:
            return None
        doc = fastyaml.located(base.links_path, text, *scanned, first_line)
        problems: list[Problem] = []
        catalog = replace(base, entries=load_links(doc, problems), docs={**base.docs, "links": doc})
        for check in ENTRY_CHECKS:
            problems.extend(check(catalog))
        return Half(problems, url_keys(catalog), reading_facts(catalog), scanned[1], len(catalog.entries),
                    tally(catalog) if base.policies is not None else Tally())


class Forked(Generic[T]):
    """`work()` running in a forked copy of this process; its result comes back pickled."""

    def __init__(self, work: Callable[[], T]) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the copy: do the work, send it, and leave without any clean-up
            os.close(read_end)
            code = 1
            try:
                with open(write_end, "wb") as out:
                    pickle.dump(work(), out, pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.read_end = read_end

    def result(self) -> T | None:
        """What work() returned; None if it failed."""
        try:
            with open(self.read_end, "rb") as got:
                result: T = pickle.load(got)
                return result
        except (EOFError, pickle.UnpicklingError):
            return None
        finally:
            os.waitpid(self.pid, 0)

    def cancel(self) -> None:
        """Stop the work."""
        os.kill(self.pid, signal.SIGKILL)
        os.close(self.read_end)
        os.waitpid(self.pid, 0)
