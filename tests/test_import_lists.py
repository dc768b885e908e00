"""`haowen import` on real-world list shapes (issue 26): the list's own files, decorated titles, repository
variants, off-topic posts.  The lists in tests/fixtures/lists/real/ are written in other people's styles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from haowen.catalog.load import load
from haowen.cli import main
from haowen.importing.markdown import Found, read_markdown
from haowen.importing.merge import evidence, load_rules
from haowen.importing.related import Domain

REAL = Path(__file__).parent / "fixtures" / "lists" / "real"


def entries(catalog: Path) -> dict[str, dict]:
    return {e["url"]: e for e in yaml.safe_load(catalog.read_text(encoding="utf-8"))}


def imported(catalog: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[dict[str, dict], str]:
    """The entries `haowen import` adds with `args`, and what it printed."""
    before = entries(catalog)
    code = main(["import", "--catalog", str(catalog), "--added", "2024-06-01", *args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return {u: e for u, e in entries(catalog).items() if u not in before}, captured.out


def counts(out: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"找到 (\d+) 个链接：新增 (\d+)，合并重复 (\d+)，目录中已有 (\d+)，跳过 (\d+)",
                                            out)[0])


# --- the list's own files ----------------------------------------------------------------------


def test_a_list_s_own_files_site_and_releases_are_skipped_and_counted(data_copy: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    new, out = imported(data_copy, capsys, str(REAL / "kernel-notes.md"))
    own = [u for u in new if "CUDA-Notes" in u or "zhangsan-dev.github.io" in u]
    assert not own, own
    assert "https://github.com/zhangsan-dev/HGEMM" in new  # another repository of the same owner is an entry
    assert "列表自身的仓库 zhangsan-dev/CUDA-Notes（从链接推断" in out
    assert re.search(r"跳过 \d+ 个：列表自身的仓库里的文件和页面（zhangsan-dev/CUDA-Notes", out)
    assert re.search(r"跳过 \d+ 个：列表自身的仓库的网站", out) and re.search(r"跳过 \d+ 个：列表自身的仓库托管的文件", out)
    assert re.search(r"跳过 4 个：相对链接：列表自身的文件", out)
    found, added, merged, present, skipped = counts(out)
    assert found == added + merged + present + skipped


def test_keep_own_imports_them_and_relative_links_resolve_in_the_repository(
        data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new, out = imported(data_copy, capsys, "--base-url", "https://github.com/zhangsan-dev/CUDA-Notes", "--keep-own",
                        str(REAL / "kernel-notes.md"))
    assert "按 --keep-own 照常导入" in out
    assert "https://github.com/zhangsan-dev/CUDA-Notes/blob/HEAD/kernels/hgemm/mma/hgemm_mma_stage.cu" in new
    assert "https://zhangsan-dev.github.io/CUDA-Notes" in new


def test_the_own_repository_can_be_named(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    md = tmp_path / "list.md"
    md.write_text("# 读书笔记\n\n- [讲义 PDF](https://raw.githubusercontent.com/li/notes/master/slides/moe.pdf)\n"
                  "- [文档站](https://li.github.io/notes/moe/)\n- [MoE 路由详解](https://github.com/li/notes-moe)\n",
                  encoding="utf-8")
    new, out = imported(data_copy, capsys, "--own-repo", "li/notes", str(md))
    assert list(new) == ["https://github.com/li/notes-moe"]
    assert "列表自身的仓库 li/notes（--own-repo）" in out


def test_files_of_another_project_are_not_taken_for_the_list_s_own(data_copy: Path, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    examples = "".join(f"- [CUTLASS 示例 {i}](https://github.com/NVIDIA/cutlass/blob/main/examples/{i}/x.cu)\n"
                       for i in range(5))
    articles = "".join(f"- [GEMM 优化笔记 {i}](https://zhuanlan.zhihu.com/p/77770{i:02d})\n" for i in range(20))
    md = tmp_path / "list.md"
    md.write_text(f"# GEMM 学习路线\n\n{examples}{articles}", encoding="utf-8")
    new, out = imported(data_copy, capsys, str(md))
    assert len(new) == 25 and "列表自身的仓库" not in out


def test_a_bad_own_repository_is_a_clear_error(data_copy: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    md = tmp_path / "list.md"
    md.write_text("- [x](https://example.org/x)\n", encoding="utf-8")
    assert main(["import", "--catalog", str(data_copy), "--own-repo", "just-a-name", str(md)]) == 2
    assert "不是仓库" in capsys.readouterr().err


# --- repositories written several ways ---------------------------------------------------------


def test_repository_variants_are_one_entry(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new, out = imported(data_copy, capsys, str(REAL / "infra-repos.md"))
    repos = [u for u in new if "github.com" in u]
    assert [u for u in repos if "ffpa" in u] == ["https://github.com/xlite-dev/ffpa-attn"]
    assert all(not re.search(r"\.git$|\?tab=|/tree/main$|www\.github", u) for u in repos), repos
    assert {"https://github.com/NVIDIA/TensorRT-LLM", "https://github.com/deepspeedai/DeepSpeed",
            "https://github.com/pytorch/torchtitan", "https://github.com/InternLM/lmdeploy"} <= set(new)
    assert counts(out)[2] == 2  # ffpa-attn twice more, merged


# --- titles, authors and notes without the list's decorations ----------------------------------


def test_chips_markers_and_ratings_leave_the_title_and_the_author_column_is_the_author(
        data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new, _ = imported(data_copy, capsys, str(REAL / "kernel-notes.md"))
    triton = new["https://zhuanlan.zhihu.com/p/1902778199"]
    assert (triton["title"], triton["author"]) == ("Triton 极简入门: Triton Vector Add", "某某")
    assert new["https://zhuanlan.zhihu.com/p/1900000003"]["title"] == "Nvidia Tensor Core 初探"  # one chip + 📖
    assert new["https://zhuanlan.zhihu.com/p/1900000004"]["title"] == "使用 Nsight Compute 分析 Kernel 性能"  # 🔥🔥
    for e in new.values():
        assert not re.search(r"^\[|📖|⭐|🔥|★", e["title"]), e["title"]
        assert "@" not in e.get("author", "") and "⭐" not in e.get("note", "")
    # The chips are evidence: `[GEMM优化][流水线]` is a kernel post, not pipeline parallelism.
    catalog_parents = {"gemm", "kernels", "common-ops", "attention-kernels", "cutlass", "triton"}
    assert new["https://zhuanlan.zhihu.com/p/1900000002"]["category"] in catalog_parents


def test_a_repository_is_titled_owner_name_and_description_and_notes_are_whole_sentences(
        data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new, _ = imported(data_copy, capsys, str(REAL / "infra-repos.md"))
    ffpa = new["https://github.com/xlite-dev/ffpa-attn"]
    assert ffpa["title"] == "xlite-dev/ffpa-attn：FFPA: Yet another faster flash prefill attention"
    assert "note" not in ffpa  # three mentions, one sentence, said once in the title
    trt = new["https://github.com/NVIDIA/TensorRT-LLM"]
    assert trt["title"] == "NVIDIA/TensorRT-LLM：NVIDIA's library for optimizing LLM inference"
    assert "more details" not in trt.get("note", "")
    assert new["https://github.com/InternLM/lmdeploy"]["title"] == "InternLM/lmdeploy"  # `👇Benchmark)` is no note
    assert "note" not in new["https://github.com/InternLM/lmdeploy"]
    assert new["https://github.com/HazyResearch/ThunderKittens"]["title"] == \
        "HazyResearch/ThunderKittens：Tile primitives for speedy kernels"  # no ★★★★
    assert new["https://github.com/NVIDIA/Megatron-LM"]["title"].startswith("NVIDIA/Megatron-LM：Ongoing research")


def test_a_section_heading_titles_no_two_entries(data_copy: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    md = tmp_path / "list.md"
    md.write_text("## Open o1\n\n- [[paper]](https://arxiv.org/abs/2409.00001)\n- [[paper]](https://arxiv.org/abs/2409.00002)\n"
                  "- [()](https://zhuanlan.zhihu.com/p/6660001)\n\n## 投机采样\n\n- [here](https://zhuanlan.zhihu.com/p/6660002)\n",
                  encoding="utf-8")
    new, out = imported(data_copy, capsys, str(md))
    titles = [e["title"] for e in new.values()]
    assert titles.count("Open o1") == 0 and "()" not in titles, titles
    assert all(e.get("review") for e in new.values())  # no words of their own: a curator looks
    assert "没有标题" in out


@pytest.mark.parametrize(("line", "title", "note", "author"), [
    ("- [FlashAttention 原理](https://example.org/fa) @张三 讲 IO 感知。讲 IO 感知。", "FlashAttention 原理", "讲 IO 感知。", "张三"),
    ("- [RoPE 推导](https://example.org/rope) - by @li_si", "RoPE 推导", None, "li_si"),
    ("* **[Paged KV](https://example.org/kv)** - Paging for KV caches. see the repo for more details", "Paged KV",
     "Paging for KV caches.", None),
    ("- 🔥🔥 [⭐ MoE 入门 ⭐](https://example.org/moe) ⭐⭐⭐⭐", "MoE 入门", None, None),
])
def test_list_line_decorations(line: str, title: str, note: str | None, author: str | None) -> None:
    (found,) = read_markdown(line + "\n")
    assert (found.title, found.note, found.author) == (title, note, author)


# --- editorial rules after an import ------------------------------------------------------------


def test_an_import_that_pushes_a_category_over_its_share_says_so_and_validate_still_passes(
        data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog, _ = load(data_copy)
    share = sum(catalog.parents[k.category].id == "quantization" for k in catalog.links) / len(catalog.links)
    policies = data_copy.parent / "policies.yaml"
    rules = yaml.safe_load(policies.read_text(encoding="utf-8"))
    policies.write_text(yaml.safe_dump({**rules, "max_top_share": round(share + 0.01, 3)}), encoding="utf-8")
    md = tmp_path / "list.md"
    md.write_text("## 量化\n\n" + "".join(f"- [GPTQ INT4 量化实验记录之{i}](https://example.org/q{i})\n" for i in range(60)),
                  encoding="utf-8")
    new, out = imported(data_copy, capsys, str(md))
    assert len(new) == 60
    assert "导入后目录不再满足 1 条编辑规则" in out and "taxonomy.yaml" in out and "拆开" in out
    assert main(["validate", "--catalog", str(data_copy), "--format", "github"]) == 0
    assert "::warning" in capsys.readouterr().out


# --- off-topic posts ----------------------------------------------------------------------------


def test_off_topic_posts_are_marked_possibly_unrelated_not_filed_under_their_heading(
        data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new, out = imported(data_copy, capsys, str(REAL / "offtopic.md"))
    for url in ("https://www.cnblogs.com/someone/p/15000001.html", "https://www.jianshu.com/p/a1b2c3d4e5f6",
                "https://juejin.cn/post/7000000000000000001", "https://www.jianshu.com/p/0f0f0f0f0f0f"):
        entry = new[url]
        assert str(entry.get("review", "")).startswith("可能无关"), entry
        assert entry["category"] == "resources"  # the catch-all, not 分布式并行 or 集合通信
    assert str(new["https://www.cnblogs.com/someone/p/15000001.html"]["review"]) == "可能无关：我的技术收藏 › 并行与通信"
    assert new["https://blog.csdn.net/u012/article/details/120000001"].get("review")  # YOLOX: unsure, marked
    for url in ("https://zhuanlan.zhihu.com/p/708000002", "https://zhuanlan.zhihu.com/p/708000003"):
        assert "review" not in new[url] and new[url]["category"] in {"communication", "distributed", "training-frameworks"}
    assert "可能无关：标题和备注里没有领域词" in out


# --- headings -----------------------------------------------------------------------------------


def test_auto_does_not_stop_the_lookup_and_a_heading_can_map_to_the_catch_all(
        data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = data_copy.parent / "import.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "  学习资源: resources\n", encoding="utf-8")
    md = tmp_path / "list.md"
    md.write_text("## 量化\n\n### 模型\n\n- [GPTQ 与 AWQ 的对比实验](https://example.org/q1)\n\n"
                  "## 学习资源\n\n- [vLLM 调度器源码逐行解读](https://example.org/r1)\n", encoding="utf-8")
    new, _ = imported(data_copy, capsys, str(md))
    catalog, _ = load(data_copy)
    assert catalog.parents[new["https://example.org/q1"]["category"]].id == "quantization"  # `模型: auto` looked past
    assert catalog.parents[new["https://example.org/r1"]["category"]].id == "resources"  # the section says so


def test_an_outer_heading_counts_when_the_inner_one_is_generic(data_copy: Path) -> None:
    catalog, _ = load(data_copy)
    domain = Domain.of(catalog, load_rules(catalog))
    found = Found("https://example.org/x", "一篇实验记录", 1, headings=["我的收藏", "KV Cache 与显存", "2024年6月", "其他"])
    assert evidence(found, domain) == ["我的收藏", "KV Cache 与显存"]
    found.chips = ["GEMM优化", "流水线"]
    assert evidence(found, domain)[-1] == "KV Cache 与显存 GEMM优化 流水线"


def test_a_list_published_as_a_site_leaves_out_its_pages_pdfs_and_mirror(
        data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new, out = imported(data_copy, capsys, "--base-url", "https://wangwu.github.io/llm-paper-notes/",
                        str(REAL / "paper-notes.md"))
    assert not [u for u in new if "llm-paper-notes" in u], list(new)  # its notes, PDF, relative pages, gitee mirror
    assert "列表自身的仓库 wangwu/llm-paper-notes（--base-url）" in out and "列表自身的镜像仓库" in out
    assert "https://github.com/wangwu/tiny-llm" in new  # the same owner's other project is an entry
    zero = new["https://arxiv.org/abs/1910.02054"]
    assert (zero["title"], zero["author"]) == ("ZeRO: Memory Optimizations Toward Training Trillion Parameter Models",
                                               "Rajbhandari")
    assert new["https://arxiv.org/abs/2309.06180"]["author"] == "Kwon et al."  # the HTML table's Authors column
    assert new["https://www.bilibili.com/video/BV1pu411o7BE"]["title"] == "Attention Is All You Need 逐段精读"
    assert str(new["https://www.jianshu.com/p/7a7a7a7a7a7a"].get("review", "")).startswith("可能无关")
