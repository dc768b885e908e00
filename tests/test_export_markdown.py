"""The Markdown list: README carries the current list, titles stay text, the CLI writes in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from haowen.catalog.load import load_or_exit
from haowen.cli import main
from haowen.export.markdown_list import END, START, MarkersMissing, render, replace_block
from haowen.export.mdtext import github_slug, link
from haowen.text.safe import markdown_text as escape

HOSTILE = "*粗体* [点我](javascript:alert(1)) <img src=x onerror=alert(1)> `代码` _斜_ ~删~ | & \\"


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)


def test_readme_list_is_current(repo_root: Path) -> None:
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    catalog = load_or_exit(repo_root / "data" / "links.yaml")
    assert replace_block(readme, render(catalog)) == readme, (
        "README 里的文章列表过期了：运行 haowen export markdown --readme README.md"
    )


def test_readme_list_sits_before_english_part(repo_root: Path) -> None:
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert readme.index(START) < readme.index(END) < readme.index("## English")


def test_hostile_title_renders_as_plain_text() -> None:
    html = _html(link(HOSTILE, "https://example.com/a_(b)"))
    assert html.count("<a ") == 1
    assert 'href="https://example.com/a_(b)"' in html
    for markup in ("<em>", "<strong>", "<code>", "<img", "<del>", 'href="javascript'):
        assert markup not in html
    assert "*粗体* [点我](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt; `代码` _斜_ ~删~ | &amp; \\" in html


@pytest.mark.parametrize("text", ["1. 第一", "- 列表", "# 标题", "+ 加", "> 引用", "=== 下划线"])
def test_block_markers_at_start_stay_text(text: str) -> None:
    html = _html("段落\n\n" + escape(text))
    assert html.endswith("<p>" + text.replace(">", "&gt;") + "</p>\n")


def test_list_has_every_link_once_under_its_category(data_copy: Path) -> None:
    catalog = load_or_exit(data_copy)
    text = render(catalog)
    html = _html(text)
    for entry in catalog.links:
        assert text.count(f"(<{entry.url}>)") == 1
    assert f"共 {len(catalog.links)} 篇" in text
    first = catalog.links[0]
    section = text.split(f"\n### {escape(catalog.category_path(first.category)[0].title)}\n", 1)[1]
    assert f"(<{first.url}>)" in section.split("\n### ", 1)[0]
    assert html.count("<h3>") == sum(1 for c in catalog.ordered_categories()
                                     if any(catalog.parents[e.category].id == c.id for e in catalog.links))


def test_table_of_contents_points_at_headings(data_copy: Path) -> None:
    text = render(load_or_exit(data_copy))
    headings = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith(("### ", "#### "))]
    anchors = [line.split("](#", 1)[1].split(")", 1)[0] for line in text.splitlines()
               if line.lstrip().startswith("- [") and "](#" in line]
    assert anchors == [github_slug(h.replace("\\", "")) for h in headings]


def test_github_slug() -> None:
    assert github_slug("RWKV 与线性注意力") == "rwkv-与线性注意力"
    assert github_slug("资源、专栏与论文精读") == "资源专栏与论文精读"
    assert github_slug("DeepSpeed、ZeRO 与显存优化") == "deepspeedzero-与显存优化"


def test_replace_block_keeps_the_rest() -> None:
    text = f"前言\n{START}\n旧列表\n{END}\n后记\n"
    out = replace_block(text, "新列表\n")
    assert out.startswith(f"前言\n{START}\n") and out.endswith(f"新列表\n\n{END}\n后记\n")
    assert "旧列表" not in out
    assert replace_block(out, "新列表\n") == out
    with pytest.raises(MarkersMissing):
        replace_block("没有标记", "x")


def test_cli_writes_readme_in_place(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# 标题\n\n{START}\n{END}\n\n## English\n", encoding="utf-8")
    assert main(["export", "markdown", "--catalog", str(data_copy), "--readme", str(readme)]) == 0
    written = readme.read_text(encoding="utf-8")
    assert written.startswith("# 标题\n") and written.endswith(f"{END}\n\n## English\n")
    assert "## 文章列表" in written
    assert main(["export", "markdown", "--catalog", str(data_copy), "--readme", str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == written
    assert "已是最新" in capsys.readouterr().err
    assert list(tmp_path.glob(".README.md.*")) == []


def test_cli_without_markers_fails_and_leaves_file(data_copy: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# 没有标记\n", encoding="utf-8")
    assert main(["export", "markdown", "--catalog", str(data_copy), "--readme", str(readme)]) == 1
    assert readme.read_text(encoding="utf-8") == "# 没有标记\n"
    assert "haowen:list:start" in capsys.readouterr().err


def test_cli_prints_to_stdout(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "markdown", "--catalog", str(data_copy)]) == 0
    assert capsys.readouterr().out == render(load_or_exit(data_copy))
