"""`haowen import`: what is read from each Markdown form, and what the command does to links.yaml."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from haowen.cli import main
from haowen.importing.markdown import Found, read_markdown


def read(md: str, base_url: str | None = None) -> list[Found]:
    return read_markdown(textwrap.dedent(md), base_url)


def by_url(found: list[Found]) -> dict[str, Found]:
    return {f.url: f for f in found}


# --- Markdown forms ----------------------------------------------------------------------------


def test_inline_links_keep_title_and_line() -> None:
    found = read("""\
        # 列表

        - [vLLM 源码解读](https://zhuanlan.zhihu.com/p/101)
        - [FlashAttention 原理](https://mp.weixin.qq.com/s/AbCdEf)
        """)
    assert [(f.url, f.title, f.line) for f in found] == [
        ("https://zhuanlan.zhihu.com/p/101", "vLLM 源码解读", 3),
        ("https://mp.weixin.qq.com/s/AbCdEf", "FlashAttention 原理", 4),
    ]
    assert all(f.skipped is None for f in found)


def test_bare_urls_are_links_with_a_context_title() -> None:
    found = read("""\
        FlashAttention 原理详解：https://zhuanlan.zhihu.com/p/201

        https://zhuanlan.zhihu.com/p/202 讲 RoPE 的推导
        """)
    links = by_url(found)
    assert set(links) == {"https://zhuanlan.zhihu.com/p/201", "https://zhuanlan.zhihu.com/p/202"}
    assert links["https://zhuanlan.zhihu.com/p/201"].title == "FlashAttention 原理详解"
    # No words before it: the title comes from the line, never the bare URL itself.
    assert not links["https://zhuanlan.zhihu.com/p/202"].title.startswith("http")


def test_links_inside_tables() -> None:
    found = read("""\
        | 名称 | 链接 | 说明 |
        | --- | --- | --- |
        | 量化 | [GPTQ 详解](https://zhuanlan.zhihu.com/p/301) | 经典 |
        | 推理 | [vLLM 调度](https://zhuanlan.zhihu.com/p/302) | |
        """)
    assert [(f.url, f.title) for f in found] == [
        ("https://zhuanlan.zhihu.com/p/301", "GPTQ 详解"),
        ("https://zhuanlan.zhihu.com/p/302", "vLLM 调度"),
    ]
    assert [f.line for f in found] == [3, 4]


def test_links_inside_block_quotes() -> None:
    found = read("""\
        > 推荐阅读：
        > [Megatron-LM 张量并行](https://zhuanlan.zhihu.com/p/401)
        """)
    assert [(f.url, f.title) for f in found] == [("https://zhuanlan.zhihu.com/p/401", "Megatron-LM 张量并行")]


def test_links_inside_details_blocks() -> None:
    found = read("""\
        <details>
        <summary>展开更多</summary>

        - [DeepSpeed ZeRO 解读](https://zhuanlan.zhihu.com/p/501)
        - [NCCL 通信原语](https://zhuanlan.zhihu.com/p/502)

        </details>
        """)
    assert [f.url for f in found] == ["https://zhuanlan.zhihu.com/p/501", "https://zhuanlan.zhihu.com/p/502"]
    assert found[0].title == "DeepSpeed ZeRO 解读"


def test_reference_style_links() -> None:
    found = read("""\
        - [MoE 路由][moe] 讲负载均衡
        - [RWKV 入门][]

        [moe]: https://zhuanlan.zhihu.com/p/601
        [RWKV 入门]: https://zhuanlan.zhihu.com/p/602 "标题属性"
        """)
    assert [(f.url, f.title) for f in found] == [
        ("https://zhuanlan.zhihu.com/p/601", "MoE 路由"),
        ("https://zhuanlan.zhihu.com/p/602", "RWKV 入门"),
    ]
    assert found[0].note == "讲负载均衡"


def test_relative_links_resolve_with_base_url() -> None:
    md = """\
        - [reduce 优化](reduce/README.md)
        - [上一级](../docs/a.md)
        """
    base = "https://github.com/BBuf/how-to-optim-algorithm-in-cuda/blob/master/"
    found = read(md, base)
    assert [f.url for f in found] == [
        base + "reduce/README.md",
        "https://github.com/BBuf/how-to-optim-algorithm-in-cuda/blob/docs/a.md",
    ]
    assert all(f.skipped is None for f in found)


def test_relative_links_without_base_url_are_skipped_with_a_reason() -> None:
    found = read("- [reduce 优化](reduce/README.md)\n")
    assert len(found) == 1
    assert found[0].skipped is not None and "--base-url" in found[0].skipped


def test_images_and_badges_are_skipped() -> None:
    found = read("""\
        ![架构图](https://example.com/arch.png)

        [![Stars](https://img.shields.io/github/stars/a/b)](https://github.com/a/b)

        [截图](https://example.com/shot.JPG)

        [徽章](https://img.shields.io/badge/a-b-green)

        [真正的文章](https://zhuanlan.zhihu.com/p/701)
        """)
    kept = [f.url for f in found if f.skipped is None]
    assert kept == ["https://zhuanlan.zhihu.com/p/701"]
    skipped = [f for f in found if f.skipped]
    assert len(skipped) == 4
    assert all(f.skipped for f in skipped)


@pytest.mark.parametrize(
    ("md", "title"),
    [
        ("- 一篇讲 KV Cache 的文章，详见[这里](https://zhuanlan.zhihu.com/p/801)\n", "一篇讲 KV Cache 的文章"),
        ("- 关于 RoPE 的推导过程，可以看[这里](https://zhuanlan.zhihu.com/p/801)\n", "关于 RoPE 的推导过程"),
        ("- MoE 路由机制详细分析 [here](https://zhuanlan.zhihu.com/p/801)\n", "MoE 路由机制详细分析"),
        ("- 投机采样综述\n  - [链接](https://zhuanlan.zhihu.com/p/801)\n", "投机采样综述"),
        ("- 张量并行的通信量分析 https://zhuanlan.zhihu.com/p/801\n", "张量并行的通信量分析"),
        ("- 张量并行的通信量分析 [https://zhuanlan.zhihu.com/p/801](https://zhuanlan.zhihu.com/p/801)\n",
         "张量并行的通信量分析"),
    ],
)
def test_placeholder_titles_take_the_context(md: str, title: str) -> None:
    (found,) = read(md)
    assert found.url == "https://zhuanlan.zhihu.com/p/801"
    assert found.title == title


def test_placeholder_with_nothing_around_uses_the_heading() -> None:
    (found,) = read("## 推理优化专题\n\n- [here](https://zhuanlan.zhihu.com/p/802)\n")
    assert found.title == "推理优化专题"


def test_text_after_a_link_is_its_note() -> None:
    (found,) = read("- [ZeRO 论文解读](https://zhuanlan.zhihu.com/p/901) —— 这篇讲得很清楚，推荐\n")
    assert found.title == "ZeRO 论文解读"
    assert found.note == "这篇讲得很清楚，推荐"


def test_hashtags_are_read_and_kept_out_of_the_note() -> None:
    (found,) = read("[垂直领域大模型的思考](https://zhuanlan.zhihu.com/p/652645925)   #垂域模型 #预训练\n")
    assert found.hashtags == ["垂域模型", "预训练"]
    assert found.note is None
    # An issue number or a URL fragment is not a tag.
    (other,) = read("[修复](https://github.com/a/b/issues/12#issuecomment-1) 见 #12\n")
    assert other.hashtags == []


def test_dated_headings_set_added_and_carry_over() -> None:
    found = read("""\
        [没有日期](https://zhuanlan.zhihu.com/p/1)

        ## 2024.4.22-26

        [四月下旬](https://zhuanlan.zhihu.com/p/2)

        ### 模型

        [沿用上面的日期](https://zhuanlan.zhihu.com/p/3)

        ## 2024.5

        [五月](https://zhuanlan.zhihu.com/p/4)

        ## 2023年12月8日

        [中文日期](https://zhuanlan.zhihu.com/p/5)
        """)
    assert [f.added for f in found] == [
        None,
        dt.date(2024, 4, 22),
        dt.date(2024, 4, 22),
        dt.date(2024, 5, 1),
        dt.date(2023, 12, 8),
    ]


def test_nested_bracket_title() -> None:
    (found,) = read("- [[a][b](00)c](https://zhuanlan.zhihu.com/p/1)\n")
    assert found.url == "https://zhuanlan.zhihu.com/p/1"
    assert found.title == "[a][b](00)c"
    assert found.skipped is None


def test_nested_bracket_title_realistic() -> None:
    found = read("- [[vLLM][源码](x)解读](https://zhuanlan.zhihu.com/p/2) 第一篇\n")
    kept = [f for f in found if f.skipped is None]
    assert [(f.url, f.title) for f in kept] == [("https://zhuanlan.zhihu.com/p/2", "[vLLM][源码](x)解读")]


def test_a_heading_without_a_date_ends_the_dated_section_above() -> None:
    found = read("""\
        ## 2024.4.22

        [四月](https://zhuanlan.zhihu.com/p/1)

        ### 模型

        [子标题沿用日期](https://zhuanlan.zhihu.com/p/2)

        ## 其他

        [同级的无日期标题：没有日期](https://zhuanlan.zhihu.com/p/3)

        # 2024.5.2

        ## 论文

        [上一级标题的日期](https://zhuanlan.zhihu.com/p/4)

        # 附录

        [新的一级标题：没有日期](https://zhuanlan.zhihu.com/p/5)
        """)
    assert [f.added for f in found] == [dt.date(2024, 4, 22), dt.date(2024, 4, 22), None, dt.date(2024, 5, 2), None]


@pytest.mark.parametrize(
    ("md", "title", "note"),
    [
        ("- [[a][b](00) *c* d](https://zhuanlan.zhihu.com/p/1) 备注\n", "[a][b](00) c d", "备注"),
        ("- [[vLLM][源码](x) `engine` 解读](https://zhuanlan.zhihu.com/p/1) 第一篇\n", "[vLLM][源码](x) engine 解读", "第一篇"),
        ("- [[a][b](00) 和 [c](01) 对比](https://zhuanlan.zhihu.com/p/1) 备注\n", "[a][b](00) 和 [c](01) 对比", "备注"),
        ('- [[a][b](00)c](https://zhuanlan.zhihu.com/p/1 "链接标题") 备注\n', "[a][b](00)c", "备注"),
        ("- 前言 [[译] [原文](00) 注意力](https://zhuanlan.zhihu.com/p/1) 备注\n", "[译] [原文](00) 注意力", "备注"),
    ],
)
def test_nested_bracket_titles_are_kept_whole(md: str, title: str, note: str) -> None:
    kept = [f for f in read(md) if f.url == "https://zhuanlan.zhihu.com/p/1"]
    assert [(f.title, f.note, f.skipped) for f in kept] == [(title, note, None)]


@pytest.mark.parametrize(
    ("definition", "url"),
    [
        ('[c]: javascript:alert("https://evil.example/x")', 'javascript:alert("https://evil.example/x")'),
        ('[c]: javascript:void(0) "https://zhuanlan.zhihu.com/p/7"', "javascript:void(0)"),
        ('[c]: https://zhuanlan.zhihu.com/p/7 "标题没有收尾', "https://zhuanlan.zhihu.com/p/7"),
        ("[c]: <https://zhuanlan.zhihu.com/p/7> 多余的字", "https://zhuanlan.zhihu.com/p/7"),
        ("[c]:\nhttps://zhuanlan.zhihu.com/p/7 多余的字", "https://zhuanlan.zhihu.com/p/7"),
    ],
)
def test_reference_definitions_that_fail_are_skipped_with_a_reason(definition: str, url: str) -> None:
    found = read(f"- [一篇文章][c]\n\n{definition}\n")
    assert [(f.url, f.line) for f in found] == [(url, 3)]
    assert "引用式链接的定义无法解析" in (found[0].skipped or "")


@pytest.mark.parametrize(
    "shape",
    [
        lambda n: " ".join(f"[第 {i} 篇](https://zhuanlan.zhihu.com/p/{i})" for i in range(n)),
        lambda n: " ".join(f"说明 {i} [链接](https://zhuanlan.zhihu.com/p/{i})" for i in range(n)),
        lambda n: (" ".join(f"[第 {i} 篇][r{i}]" for i in range(n)) + "\n\n"
                   + "\n".join(f"[r{i}]: https://zhuanlan.zhihu.com/p/{i}" for i in range(n))),
    ],
    ids=["inline", "placeholder titles", "reference links"],
)
def test_many_links_on_one_line_are_all_found(shape) -> None:
    """Every link of a long line (that it takes linear time is measured by benchmarks/limits.py)."""
    assert len(read_markdown(shape(2000) + "\n")) == 2000


# --- the command on a copy of data/ ------------------------------------------------------------

FIXTURE = """\
# 大模型推理技术

- [vLLM 的连续批处理与调度](https://zhuanlan.zhihu.com/p/90000001) 讲 scheduler
- 一篇讲 KV Cache 显存管理的文章，详见[这里](https://zhuanlan.zhihu.com/p/90000002)
- [相对链接](docs/a.md)
- ![图](https://example.com/a.png)

## 量化

- [某个方法的实验记录](https://zhuanlan.zhihu.com/p/90000003)

## 扩散模型

- [某个方法的实验记录 2](https://zhuanlan.zhihu.com/p/90000004)

# 好文

## 2024.4.22-26

[SGLang RadixAttention 解读](https://zhuanlan.zhihu.com/p/90000005) #sglang #没声明的标签
"""


def links_of(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def entries_by_url(path: Path) -> dict[str, dict]:
    return {e["url"]: e for e in links_of(path)}


def run_import(capsys: pytest.CaptureFixture[str], catalog: Path, *args: str) -> tuple[int, str]:
    code = main(["import", "--catalog", str(catalog), "--added", "2024-06-01", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def fixture_md(tmp_path: Path) -> Path:
    path = tmp_path / "list.md"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


def test_import_reports_found_added_skipped(data_copy: Path, fixture_md: Path, capsys) -> None:
    before = entries_by_url(data_copy)
    code, out = run_import(capsys, data_copy, str(fixture_md), "--source", "fixture")
    assert code == 0
    assert "找到 7 个链接" in out
    assert "新增 5" in out
    assert "合并重复 0" in out
    assert "跳过 2" in out
    assert "docs/a.md" in out and "--base-url" in out
    assert "a.png" in out and "图片" in out
    assert "没声明的标签" in out  # undeclared hashtags are named, not silently lost
    after = entries_by_url(data_copy)
    new = {u: e for u, e in after.items() if u not in before}
    assert len(new) == 5
    assert all(e["sources"] == ["fixture"] for e in new.values())
    result = subprocess.run([sys.executable, "-m", "haowen", "validate", "--catalog", str(data_copy)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_import_classifies_and_tags(data_copy: Path, fixture_md: Path, capsys, repo_root: Path) -> None:
    run_import(capsys, data_copy, str(fixture_md))
    links = entries_by_url(data_copy)
    taxonomy = yaml.safe_load((data_copy.parent / "taxonomy.yaml").read_text(encoding="utf-8"))
    top_of = {}
    for cat in taxonomy["categories"]:
        top_of[cat["id"]] = cat["id"]
        for child in cat.get("children", []):
            top_of[child["id"]] = cat["id"]

    def top(url: str) -> str:
        return top_of[links[url]["category"]]

    # `大模型推理技术: auto` → keyword rules; vLLM and KV Cache are inference topics.
    assert top("https://zhuanlan.zhihu.com/p/90000001") == "inference"
    assert top("https://zhuanlan.zhihu.com/p/90000002") == "inference"
    assert links["https://zhuanlan.zhihu.com/p/90000002"]["title"] == "一篇讲 KV Cache 显存管理的文章"
    assert links["https://zhuanlan.zhihu.com/p/90000001"]["note"] == "讲 scheduler"
    # Mapped headings decide even when the title has no keyword.
    assert top("https://zhuanlan.zhihu.com/p/90000003") == "quantization"
    assert links["https://zhuanlan.zhihu.com/p/90000004"]["category"] == "image-generation"
    # Dated heading → added; declared hashtag → tag; undeclared one dropped.
    dated = links["https://zhuanlan.zhihu.com/p/90000005"]
    assert dated["added"] == dt.date(2024, 4, 22)
    assert "sglang" in dated["tags"]
    assert "没声明的标签" not in dated["tags"]
    assert top("https://zhuanlan.zhihu.com/p/90000005") == "inference"
    assert links["https://zhuanlan.zhihu.com/p/90000001"]["added"] == dt.date(2024, 6, 1)


def test_hashtag_alias_becomes_the_tag_id(data_copy: Path, tmp_path: Path, capsys) -> None:
    md = tmp_path / "tags.md"
    md.write_text("[LLM Continue Pretrain](https://mp.weixin.qq.com/s/ZzTagAlias1) #ContinualLearning #VLLM\n",
                  encoding="utf-8")
    run_import(capsys, data_copy, str(md))
    entry = entries_by_url(data_copy)["https://mp.weixin.qq.com/s/ZzTagAlias1"]
    assert "continual-learning" in entry["tags"]
    assert "vllm" in entry["tags"]


def test_reimport_adds_nothing_and_leaves_the_file_identical(data_copy: Path, fixture_md: Path, capsys) -> None:
    run_import(capsys, data_copy, str(fixture_md))
    once = data_copy.read_bytes()
    code, out = run_import(capsys, data_copy, str(fixture_md))
    assert code == 0
    assert "新增 0" in out
    assert "目录中已有 5" in out
    assert data_copy.read_bytes() == once


def test_import_of_existing_links_changes_nothing(data_copy: Path, tmp_path: Path, capsys) -> None:
    """Links already in the catalogue (in another form, with other titles) leave it untouched."""
    existing = links_of(data_copy)[:3]
    md = tmp_path / "old.md"
    lines = [f"- [完全不同的标题 {i}]({e['url']}?utm_source=x#frag) 新备注 #vllm" for i, e in enumerate(existing)]
    md.write_text("# 大模型推理技术\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    before = data_copy.read_bytes()
    code, out = run_import(capsys, data_copy, str(md))
    assert code == 0
    assert "新增 0" in out and "目录中已有 3" in out
    assert data_copy.read_bytes() == before


def test_import_never_changes_or_drops_existing_entries(data_copy: Path, fixture_md: Path, capsys) -> None:
    before = links_of(data_copy)
    run_import(capsys, data_copy, str(fixture_md))
    after = links_of(data_copy)
    after_by_url = {e["url"]: e for e in after}
    for entry in before:
        assert after_by_url.get(entry["url"]) == entry
    assert len(after) == len(before) + 5


def test_duplicates_within_one_import_are_merged(data_copy: Path, tmp_path: Path, capsys) -> None:
    one = tmp_path / "one.md"
    two = tmp_path / "two.md"
    one.write_text(
        "# 大模型推理技术\n\n"
        "- [vLLM PagedAttention 详解](https://zhuanlan.zhihu.com/p/91000001) 第一份备注 #vllm\n"
        "- [同一篇的分享链接](https://www.zhihu.com/tardis/zm/art/91000001?source_id=1003) 第二份备注 #kvcache\n",
        encoding="utf-8",
    )
    two.write_text("## 2024.3.1\n\n[同一篇，第三次](http://zhuanlan.zhihu.com/p/91000001/) 第三份备注 #sglang\n",
                   encoding="utf-8")
    code, out = run_import(capsys, data_copy, str(one), str(two))
    assert code == 0
    assert "找到 3 个链接" in out and "新增 1" in out and "合并重复 2" in out
    matching = [e for e in links_of(data_copy) if e["url"] == "https://zhuanlan.zhihu.com/p/91000001"]
    assert len(matching) == 1
    entry = matching[0]
    assert entry["title"] == "vLLM PagedAttention 详解"  # the first one seen
    for note in ("第一份备注", "第二份备注", "第三份备注"):
        assert note in entry["note"]
    assert {"vllm", "kv-cache", "sglang"} <= set(entry["tags"])
    assert entry["sources"] == ["one", "two"]
    assert entry["added"] == dt.date(2024, 3, 1)  # the earliest date


def test_failed_reference_definitions_never_become_entries(data_copy: Path, tmp_path: Path, capsys) -> None:
    md = tmp_path / "refs.md"
    md.write_text("- [好文][c]\n- [另一篇][d]\n\n[c]: javascript:alert(\"https://zhuanlan.zhihu.com/p/93000001\")\n\n"
                  "[d]: https://zhuanlan.zhihu.com/p/93000002 \"标题没有收尾\n", encoding="utf-8")
    before = data_copy.read_bytes()
    code, out = run_import(capsys, data_copy, str(md))
    assert code == 0 and "新增 0" in out and "跳过 2" in out
    assert f"{md}:4: javascript:alert(" in out and f"{md}:6: https://zhuanlan.zhihu.com/p/93000002" in out
    assert out.count("引用式链接的定义无法解析") == 1 and "跳过 2 个：引用式链接的定义无法解析" in out  # grouped
    assert data_copy.read_bytes() == before


def test_other_spellings_of_catalogued_urls_are_found(data_copy: Path, tmp_path: Path, capsys) -> None:
    url = links_of(data_copy)[0]["url"]
    scheme, rest = url.split("://")
    host, path = rest.split("/", 1)
    full_width = "".join(chr(ord(c) - 0x21 + 0xFF01) for c in host)  # ｚｈｕａｎｌａｎ．ｚｈｉｈｕ．ｃｏｍ
    md = tmp_path / "again.md"
    md.write_text(f"- [全角主机名]({scheme}://{full_width}/{path})\n- {scheme}://{host.upper()}/{path}/\n"
                  "- [坏的方括号](https://[zz]/x)\n", encoding="utf-8")
    before = data_copy.read_bytes()
    code, out = run_import(capsys, data_copy, str(md))
    assert code == 0 and "新增 0" in out and "目录中已有 2" in out and "跳过 1" in out
    assert f"{md}:3: https://[zz]/x" in out
    assert data_copy.read_bytes() == before


def test_dry_run_writes_nothing(data_copy: Path, fixture_md: Path, capsys) -> None:
    before = data_copy.read_bytes()
    code, out = run_import(capsys, data_copy, str(fixture_md), "--dry-run")
    assert code == 0 and "新增 5" in out
    assert data_copy.read_bytes() == before


def test_base_url_makes_relative_links_importable(data_copy: Path, fixture_md: Path, capsys) -> None:
    code, out = run_import(capsys, data_copy, str(fixture_md), "--base-url", "https://github.com/o/r/blob/master/",
                           "--keep-own")  # the list's own file, imported on request
    assert code == 0 and "新增 6" in out and "跳过 1" in out
    assert "https://github.com/o/r/blob/master/docs/a.md" in entries_by_url(data_copy)


def test_missing_markdown_file_is_a_clear_error(data_copy: Path, tmp_path: Path, capsys) -> None:
    before = data_copy.read_bytes()
    with pytest.raises(SystemExit) as exc:
        run_import(capsys, data_copy, str(tmp_path / "nope.md"))
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "nope.md" in err and "Traceback" not in err
    assert data_copy.read_bytes() == before


def test_links_removed_on_purpose_are_skipped_and_counted(data_copy: Path, tmp_path: Path, capsys) -> None:
    (data_copy.parent / "excluded.yaml").write_text(
        "excluded:\n  - url: https://example.org/ad\n    reason: 广告\n", encoding="utf-8")
    md = tmp_path / "list.md"
    md.write_text("- [充值教程](https://example.org/ad)\n- [MoE 路由详解](https://example.org/moe)\n", encoding="utf-8")
    code, out = run_import(capsys, data_copy, str(md))
    assert code == 0 and "跳过 1" in out and "已被移出目录" in out
    after = entries_by_url(data_copy)
    assert "https://example.org/ad" not in after and "https://example.org/moe" in after
