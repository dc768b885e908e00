"""Property tests: random catalogues with comments, random sequences of add and fmt.

Invariants: every entry's data survives (URLs and tag aliases in canonical form), add changes
nothing but the lines it inserts, fmt puts entries in canonical order, fmt(fmt(x)) == fmt(x),
every comment survives, and every result passes validate.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haowen.catalog.load import Catalog, load, load_links
from haowen.catalog.model import Link
from haowen.editing.entrytext import entry_text
from haowen.editing.layout import category_rank, format_text, insert_entries, normalized, sort_key
from haowen.editing.revise import text_problems
from haowen.io.yamldoc import parse

ROOT = Path(__file__).resolve().parent.parent
HEADER = "# yaml-language-server: $schema=../schemas/links.schema.json\n# 头部\n"


@cache
def base(tmp: str = "/tmp/haowen-fmt-properties") -> Catalog:
    """The real taxonomy and tags with no links."""
    dest = Path(tmp)
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in ("taxonomy.yaml", "tags.yaml"):
        shutil.copy(ROOT / "data" / name, dest / name)
    (dest / "links.yaml").write_text(HEADER, encoding="utf-8")
    catalog, problems = load(dest / "links.yaml")
    assert not problems
    return catalog


def with_text(text: str) -> Catalog:
    doc = parse(base().links_path, text)
    problems: list = []
    entries = load_links(doc, problems)
    assert not problems and not doc.problems
    return replace(base(), entries=entries, docs={**base().docs, "links": doc})


def tag_spellings() -> list[str]:
    return sorted({name for t in base().vocabulary.tags for name in (t.id, *t.aliases)})


words = st.text(alphabet="ab中文 #:'\"-[]{},&*!|>%@`", min_size=1, max_size=12).filter(lambda s: s.strip())
comment = st.text(alphabet="xy注释 #:-'", max_size=10).map(lambda s: "# " + s.strip())


@st.composite
def links(draw: st.DrawFn, ids: list[int]) -> list[Link]:
    out = []
    for n in ids:
        url = draw(st.sampled_from([f"https://example.com/p/{n}", f"http://EXAMPLE.com/p/{n}/?utm_source=x",
                                    f"https://example.com/p/{n}#top"]))
        out.append(Link(
            url=url,
            title=draw(words),
            category=draw(st.sampled_from(sorted(base().categories))),
            tags=draw(st.lists(st.sampled_from(tag_spellings()), max_size=3)),
            note=draw(st.none() | words),
            added=draw(st.dates(dt.date(2020, 1, 1), dt.date(2024, 12, 31))),
            sources=draw(st.lists(st.sampled_from(["a", "b-c", "来源"]), max_size=2, unique=True)),
        ))
    return out


@st.composite
def catalogues(draw: st.DrawFn) -> tuple[str, list[Link], list[str]]:
    """A links.yaml text in some order with comments above entries, on their last lines and at the end."""
    n = draw(st.integers(0, 8))
    entries = draw(links(list(range(n))))
    parts, comments = [HEADER], []
    for link in entries:
        block = entry_text(link)
        where = draw(st.sampled_from(["none", "above", "eol"]))
        c = draw(comment)
        if where == "above":
            block = c + "\n" + block
        elif where == "eol":
            block = block[:-1] + "  " + c + "\n"
        comments += [c] if where != "none" else []
        parts.append("\n" + block)
    if draw(st.booleans()):
        c = draw(comment)
        parts.append("\n" + c + "\n")
        comments.append(c)
    return "".join(parts), entries, comments


def data(catalog: Catalog) -> dict[str, dict]:
    return {link.url: link.model_dump() for link in catalog.links}


def assert_comments_kept(text: str, comments: list[str]) -> None:
    lines = text.splitlines()
    for c in set(comments):
        assert sum(1 for line in lines if line.rstrip().endswith(c.rstrip())) >= comments.count(c), c


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues(), st.lists(st.integers(0, 9), max_size=6), st.data())
def test_add_and_fmt_lose_nothing(start: tuple[str, list[Link], list[str]], ops: list[int], draw: st.DataObject) -> None:
    text, entries, comments = start
    cat = base()
    expected = {normalized(link, cat).url: normalized(link, cat).model_dump() for link in entries}
    rank = category_rank(cat)
    next_id = 100
    for op in ops:
        catalog = with_text(text)
        if op < 6:  # add one new, normalized link (as `haowen add` makes it)
            new = normalized(draw.draw(links([next_id])).pop(), cat)
            next_id += 1
            after = insert_entries(text, [new], catalog)
            old_lines, new_lines = text.splitlines(keepends=True), after.splitlines(keepends=True)
            inserted = entry_text(new).splitlines(keepends=True)
            head = next((i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)) if a != b), len(old_lines))
            extra = len(new_lines) - len(old_lines)
            assert new_lines[:head] + new_lines[head + extra:] == old_lines  # nothing else changed
            assert "".join(new_lines[head:head + extra]).strip("\n") == "".join(inserted).strip("\n")
            expected[new.url] = new.model_dump()
            before_order = [link.url for link in catalog.links]
            text = after
            after_order = [link.url for link in with_text(text).links if link.url != new.url]
            assert after_order == before_order  # nothing reordered
        else:
            text = format_text(text, catalog.links, catalog)
            formatted = with_text(text)
            keys = [sort_key(link, rank) for link in formatted.links]
            assert keys == sorted(keys)
            assert format_text(text, formatted.links, formatted) == text
        got = with_text(text)
        assert {normalized(link, cat).url: normalized(link, cat).model_dump() for link in got.links} == expected
        assert len(got.links) == len(expected)
        assert_comments_kept(text, comments)
        assert not [p for p in text_problems(got, text) if "规范形式" not in p.message]
    final = with_text(text)
    once = format_text(text, final.links, final)
    formatted = with_text(once)
    assert data(formatted) == expected
    assert format_text(once, formatted.links, formatted) == once
    assert_comments_kept(once, comments)
    assert text_problems(formatted, once) == []
