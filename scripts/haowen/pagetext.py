"""The text of a fetched HTML page: one charset rule for `haowen add` and `haowen check`.

The charset comes from the Content-Type header, else a <meta> tag in the first 4 KB, else the
body is UTF-8 if it decodes as such, else GB18030.  GBK and GB2312 are read as GB18030, their
superset, since pages labelled GBK often use characters only GB18030 has.
"""

from __future__ import annotations

import re

_CHARSET_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("'\"").lower()
    return _CHARSET_ALIASES.get(name, name)


def decode(body: bytes, header_charset: str | None) -> str:
    """The page's text: header charset, else <meta> charset, else UTF-8, else GB18030."""
    meta = _META_CHARSET.search(body[:4096])
    for codec in (_codec(header_charset), _codec(meta.group(1).decode("ascii") if meta else None)):
        if codec:
            try:
                return body.decode(codec, errors="replace")
            except LookupError:
                continue
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("gb18030", errors="replace")
