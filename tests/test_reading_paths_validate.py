"""validate on the issue-13 fields: kind, mirrors, series/part, pick, published (one and two processes)."""

from __future__ import annotations

import shutil
import textwrap
import threading
from pathlib import Path

import pytest

from haowen.cli import main
from haowen.validation import parallel as parallel_validate

SERIES = """\
series:
  - id: cuda-notes
    title: CUDA 笔记
  - id: rope-series
    title: 位置编码系列
"""


@pytest.fixture(params=["one process", "two processes"])
def write(request: pytest.FixtureRequest, tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch):
    """Write links.yaml (and series.yaml) into <tmp>/cat/data beside the real taxonomy and tags."""
    if request.param == "two processes":
        assert threading.active_count() == 1
        monkeypatch.setattr(parallel_validate, "PARALLEL_FROM", 0)
    data = tmp_path / "cat" / "data"
    data.mkdir(parents=True)
    for name in ("taxonomy.yaml", "tags.yaml"):
        shutil.copy(data_copy.parent / name, data / name)
    monkeypatch.chdir(data.parent)

    def write_files(links: str, series: str = SERIES) -> None:
        (data / "links.yaml").write_text(textwrap.dedent(links), encoding="utf-8")
        (data / "series.yaml").write_text(series, encoding="utf-8")

    return write_files


def entry(n: int, *extra: str, category: str = "cuda") -> str:
    lines = [f"- url: https://zhuanlan.zhihu.com/p/{n}", f"  title: 第 {n} 篇", f"  category: {category}",
             *(f"  {e}" for e in extra), "  added: 2024-01-01"]
    return "\n".join(lines) + "\n\n"


def problems(capsys: pytest.CaptureFixture[str]) -> list[str]:
    code = main(["validate", "--catalog", "data/links.yaml"])
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("data/")]
    assert code == (1 if lines else 0)
    return lines


def test_a_good_series_with_picks_mirrors_and_kinds_is_clean(write, capsys) -> None:
    write(entry(1, "mirrors: ['https://mp.weixin.qq.com/s/a1']", "kind: paper", "series: cuda-notes", "part: 1",
                "pick: true", "published: 2024-05")
          + entry(2, "kind: repo", "series: cuda-notes", "part: 2", "published: '2023'")
          + entry(3, "published: 2022-02-03"))
    assert problems(capsys) == []


def test_unknown_series_with_did_you_mean(write, capsys) -> None:
    write(entry(1, "series: cuda-note", "part: 1"))
    (line,) = problems(capsys)
    assert line.startswith("data/links.yaml:4:11:") and "未知系列 “cuda-note”" in line and "cuda-notes" in line


def test_part_without_series_and_series_without_part(write, capsys) -> None:
    write(entry(1, "part: 1") + entry(2, "series: cuda-notes"))
    found = problems(capsys)
    assert found[0].startswith("data/links.yaml:4:9:") and "有 part 没有 series" in found[0]
    assert found[1].startswith("data/links.yaml:10:11:") and "有 series 没有 part" in found[1]


def test_two_entries_with_one_part(write, capsys) -> None:
    write(entry(1, "series: cuda-notes", "part: 1") + entry(2, "series: cuda-notes", "part: 1"))
    (line,) = problems(capsys)
    assert line.startswith("data/links.yaml:12:9:") and "与第 1 行同为系列 “cuda-notes” 的第 1 篇" in line


def test_a_gap_in_the_parts_is_the_author_numbering(write, capsys) -> None:
    write(entry(1, "series: cuda-notes", "part: 1") + entry(2, "series: cuda-notes", "part: 4"))
    assert problems(capsys) == []  # parts 2 and 3 are not in the catalogue: the site says so


def test_a_series_with_one_entry(write, capsys) -> None:
    write(entry(1, "series: rope-series", "part: 1"))
    (line,) = problems(capsys)
    assert line.startswith("data/series.yaml:4:9:") and "“rope-series” 只有 1 篇" in line


def test_bad_part_and_series_id(write, capsys) -> None:
    write(entry(1, "series: Cuda_Notes", "part: 0") + entry(2, "pick: yes please"))
    found = problems(capsys)
    assert any(ln.startswith("data/links.yaml:4:11:") and "小写字母" in ln for ln in found)
    assert any(ln.startswith("data/links.yaml:5:9:") and "不小于 1" in ln for ln in found)
    assert any(ln.startswith("data/links.yaml:11:9:") and "true 或 false" in ln for ln in found)


def test_invalid_series_id_in_series_yaml(write, capsys) -> None:
    write(entry(1), series="series:\n  - id: A B\n    title: x\n")
    (line,) = problems(capsys)
    assert line.startswith("data/series.yaml:2:9:") and "小写字母" in line


def test_repeated_series_id_in_series_yaml(write, capsys) -> None:
    write(entry(1), series="series:\n  - id: ok\n    title: y\n  - id: ok\n    title: z\n")
    (line,) = problems(capsys)
    assert line.startswith("data/series.yaml:4:9:") and "系列 id “ok” 重复" in line


def test_more_than_eight_picks_in_one_top_level_category(write, capsys) -> None:
    subcategory = "triton"  # a child of the same top-level category counts too
    text = "".join(entry(n, "pick: true", category="cuda" if n % 2 else subcategory) for n in range(1, 10))
    write(text + entry(10, "pick: true", category="moe"))
    (line,) = problems(capsys)
    assert line.startswith("data/links.yaml:52:9:") and "超过 8 篇" in line


def test_a_mirror_that_is_another_entrys_url(write, capsys) -> None:
    write(entry(1) + entry(2, "mirrors: ['https://zhuanlan.zhihu.com/p/1?utm_source=x']"))
    found = problems(capsys)
    assert len(found) == 2
    assert any(ln.startswith("data/links.yaml:9:13:") and "与第 1 行的链接或镜像是同一篇文章" in ln for ln in found)
    assert any(ln.startswith("data/links.yaml:9:13:") and "不是规范形式" in ln for ln in found)


def test_two_entries_with_one_mirror_and_a_mirror_of_itself(write, capsys) -> None:
    write(entry(1, "mirrors: ['https://mp.weixin.qq.com/s/x']")
          + entry(2, "mirrors: ['https://mp.weixin.qq.com/s/y', 'https://mp.weixin.qq.com/s/x']")
          + entry(3, "mirrors: ['https://zhuanlan.zhihu.com/p/3']"))
    found = problems(capsys)
    assert len(found) == 2
    assert found[0].startswith("data/links.yaml:10:45:") and "第 1 行" in found[0]
    assert found[1].startswith("data/links.yaml:16:13:") and "与本条的另一个链接相同" in found[1]


def test_a_mirror_that_is_not_a_web_link(write, capsys) -> None:
    write(entry(1, "mirrors: ['ftp://example.com/x']"))
    (line,) = problems(capsys)
    assert line.startswith("data/links.yaml:4:13:") and "只接受 http 或 https" in line


@pytest.mark.parametrize(("value", "message"), [
    ("2024-13", "YYYY-MM-DD、YYYY-MM 或 YYYY"), ("'2024-02-30'", "不是存在的日期"), ("2999", "在未来"),
    ("2999-01", "在未来"),
])
def test_bad_published_dates(write, capsys, value: str, message: str) -> None:
    write(entry(1, f"published: {value}"))
    (line,) = problems(capsys)
    assert line.startswith("data/links.yaml:4:14:") and message in line


def test_unknown_kind(write, capsys) -> None:
    write(entry(1, "kind: blog"))
    (line,) = problems(capsys)
    assert line.startswith("data/links.yaml:4:9:") and "kind" in line and "'article'" in line
