"""The search tokens of a text: the one segmentation the index (here) and the query (docs/assets/search/engine.js)
both use, so what a reader types is cut exactly as the catalogue was.

A text is NFKC-normalised and cut into runs of Latin letters, of digits and of Chinese characters:

- a run of letters is one token, lower-cased ("vLLM" → vllm); CamelCase parts are tokens too
  (FlashAttention → flashattention, flash, attention), so are a short plural's stem (LLMs → llm) and two
  words written apart by one space or mark (llama.cpp, Megatron-LM → llamacpp, megatronlm);
- a run of digits is one token;
- a run of Chinese characters becomes its character bigrams, and its last character alone
  (权重量化 → 权重 重量 量化 化): every character starts a token, so one typed character finds them all.
  No dictionary is needed on either side, so "权重量化" typed is cut exactly as it is indexed.

Each token has a position (a letter or digit run takes one, a Chinese run one per character), which the
ranking uses to tell a phrase in the title from the same words apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from haowen.catalog.synonyms import HAN

RUN = re.compile(rf"[A-Za-z]+|[0-9]+|[{HAN}]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_JOINER = re.compile(r"[ .\-_/]")  # one of these between two words: also indexed as one word (llama.cpp)


def _latin(run: str) -> list[str]:
    """The tokens of one run of letters: itself, its CamelCase parts, a short plural's stem."""
    low = run.lower()
    out = [low]
    parts = _CAMEL.split(run)
    if len(parts) > 1:
        out += [p.lower() for p in parts]
    if 3 <= len(low) <= 5 and low.endswith("s") and not low.endswith("ss"):
        out.append(low[:-1])
    return out


def tokens(text: str) -> Iterator[tuple[str, int]]:
    """Every token of `text` with its position (see the module doc); a token may repeat."""
    norm = unicodedata.normalize("NFKC", text)
    pos = 0
    last_end, last_word = -2, ""
    for m in RUN.finditer(norm):
        run = m.group(0)
        if run[0].isascii():
            if run[0].isalpha():
                for tok in _latin(run):
                    yield tok, pos
                if last_word and m.start() == last_end + 1 and _JOINER.fullmatch(norm[last_end]):
                    yield last_word + run.lower(), pos - 1
                last_word = run.lower()
            else:
                yield run, pos
                last_word = ""
            last_end = m.end()
            pos += 1
            continue
        last_word = ""
        for i in range(len(run) - 1):
            yield run[i : i + 2], pos + i
        yield run[-1], pos + len(run) - 1
        pos += len(run)


def shard_key(token: str) -> str:
    """What decides a token's shard: a word's first two letters (a typed prefix of three or more is in one
    shard), a Chinese token's first character (one typed character finds its bigrams there), a facet whole."""
    if token.startswith("~"):
        return token
    return token[:1] if not token[0].isascii() else token[:2]


def shard_of(token: str, shards: int) -> int:
    """The shard of `token` among `shards`: FNV-1a (32 bit) over the UTF-16 code units of its shard key."""
    h = 0x811C9DC5
    data = shard_key(token).encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | data[i + 1] << 8
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards
