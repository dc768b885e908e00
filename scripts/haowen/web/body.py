"""A response body read within a cap counted in decoded bytes: one reader for `haowen add` and `haowen check`.

httpx decodes each network chunk whole, through every layer of Content-Encoding, before a caller can
count anything: a 269-byte answer with `Content-Encoding: gzip, gzip, gzip` became 2 GB in memory.
Here the raw bytes are read (`aiter_raw`) and inflated by zlib with `max_length`, so no more than the
cap is ever produced; more than one content-coding is refused, as is a coding other than gzip and
deflate (the only ones `ACCEPT_ENCODING` asks for).
"""

from __future__ import annotations

import zlib

import httpx

ACCEPT_ENCODING = "gzip, deflate"
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class BodyError(Exception):
    """The body is refused; the message says why, in Chinese."""


class _Inflater:
    """One content-coding undone chunk by chunk, never producing more than asked for."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self.inflate = zlib.decompressobj(_WBITS[coding])
        self.started = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Up to `room` (≥ 1) decoded bytes of `data`; what does not fit is dropped (the caller stops)."""
        try:
            out = self.inflate.decompress(data, room)
        except zlib.error:
            if self.coding != "deflate" or self.started:
                raise BodyError(f"网页的 {self.coding} 压缩数据已损坏") from None
            self.inflate = zlib.decompressobj(-zlib.MAX_WBITS)  # "deflate" sent raw, without the zlib header
            self.started = True
            return self.feed(data, room)
        self.started = True
        return out


def _codings(response: httpx.Response) -> list[str]:
    """The content-codings applied to the body, outermost last; `identity` left out."""
    named = response.headers.get_list("content-encoding", split_commas=True)
    return [c for c in (n.strip().lower() for n in named) if c and c != "identity"]


def _inflater(response: httpx.Response) -> _Inflater | None:
    codings = _codings(response)
    if len(codings) > 1:
        raise BodyError(f"网页的正文压缩了 {len(codings)} 层（{', '.join(codings)}），可能是压缩炸弹，已拒绝读取")
    if codings and codings[0] not in _WBITS:
        raise BodyError(f"网页用了不支持的压缩方式 {codings[0]}")
    return _Inflater(codings[0]) if codings else None


async def read_body(response: httpx.Response, cap: int) -> bytes:
    """At most `cap` decoded bytes of the body (and at most `cap` bytes read off the network); BodyError
    for stacked, unknown or broken compression."""
    inflater = _inflater(response)
    body, raw = bytearray(), 0
    async for chunk in response.aiter_raw():
        raw += len(chunk)
        body += inflater.feed(chunk, cap - len(body)) if inflater else chunk[: cap - len(body)]
        if len(body) >= cap or raw >= cap:
            break
    return bytes(body)
