"""The text of a fetched HTML page: one charset rule for `haowen add` and `haowen check`.

The charset comes from the Content-Type header, else a <meta> tag in the first 4 KB, else the
body is UTF-8 if it decodes as such, else GB18030.  GBK and GB2312 are read as GB18030, their
superset, since pages labelled GBK often use characters only GB18030 has.  A declared charset
that the body does not fit (replacement characters) while the body is clean UTF-8 is a server's
mislabel: the page is read as UTF-8 and the result says so.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

_CHARSET_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


class PageText(NamedTuple):
    """A page's text and, when its declared charset was wrong, a warning for people."""

    text: str
    warning: str | None = None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("'\"").lower()
    return _CHARSET_ALIASES.get(name, name)


def _utf8(body: bytes) -> str | None:
    """`body` as UTF-8 when it is clean UTF-8 (a sequence cut off at the end is fine), else None."""
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(body, final=False)
    except UnicodeDecodeError:
        return None


def decode(body: bytes, header_charset: str | None) -> PageText:
    """The page's text: header charset, else <meta> charset, else UTF-8, else GB18030."""
    meta = _META_CHARSET.search(body[:4096])
    for name in (header_charset, meta.group(1).decode("ascii") if meta else None):
        codec = _codec(name)
        if not codec:
            continue
        try:
            text = body.decode(codec, errors="replace")
        except LookupError:
            continue
        if "\ufffd" in text and codecs.lookup(codec).name != "utf-8":
            utf8 = _utf8(body)
            if utf8 is not None:
                return PageText(utf8, f"网页声明的编码 {name} 与内容不符，已按 UTF-8 读取")
        return PageText(text)
    utf8 = _utf8(body)
    return PageText(utf8) if utf8 is not None else PageText(body.decode("gb18030", errors="replace"))
