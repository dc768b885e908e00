"""A small catalogue with every issue-13 field: a series split over two categories, picks, mirrors, kinds."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SERIES = """\
series:
  - id: cuda-notes
    title: CUDA 笔记
    author: 测试作者
    description: 从 Element-Wise 到 Triton 的一组 <CUDA> 笔记。
  - id: empty-series
    title: 还没有文章的系列
"""


def _entry(n: int, category: str, *extra: str, added: str = "2024-01-01") -> str:
    lines = [f"- url: https://zhuanlan.zhihu.com/p/{n}", f"  title: 第 {n} 篇", f"  category: {category}",
             *(f"  {e}" for e in extra), f"  added: {added}"]
    return "\n".join(lines) + "\n\n"


# In file order the series comes as parts 3, 1, 2 — interleaved with other entries — and part 4 is
# filed in another category.
LINKS = (
    _entry(1, "cuda-basics", "series: cuda-notes", "part: 3", "pick: true")
    + _entry(2, "cuda-basics", "kind: repo", "pick: true", "tags: [triton]")
    + _entry(3, "cuda-basics", "series: cuda-notes", "part: 1", "published: 2023-05",
             "mirrors: ['https://mp.weixin.qq.com/s/mirror3']")
    + _entry(4, "cuda-basics", "kind: paper", "published: 2022-02-03")
    + _entry(5, "cuda-basics", "series: cuda-notes", "part: 2", "kind: video", "tags: [triton]")
    + _entry(6, "triton", "series: cuda-notes", "part: 4", "pick: true", "tags: [triton]")
    + _entry(7, "moe", "pick: true", "kind: course")
    + _entry(8, "moe")
)

SERIES_ORDER = [3, 5, 1, 6]  # the entries of cuda-notes by part


def write(dest: Path) -> Path:
    """The fixture data in `dest` (real taxonomy and tags); returns its links.yaml."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("taxonomy.yaml", "tags.yaml", "import.yaml", "search_dict.txt"):
        shutil.copy(ROOT / "data" / name, dest / name)
    (dest / "series.yaml").write_text(SERIES, encoding="utf-8")
    (dest / "links.yaml").write_text(LINKS, encoding="utf-8")
    return dest / "links.yaml"
