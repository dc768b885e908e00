"""Catalogues whose every text is hostile: markup, attr_list braces, entities, YAML specials, all of Unicode.

`write_catalogue` writes links.yaml, taxonomy.yaml and tags.yaml (YAML by yaml.safe_dump, so any text
round-trips); `built_site` builds one such catalogue once for the site test and the browser test.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import random
import shutil
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import sitebuild

# Texts that would run script, add attributes, move anchors or become markup if any output read them.
ATTACKS = (
    "</title><script>window.__hw_xss=1</script>",
    "标题 { onmouseover=window.__hw_xss=2 }",
    "标题 {: onclick=window.__hw_xss=3 .evil #evil }",
    "小节 {#evil}",
    "Attention]: x",  # (a tag title) a reference definition that empties its tag-index row, were `]` only backslash-escaped
    "小节 {#evil",
    "<img src=x onerror=window.__hw_xss=4>",
    "&lt;script&gt;window.__hw_xss=5&lt;/script&gt; &amp; &#60;b&#62;",
    "[点我](javascript:window.__hw_xss=6) ![图](x)",
    "*强调* _下划线_ `代码` ~~删除~~ **粗**",
    "C# ##",
    "# 一级标题",
    "1. 列表 - 项 + 加 > 引用 | 表 | 格 |",
    "<!-- haowen:deferred 0 -->",
    "{{ config.site_name }} {% raw %} ${x}",
    "\"引号\" 'single' \\反斜杠\\",
    "- 'yaml: 特殊' # 注释 &anchor *alias !!python/object ? [a, b] {k: v} @ ` |",
    "第一行\n第二行\t制表",
    "https://evil.example/<script>",
    "🧑💻 表情 and ﬁ ligature, Ａ全角, ١٢٣ أرقام, עברית",
    "[^1]: 脚注 *[缩写]: 定义",
)
CATEGORIES = ("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf",
              "Po", "Sm", "Sc", "Sk", "So", "Zs", "Co")  # every category a text may hold (not Cc, Cf, Cs, Cn, Zl, Zp)


def by_category(seed: int = 12) -> dict[str, list[str]]:
    """A few characters of each allowed Unicode category (the same every run)."""
    rng = random.Random(seed)
    pools: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    for cp in range(sys.maxunicode + 1):
        kind = unicodedata.category(chr(cp))
        if kind in pools and (0xFDD0 > cp or cp > 0xFDEF) and cp & 0xFFFE != 0xFFFE:
            pools[kind].append(chr(cp))
    return {c: rng.sample(chars, min(6, len(chars))) for c, chars in pools.items()}


def generated_texts(count: int, seed: int = 12) -> list[str]:
    """`count` texts mixing the attacks with characters of every allowed category."""
    rng = random.Random(seed)
    chars = [ch for group in by_category(seed).values() for ch in group]
    out = []
    for i in range(count):
        noise = "".join(rng.choice(chars) for _ in range(rng.randint(1, 8)))
        attack = ATTACKS[i % len(ATTACKS)]
        out.append((f"{noise} {attack}" if i % 2 else f"{attack} {noise}").strip())
    return out


@dataclass
class Hostile:
    """What was written: the texts each place should show."""

    data: Path
    category_titles: dict[str, str] = field(default_factory=dict)  # id -> title, top and sub
    tag_titles: dict[str, str] = field(default_factory=dict)
    link_titles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _dump(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def write_catalogue(data: Path, texts: list[str]) -> Hostile:
    """A catalogue in `data` using every text of `texts` as a category, subcategory, tag, title and note."""
    data.mkdir(parents=True, exist_ok=True)
    out = Hostile(data)
    cats = []
    for i in range(2):
        children = []
        for j in range(3):
            sid = f"sub-{i}-{j}"
            out.category_titles[sid] = texts[(i * 3 + j + 2) % len(texts)]
            children.append({"id": sid, "title": out.category_titles[sid], "title_en": f"Sub {i} {j}",
                             "description": texts[(i * 3 + j + 5) % len(texts)]})
        cid = f"cat-{i}"
        out.category_titles[cid] = texts[i % len(texts)]
        cats.append({"id": cid, "order": i, "title": out.category_titles[cid], "title_en": f"Cat {i}",
                     "description": texts[(i + 1) % len(texts)], "children": children})
    _dump(data / "taxonomy.yaml", {"categories": cats})
    tags = []
    for k in range(min(len(texts), 12)):
        tid = f"tag-{k}"
        out.tag_titles[tid] = texts[(k + 3) % len(texts)]
        tags.append({"id": tid, "title": out.tag_titles[tid]})
    _dump(data / "tags.yaml", {"tags": tags})
    subs = [s for s in out.category_titles if s.startswith("sub-")] + ["cat-0", "cat-1"]
    links = []
    for n, text in enumerate(texts):
        out.link_titles.append(text)
        out.notes.append(texts[-1 - n])
        links.append({"url": f"https://example.com/a/{n}", "title": text, "category": subs[n % len(subs)],
                      "tags": [f"tag-{n % len(tags)}", f"tag-{(n + 5) % len(tags)}"], "note": texts[-1 - n],
                      "author": text, "added": dt.date(2024, 1, 1) + dt.timedelta(days=n)})
    _dump(data / "links.yaml", links)
    (data / "search_dict.txt").write_text("", encoding="utf-8")
    return out


@functools.cache
def built_site() -> tuple[Path, Hostile]:
    """The attacks and 130 generated texts built into a site once per test session: (site folder, catalogue)."""
    scratch = Path(tempfile.mkdtemp(prefix="haowen-hostile-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    data = write_catalogue(scratch / "data", [*ATTACKS, *generated_texts(130)])
    result = sitebuild.build(scratch / "site", data.data / "links.yaml")
    assert result.returncode == 0, result.stderr
    return scratch / "site", data
