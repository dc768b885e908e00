"""A fuzz of URL forms through canonical() and the duplicate check (issue 12).

canonical() never raises anything but UrlError, whatever the text; what it returns is a fixed
point the catalogue's model accepts; and spellings of one URL that differ only in ways that do
not change the page (case, full-width letters, IDN or punycode, escaped unreserved characters,
the default port, a trailing slash, a fragment, tracking parameters) give the same key, which
`validate` reports as a duplicate naming both lines.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haowen.catalog.model import Link
from haowen.catalog.urls import UrlError, already_canonical, canonical, rebuilt, split_checked
from haowen.validation.checks import validate

DATA = Path(__file__).resolve().parent.parent / "data"
# Internationalised labels and their A-labels as published (RFC 3492 and registry test names).
IDN = {"例子": "xn--fsqu00a", "测试": "xn--0zwm56d", "bücher": "xn--bcher-kva", "münchen": "xn--mnchen-3ya",
       "中文": "xn--fiq228c"}
UNRESERVED = "abcxyzABCXYZ0129-._~"
SUB_DELIMS = "!$&'()*+,;=:@"

_ascii_label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
_label = st.one_of(_ascii_label, st.sampled_from(sorted(IDN)), st.sampled_from(sorted(IDN.values())))
_segment = st.text(alphabet=UNRESERVED + SUB_DELIMS + "中文é", max_size=6).filter(lambda s: s not in (".", ".."))


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A scheme, the host's labels (IDN ones in either form) and the path's segments of one article."""
    scheme = draw(st.sampled_from(["http", "https"]))
    labels = draw(st.lists(_label, min_size=1, max_size=3)) + [draw(st.sampled_from(["com", "cn", "测试", "org"]))]
    segments = draw(st.lists(_segment, min_size=1, max_size=4))
    return scheme, labels, segments


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) - 0x21 + 0xFF01) if "!" <= c <= "~" else c for c in text)


def _escaped(char: str, upper: bool) -> str:
    hexed = "".join(f"%{b:02X}" for b in char.encode())
    return hexed if upper else hexed.lower()


@st.composite
def spelling(draw: st.DrawFn, article: tuple[str, list[str], list[str]]) -> str:
    """One spelling of `article`, each harmless change drawn at random."""
    scheme, labels, segments = article
    host_labels = []
    for label in labels:
        if label in IDN and draw(st.booleans()):
            label = IDN[label]  # the same name as punycode
        elif label in IDN.values() and draw(st.booleans()):
            label = next(u for u, a in IDN.items() if a == label)
        how = draw(st.sampled_from(["as is", "upper", "full-width", "escaped"]))
        if how == "upper":
            label = label.upper()
        elif how == "full-width":
            label = _fullwidth(label)
        elif how == "escaped" and label.isascii():
            label = "".join(_escaped(c, draw(st.booleans())) if draw(st.booleans()) else c for c in label)
        host_labels.append(label)
    dot = draw(st.sampled_from([".", "．", "。"])) if any(not lb.isascii() for lb in host_labels) else "."
    host = dot.join(host_labels) + draw(st.sampled_from(["", "."]))
    port = draw(st.sampled_from(["", ":443" if scheme == "https" else ":80"]))
    path = "/" + "/".join(
        "".join(_escaped(c, draw(st.booleans())) if c in UNRESERVED + "中文é" and draw(st.booleans()) else c for c in seg)
        for seg in segments)
    path += draw(st.sampled_from(["", "/"]))
    query = draw(st.sampled_from(["", "?utm_source=x", "?spm=1.2&utm_medium=y"]))
    fragment = draw(st.sampled_from(["", "#top"]))
    return f"{scheme}://{host}{port}{path}{query}{fragment}"


@st.composite
def same_article_twice(draw: st.DrawFn) -> tuple[str, str]:
    article = draw(articles())
    return draw(spelling(article)), draw(spelling(article))


# Anything a person might paste: URL-shaped text with odd hosts, ports, brackets and escapes.
_netloc_chars = st.sampled_from([*"aZ09.-_%:@[]", "％", "．", "。", "：", "／", "ｅ", "例", "\u200d", "\u0301", "ß", "İ",
                                 "%20", "%2e", "%zz", ":99999", ":-1", ":0", ":443", "[::1]", "xn--", "ß", " ", "\t"])
_loose_urls = st.builds(lambda s, n, p: f"{s}://{n}{p}", st.sampled_from(["http", "https", "HTTPS", "ftp", ""]),
                        st.lists(_netloc_chars, max_size=10).map("".join), st.text(max_size=10))
_HAN = re.compile(r"[\u4e00-\u9fff]")


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.text(max_size=40), _loose_urls))
def test_canonical_never_raises_and_its_result_is_a_fixed_point(text: str) -> None:
    try:
        once = canonical(text)
    except UrlError as exc:
        assert _HAN.search(str(exc)), "a refusal says why, in Chinese"
        with pytest.raises(UrlError):
            split_checked(text)
        return
    assert canonical(once) == once
    assert once.startswith("https://") and "#" not in once
    split_checked(text)  # the model's check accepts what canonical accepts ...
    Link(url=once, title="t", category="moe", added=dt.date(2024, 1, 1))  # ... and what it returns
    if already_canonical(once):
        assert rebuilt(once) == once


@settings(max_examples=150, deadline=None)
@given(same_article_twice())
def test_spellings_of_one_article_have_one_key(pair: tuple[str, str]) -> None:
    one, two = pair
    assert canonical(one) == canonical(two)
    assert canonical(canonical(one)) == canonical(one)
    assert rebuilt(canonical(one)) == canonical(one)


@pytest.fixture(scope="module")
def catalog_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("forms") / "data"
    root.mkdir()
    for name in ("taxonomy.yaml", "tags.yaml"):
        shutil.copy(DATA / name, root / name)
    return root


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(same_article_twice())
def test_validate_reports_two_spellings_as_one_article(catalog_dir: Path, pair: tuple[str, str]) -> None:
    one, two = pair
    links = catalog_dir / "links.yaml"
    links.write_text(
        f"- url: {json.dumps(one, ensure_ascii=False)}\n  title: 第一条\n  category: moe\n  added: 2024-01-01\n\n"
        f"- url: {json.dumps(two, ensure_ascii=False)}\n  title: 第二条\n  category: moe\n  added: 2024-01-02\n",
        encoding="utf-8")
    _, problems = validate(links)
    duplicates = [p for p in problems if "同一篇文章" in p.message]
    assert [(p.line, p.col) for p in duplicates] == [(6, 8)], problems
    assert "第 1 行" in duplicates[0].message
