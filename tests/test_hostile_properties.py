"""Property tests: random hostile text (every Unicode category, YAML and Markdown specials) through
add → fmt → validate → export, and through each output escape (issue 12).

Invariants: a text validate accepts survives add, fmt and both exports unchanged and is never read as
markup; a text with a forbidden character is refused with `file:line:col` naming that character, the
file is left as it was, and nothing printed carries a control character.  (The site build of many
such texts is tests/test_site_hostile.py: one build, not one per example.)
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pydantic import StringConstraints, TypeAdapter

import hostile
from haowen.catalog.load import load
from haowen.cli import main
from haowen.text import safe as safetext
from haowen.text.titles import clean_title

ROOT = Path(__file__).resolve().parent.parent
URL = "https://example.com/hostile"
SEED = "- url: https://example.com/seed\n  title: 种子\n  category: attention\n  added: 2024-01-01\n"
SPECIALS = ["- ", ": ", " #", "&a ", "*a", "!!python/object:os.system", "? ", "|", ">", "'", '"', "%", "@", "`",
            "{", "}", "[", "]", ",", "\\", "---", "...", "~", "null", "yes", "0x1F", "2024-01-01", "<!--", "\t",
            "\n", "\r\n", "\x1b[2K", "\u202e", "\u200b", "\ufeff", "\x00", "\ud800", "\U000e0041", "\ufdd0",
            "&lt;", "&#60;", "{: onclick=x}", "{#evil}", "[a](javascript:x)", "</title>", *hostile.ATTACKS]
# Any code point, lone surrogates included, mixed with fragments that mean something to YAML, Markdown or HTML.
HOSTILE = st.lists(st.one_of(st.characters(exclude_categories=()), st.text(max_size=4),
                             st.sampled_from(SPECIALS)), max_size=12).map("".join)
STRIPPED = TypeAdapter(Annotated[str, StringConstraints(strip_whitespace=True)])  # what the model keeps
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def data() -> Iterator[Path]:
    """<tmp>/data with the real taxonomy and tags and one link; returns links.yaml."""
    root = Path(tempfile.mkdtemp(prefix="haowen-hostile-props-")) / "data"
    root.mkdir()
    for name in ("taxonomy.yaml", "tags.yaml"):
        shutil.copy(ROOT / "data" / name, root / name)
    yield root / "links.yaml"
    shutil.rmtree(root.parent, ignore_errors=True)


def _accepted(text: str) -> bool:
    kept = STRIPPED.validate_python(text) if not re.search("[\ud800-\udfff]", text) else text
    return bool(kept) and safetext.first_forbidden(kept) is None


def _outputs(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert not TERMINAL_CONTROL.search(out), repr(out)
    return out


def _shown(text: str) -> str:
    return " ".join(text.split())


@SETTINGS
@given(title=HOSTILE.filter(bool), note=HOSTILE)  # an empty --title would fetch the page
def test_add_fmt_validate_export_keep_text_as_text(data: Path, capsys: pytest.CaptureFixture[str],
                                                  title: str, note: str) -> None:
    data.write_text(SEED, encoding="utf-8")
    code = main(["add", URL, f"--title={title}", f"--note={note}", "--category", "attention", "--tags", "attention",
                 "--catalog", str(data)])
    _outputs(capsys)
    want_title = clean_title(title)
    if not (want_title and _accepted(note)):
        assert code == 1 and data.read_text(encoding="utf-8") == SEED
        return
    assert code == 0
    assert safetext.first_forbidden(want_title) is None and len(want_title) <= safetext.MAX_TITLE
    assert main(["fmt", "--check", "--catalog", str(data)]) == 0
    assert main(["validate", "--catalog", str(data)]) == 0
    _outputs(capsys)
    assert main(["export", "json", "--catalog", str(data)]) == 0
    exported = json.loads(_outputs(capsys))["links"]
    assert [(l["title"], l.get("note")) for l in exported if l["url"] == URL] == [(want_title, STRIPPED.validate_python(note))]
    assert main(["export", "markdown", "--catalog", str(data)]) == 0
    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(_outputs(capsys))
    anchors = re.findall(rf'<a href="{URL}">(.*?)</a>', rendered, re.S)
    assert [html.unescape(a) for a in anchors] == [_shown(want_title)]  # no tag inside: text only


@SETTINGS
@given(field=st.sampled_from(["title", "note", "author"]), text=HOSTILE)
def test_validate_refuses_exactly_the_forbidden_texts_at_their_place(
        data: Path, capsys: pytest.CaptureFixture[str], field: str, text: str) -> None:
    entry = {"url": URL, "title": "标题", "category": "attention", "added": dt.date(2024, 1, 2), field: text}
    content = SEED + "\n" + yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=10_000)
    data.write_text(content, encoding="utf-8")
    value = next(v for k, v in yaml.compose(content).value[1].value if k.value == field)
    line = value.start_mark.line + 1  # where YAML itself says the text starts
    code = main(["validate", "--catalog", str(data)])
    out = _outputs(capsys)
    if _accepted(text):
        assert code == 0, out
        catalog, _ = load(data)
        assert getattr(catalog.links[-1], field) == STRIPPED.validate_python(text)
        assert main(["fmt", "--catalog", str(data)]) == 0  # fmt rewrites the file; the text stays
        _outputs(capsys)
        catalog, problems = load(data)
        assert problems == [] and getattr(catalog.links[-1], field) == STRIPPED.validate_python(text)
        return
    assert code == 1
    problems = out.splitlines()[:-1]  # the last line counts them
    assert len(problems) == 1 and re.match(rf"^\S*links\.yaml:{line}:\d+: ", problems[0]), (problems, line)
    found = safetext.first_forbidden(text.strip())
    if found and f"“{field}”" in problems[0]:  # (libyaml refuses a surrogate escape as a syntax error)
        assert f"U+{ord(found[1]):04X}" in problems[0]


MD = markdown.Markdown(extensions=["attr_list", "tables", "toc"])


MARKDOWN_CASES = ["=== x", "---", "1) x", "+ x", "> x", "x #", "x {#y}", "    code", "[x]: http://a", "&copy; ~~x~~",
                  "\\", "<!-- x -->", "标题 {: onclick=x }", "Attention]: x", "a]: b \"c\"", "[^1]: x", "*[x]: y"]


@pytest.mark.parametrize("text", MARKDOWN_CASES)
def test_markdown_text_block_and_inline_markers(text: str) -> None:
    _check_markdown(text)


@settings(max_examples=300, deadline=None)
@given(text=HOSTILE)
def test_markdown_text_is_only_text_and_keeps_the_heading_id(text: str) -> None:
    text = safetext.clean(text)
    assume(_shown(text))  # data texts are never empty
    _check_markdown(text)


def _check_markdown(text: str) -> None:
    """As a heading with an id and as a paragraph (Python-Markdown with attr_list), and on GitHub (CommonMark)."""
    out = MD.reset().convert(f"## {safetext.markdown_text(text)} {{#sect}}\n\n{safetext.markdown_text(text)}\n")
    heading, _, para = out.partition("</h2>")
    assert heading.startswith('<h2 id="sect">')
    _only_text(heading.removeprefix('<h2 id="sect">'), text)
    _only_text(para.strip().removeprefix("<p>").removesuffix("</p>"), text)
    github = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(safetext.markdown_text(text))
    _only_text(github.removeprefix("<p>").removesuffix("</p>\n"), text)
    # as the link text of a list row (the tag index): a reference definition must not swallow the row
    for rendered in (MD.reset().convert(f"- [{safetext.markdown_text(text)}](x.md) (3)\n"),
                     MarkdownIt("commonmark").render(f"- [{safetext.markdown_text(text)}](x.md) (3)\n")):
        row = rendered.strip().removeprefix("<ul>").removesuffix("</ul>").strip()
        assert row.startswith('<li><a href="x.md">') and row.endswith("</a> (3)</li>"), (rendered, text)
        _only_text(row.removeprefix('<li><a href="x.md">').removesuffix("</a> (3)</li>"), text)


def _only_text(inner: str, text: str) -> None:
    """`inner` (HTML) is `text`, whitespace folded: no element, no markup character taken as markup."""
    assert "<" not in inner and html.unescape(inner) == _shown(text), (inner, text)


@settings(max_examples=300, deadline=None)
@given(text=HOSTILE)
def test_html_and_terminal_escapes(text: str) -> None:
    escaped = safetext.html_text(text)
    assert not re.search(r"[<>\"']|&(?!(amp|lt|gt|quot|#x27);)", escaped) and html.unescape(escaped) == text
    shown = safetext.visible(text)
    assert not TERMINAL_CONTROL.search(shown) and "\n" not in shown and "\r" not in shown
    assert safetext.first_forbidden(safetext.clean(text)) is None


NO_SURROGATES = re.compile("[\ud800-\udfff]")


@SETTINGS
@given(heading=HOSTILE, text=HOSTILE, note=HOSTILE, cell=HOSTILE)
def test_import_keeps_hostile_headings_link_texts_and_notes_as_valid_text(
        data: Path, capsys: pytest.CaptureFixture[str], heading: str, text: str, note: str, cell: str) -> None:
    """Whatever a list's headings, link texts, descriptions and table cells hold, import writes a valid catalogue
    (review marks carry the headings) or skips the link with a reason: never a traceback or a broken file."""
    shutil.copy(ROOT / "data" / "import.yaml", data.parent / "import.yaml")
    data.write_text(SEED, encoding="utf-8")
    md = data.parent / "list.md"
    body = (f"# {heading}\n\n## {heading}\n\n- [{text}](https://example.org/a) - {note}\n\n"
            f"| 名称 | 链接 |\n| --- | --- |\n| {cell} | [pdf](https://example.org/b) |\n")
    md.write_text(NO_SURROGATES.sub("", body), encoding="utf-8")
    assert main(["import", "--catalog", str(data), "--added", "2024-06-01", str(md)]) == 0
    _outputs(capsys)
    assert main(["validate", "--catalog", str(data)]) == 0
    assert main(["fmt", "--check", "--catalog", str(data)]) == 0
    _outputs(capsys)
