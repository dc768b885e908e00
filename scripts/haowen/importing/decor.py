"""What a list adds around its titles and notes, taken off: bracket chips, marker emoji, star ratings, `@author`.

`[Triton编程][基础]📖Triton 极简入门 🔥` is the title `Triton 极简入门` under the chips `Triton编程`, `基础` (evidence
for filing, like a heading).  Notes keep whole sentences only, each once, up to NOTE_CAP characters.  A repository
the list describes is titled `owner/name：description`.  Nothing here invents words: everything kept was written
in the list.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Marker emoji and symbols lists put around titles (📖 🔥 ⭐ ✔️ ★ 👉…): never words of a title or note.
MARKERS = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D\u20E3]+")
# Leading bracket chips: `[a][b]` (two or more), or one followed by a marker emoji (`[Tensor Cores]📖…`).
_CHIPS = re.compile(r"^\s*((?:\[[^\[\]\n]{1,24}\](?!\()\s*){2,6}|\[[^\[\]\n]{1,24}\](?=\s*" + MARKERS.pattern + r"))")
_CHIP = re.compile(r"\[([^\[\]\n]{1,24})\]")
_AUTHOR_COLUMN = re.compile(r"作者|author|writer|by\b|博主", re.I)
_AT_AUTHOR = re.compile(r"^\s*(?:by\s+|作者[:：]?\s*)?@([^\s@,，、|()（）]{1,40})(?=\s|$|[,，、|])", re.I)
_TRAILING_AUTHOR = re.compile(r"\s*(?:[-—–|,，]+\s*)?(?:by\s+|作者[:：]?\s*)?@([^\s@,，、|()（）]{1,40})\s*$", re.I)
# Sentences: up to a Chinese end mark, or an English one followed by a space or the end (`v1.0`, `98.5%` stay whole).
_SENTENCE = re.compile(r"[^。！？；\n]+?(?:[。！？；]+|[.!?;]+(?=\s|$)|$)")
_SEPARATORS = " \t-—–:：|｜,，、>·•"
# Sentences that are a list's boilerplate, or pieces of a sentence the link stood in (`repo for more details`).
_BOILERPLATE = re.compile(r"^(?:(?:(?:see|check)\s+)?(?:the\s+)?(?:repo|repository|readme|code|paper|link|here)?\s*for (?:more )?"
                          r"(?:details|info(?:rmation)?)|(?:to )?(?:learn|read) more|更多(?:细节|信息|内容|详情)|了解更多|"
                          r"详见.{0,6})[.。!！]?$", re.I)
_FRAGMENT_START = re.compile(r"^(?:and|or|for|to|of|with|in|on|at|by|from|as|which|that|than|but)\b", re.I)
NOTE_CAP = 240  # characters of whole sentences kept in a note
REPO_HOSTS = ("github.com", "gitee.com", "gitlab.com")
_PAIRS = (("(", ")"), ("（", "）"), ("[", "]"), ("【", "】"), ("<", ">"), ("《", "》"), ("“", "”"))


def strip_markers(text: str) -> str:
    """`text` without marker emoji and symbols, spaces collapsed."""
    return " ".join(MARKERS.sub(" ", text).split())


def chips(title: str) -> tuple[str, list[str]]:
    """`title` without its leading bracket chips, and the chips' words (empty when it has none)."""
    m = _CHIPS.match(title)
    if not m:
        return title, []
    rest = strip_markers(title[m.end():])
    return (rest, [c.strip() for c in _CHIP.findall(m.group(1))]) if rest else (title, [])


def author_column(header: list[str]) -> int | None:
    """The index of the header cell naming an author column (作者, Author), if any."""
    return next((i for i, h in enumerate(header) if _AUTHOR_COLUMN.search(h)), None)


def author_in_cell(cell: str) -> str | None:
    """The author an author-column cell names (`@张三` → 张三, `Kwon et al.`), else None."""
    text = strip_markers(cell).strip().removeprefix("@").strip()
    return text if 0 < len(text) <= 80 and "://" not in text else None


def trailing_author(title: str) -> tuple[str, str | None]:
    """`title` without an `— by @name` at its end, and that name."""
    m = _TRAILING_AUTHOR.search(title)
    return (title[:m.start()].rstrip(), m.group(1)) if m and m.start() > 0 else (title, None)


def leading_author(words: str) -> tuple[str | None, str]:
    """An `@name` (or `by @name`) at the start of the words after a link, and the words without it."""
    m = _AT_AUTHOR.match(words)
    return (m.group(1), words[m.end():]) if m else (None, words)


def _balanced(text: str) -> bool:
    return all(text.count(a) == text.count(b) for a, b in _PAIRS)


def _key(sentence: str) -> str:
    return re.sub(r"[\W_]+", "", sentence.lower())


def sentences(text: str) -> list[str]:
    """The whole sentences of `text`, each once, without marker emoji, separators at the ends, boilerplate and
    pieces of a sentence (unbalanced brackets, an English function word first, a lower-case start after the
    first sentence)."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in _SENTENCE.findall(strip_markers(text)):
        s = raw.strip(_SEPARATORS)
        k = _key(s)
        if (len(k) < 2 or k in seen or not _balanced(s) or _BOILERPLATE.match(s) or _FRAGMENT_START.match(s)
                or out and s[:1].islower()):
            continue
        seen.add(k)
        out.append(s)
    return out


def _joined(parts: list[str]) -> str:
    text = ""
    for s in parts:
        text += (" " if text and not text.endswith(("。", "！", "？", "；")) else "") + s
    return text


def clean_note(text: str | None, title: str = "", cap: int = NOTE_CAP) -> str | None:
    """A note of whole sentences from `text` (none repeated, none repeating the title), at most `cap` characters;
    None when not one whole sentence fits."""
    if not text:
        return None
    said = _key(title)
    kept: list[str] = []
    for s in sentences(text):
        if _key(s) == said:
            continue
        if len(_joined([*kept, s])) > cap:
            break
        kept.append(s)
    return _joined(kept) or None


def merge_notes(first: str | None, other: str | None, title: str = "") -> str | None:
    """The notes of two mentions of one link as one note: each sentence once, capped."""
    return clean_note(" ".join(n if n.rstrip().endswith(("。", ".", "!", "?", "！", "？")) else n + "。"
                               for n in (first, other) if n), title)


def repository(url: str) -> str:
    """`owner/name` when the canonical `url` is a repository's front page on a code host, else ""."""
    parts = urlsplit(url)
    path = [p for p in parts.path.split("/") if p]
    return "/".join(path) if (parts.hostname or "") in REPO_HOSTS and len(path) == 2 else ""


def _name_like(text: str, name: str) -> bool:
    """True when `text` says no more than the repository's name (`HGEMM`, `ffpa-attn`, `vllm-project/vllm`)."""
    squash = re.sub(r"[\W_]+", "", text.lower())
    return not squash or squash in re.sub(r"[\W_]+", "", name.lower())


def repository_title(url: str, title: str, note: str | None) -> tuple[str, str | None]:
    """A repository's title `owner/name：description` and what is left of the note: the description is the
    note's first sentence, else a link text that says more than the name; `owner/name` alone without either."""
    name = repository(url)
    if not name:
        return title, note
    said = sentences(note) if note else []
    if said:
        return f"{name}：{said[0].rstrip('.。')}", _joined(said[1:]) or None
    if _name_like(title, name) or title.startswith(("http://", "https://")):
        return name, note
    return f"{name}：{title}", note
