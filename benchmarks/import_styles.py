"""`haowen import` on list styles it has not seen (issue 15), cross-validated on the curated catalogue.

The catalogue is split into 5 folds as `haowen suggest --evaluate` splits it.  Each held-out fold is written out
as Markdown in several styles other people use (STYLES), under headings from a small hand-written table of how
list authors name their sections (HEADINGS, BROAD: written once, not tuned to the answers), with badges,
in-page anchors, GitHub navigation links and malformed links mixed in.  Each file is read by the real import
(`importing.merge.collect`) into the catalogue without that fold, with an engine fitted on the other folds.
Per style and overall it reports how many links land in the curated top-level and exact category, how many are
marked for review (and how many of the misfiled ones are: the calibration target is three of four) or filed in
the catch-all, how many keep a placeholder title or a list's decoration, and that every link found is added,
merged, already present or skipped by a named reason, none lost.  The styles of issue 26 also count the list's
own files skipped, off-topic posts marked and repository variants merged.

Run: PYTHONPATH=scripts python3 benchmarks/import_styles.py [--folds 2,3,4]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import html
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from haowen.catalog.load import Catalog, load
from haowen.catalog.model import Link
from haowen.catalog.urls import canonical
from haowen.importing.merge import Report, Sources, collect, load_rules
from haowen.suggest.engine import Model, curated
from haowen.suggest.evaluate import folds
from haowen.text.titles import is_placeholder

ROOT = Path(__file__).resolve().parent.parent
FOLDS = 5
SEED = 0
BROAD_SHARE = 0.3  # how often a section takes a broad heading instead of a topical one
MISC_SHARE = 0.15  # entries an author leaves under a trailing “other” section

# How list authors name a section on each top-level category's subject (several phrasings, both languages).
HEADINGS: dict[str, list[str]] = {
    "basics": ["大模型入门", "Transformer 原理", "LLM 基础知识", "Fundamentals"],
    "linear-models": ["RWKV", "线性注意力与状态空间模型", "Mamba / SSM", "Beyond Transformers"],
    "moe": ["MoE", "混合专家模型", "Mixture of Experts", "稀疏模型"],
    "training": ["分布式训练", "大模型训练", "Training at Scale", "预训练与并行"],
    "alignment": ["微调", "RLHF 与对齐", "Fine-tuning & Alignment", "后训练"],
    "inference": ["推理优化", "推理框架", "LLM Inference", "部署与服务"],
    "quantization": ["量化", "模型压缩", "Quantization", "低比特推理"],
    "cuda": ["CUDA 编程", "GPU 架构", "CUDA", "GPU Programming"],
    "kernels": ["算子开发", "Kernel 优化", "高性能算子", "GEMM & Kernels"],
    "frameworks": ["PyTorch", "深度学习编译器", "Frameworks & Compilers", "框架源码"],
    "diffusion": ["AIGC", "扩散模型", "文生图 / 文生视频", "Diffusion Models"],
    "multimodal": ["多模态", "视觉语言模型", "Multimodal LLMs", "VLM"],
    "agents-rag": ["Agent", "RAG 与智能体", "LLM 应用", "Agents & RAG"],
    "data": ["数据", "数据工程", "Datasets", "数据清洗与合成"],
    "evaluation": ["评测", "模型评估", "Evaluation", "可解释性"],
    "models": ["开源模型", "模型解读", "行业动态", "Model Releases"],
    "resources": ["学习资源", "专栏推荐", "Resources", "课程与教程"],
}
# Headings that say nothing about the subject: dates, “other”, “picked”.
BROAD = ["2024年6月", "2023.11", "其他", "精选文章", "推荐阅读", "博客收藏", "Misc", "Reading List",
         "Articles", "我的收藏", "未分类", "Weekly Picks"]
TABLE_LABELS = ["[pdf]", "[blog]", "[link]", "[原文]", "[知乎]", "[paper]"]
NOISE = [  # links a list carries that are not articles: each must be skipped with a reason
    "[![Stars](https://img.shields.io/github/stars/u/awesome.svg)](https://github.com/u/awesome/stargazers)",
    "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)",
    "[回到顶部](#目录)",
    "[Fork me](https://github.com/u/awesome/fork)",
    "[作者主页](https://github.com/someone)",
    "[坏链接]([https://zhuanlan.zhihu.com/p/1)",
]


# Chips a kernel/blog list puts in front of its titles (issue 26): words of a kind, not of one subject.
CHIPS = ["基础", "进阶", "实践", "源码", "笔记", "博客", "推荐", "入门", "长文", "Paper", "Blog"]
OWN_FILES = [  # the list's own repository (u/awesome, the --base-url): each must be skipped as its own
    "- [rope_f32](https://github.com/u/awesome/blob/main/kernels/rope/rope.cu)",
    "- [kernels](https://github.com/u/awesome/tree/main/kernels)",
    "- [讲义 PDF](https://github.com/u/awesome/raw/main/docs/slides.pdf)",
    "- [讲义](https://raw.githubusercontent.com/u/awesome/main/docs/notes.pdf)",
    "- [文档站](https://u.github.io/awesome/)",
    "- [v1.0 发布](https://github.com/u/awesome/releases/tag/v1.0)",
    "- [hgemm](./kernels/hgemm/hgemm.cu)",
    "- [贡献指南](CONTRIBUTING.md)",
]
OFF_TOPIC = [  # posts on other subjects a curator meets in real lists (issue 26): each should be marked
    ("YOLOX 在树莓派上的 NCNN 部署教程", "https://blog.csdn.net/x/article/details/900001"),
    ("CMake 入门实战：从 Hello World 到多目录工程", "https://www.cnblogs.com/x/p/900002.html"),
    ("《统计学习方法》第二版读书笔记", "https://www.jianshu.com/p/900003"),
    ("Spring Boot 整合 Redis 缓存的正确姿势", "https://juejin.cn/post/900004"),
    ("概率论与数理统计 教材习题答案", "https://www.jianshu.com/p/900005"),
    ("React Hooks 完全指南", "https://juejin.cn/post/900006"),
    ("Linux 下 Docker 安装与常用命令", "https://www.cnblogs.com/x/p/900007.html"),
    ("考研数学一复习经验", "https://zhuanlan.zhihu.com/p/900008"),
    ("Go 语言并发编程：goroutine 与 channel", "https://juejin.cn/post/900009"),
    ("摄影入门：光圈、快门与 ISO", "https://www.jianshu.com/p/900010"),
]
OFF_TOPIC_URLS = {u for _, u in OFF_TOPIC}
GITHUB_REPO = re.compile(r"https://github\.com/[^/]+/[^/]+")
DECORATION = re.compile(r"^\[|📖|⭐|★|🔥")


def _md(text: str) -> str:
    """Text safe inside a Markdown link text or table cell."""
    return re.sub(r"([\[\]|*_`<>\\])", r"\\\1", text)


Writer = Callable[[list[Link], random.Random], list[str]]


def _plain(links: list[Link], rng: random.Random) -> list[str]:
    return [f"- [{_md(k.title)}]({k.url})" + (f" - {_md(k.note)}" if k.note else "") for k in links]


def _bold_bare(links: list[Link], rng: random.Random) -> list[str]:
    return [f"* **{_md(k.title)}** {k.url}" for k in links]


def _numbered(links: list[Link], rng: random.Random) -> list[str]:
    return [f"{i}. {_md(k.title)}：{k.url}" for i, k in enumerate(links, 1)]


def _table(links: list[Link], rng: random.Random) -> list[str]:
    rows = ["| 名称 | 简介 | 链接 |", "| --- | --- | --- |"]
    rows += [f"| {_md(k.title)} | {_md(k.note or '')} | [{rng.choice(TABLE_LABELS)[1:-1]}]({k.url}) |" for k in links]
    return rows


def _details(links: list[Link], rng: random.Random) -> list[str]:
    return ["<details>", f"<summary>展开 {len(links)} 篇</summary>", "", *_plain(links, rng), "", "</details>"]


def _name_address(links: list[Link], rng: random.Random) -> list[str]:
    out: list[str] = []
    for k in links:
        out += [f"- 名称：{_md(k.title)}", f"  地址：{k.url}"] + ([f"  简介：{_md(k.note)}"] if k.note else [])
    return out


def _raw_html(links: list[Link], rng: random.Random) -> list[str]:
    items = [f'<li><a href="{html.escape(k.url)}" target="_blank">{html.escape(k.title)}</a></li>' for k in links]
    return ["<ul>", *items, "</ul>"]


def _generic_after(links: list[Link], rng: random.Random) -> list[str]:
    return [f"- {_md(k.title)}（[{rng.choice(['原文', '链接', '这里', 'link'])}]({k.url})）" for k in links]


def _awesome(links: list[Link], rng: random.Random) -> list[str]:
    return [f"- **[{_md(k.title)}]({k.url})**" + (f" - {_md(k.note)}." if k.note else "") for k in links]


def _chips_table(links: list[Link], rng: random.Random) -> list[str]:
    """`| [[类别][子类]📖标题](url) | @作者 | ⭐⭐⭐ |`: chips from a section name, an author and a rating column."""
    rows = ["|📖 类型-标题|📖 作者| 📖 推荐 |", "|:---|:---|:---|"]
    for k in links:
        chips = "".join(f"[{_md(c)}]" for c in rng.sample(CHIPS, rng.randint(1, 2)))
        rows.append(f"| [{chips}📖{_md(k.title)}]({k.url}) | @{_md(k.author or '某某')} | {'⭐️' * rng.randint(1, 5)} |")
    return rows


def _own_files(links: list[Link], rng: random.Random) -> list[str]:
    """A plain list that also links its own repository's files, folders, releases, site and PDFs."""
    out = _plain(links, rng)
    for own in rng.sample(OWN_FILES, 3):
        out.insert(rng.randrange(len(out) + 1), own)
    return out


def _repo_variants(links: list[Link], rng: random.Random) -> list[str]:
    """Every link once, and a repository also as `.git`, `?tab=readme-ov-file` or `/tree/main`."""
    out = _plain(links, rng)
    for k in links:
        if GITHUB_REPO.fullmatch(k.url):
            out.append(f"- [{_md(k.title)}]({k.url}{rng.choice(['.git', '?tab=readme-ov-file', '/tree/main'])})")
    return out


def _off_topic(links: list[Link], rng: random.Random) -> list[str]:
    """A plain list with posts on other subjects mixed in (deployment of vision models, build tools, textbooks)."""
    out = _plain(links, rng)
    for title, url in rng.sample(OFF_TOPIC, 2):
        out.insert(rng.randrange(len(out) + 1), f"- [{title}]({url})")
    return out


STYLES: dict[str, Writer] = {
    "plain `- [t](u) - d`": _plain,
    "`* **t** url`": _bold_bare,
    "numbered `1. t：url`": _numbered,
    "table 名称/简介/链接 + [pdf]": _table,
    "`<details>`": _details,
    "名称/地址/简介": _name_address,
    "raw HTML `<a>`": _raw_html,
    "`t（[原文](u)）`": _generic_after,
    "English awesome list": _awesome,
    "table chips/author/rating": _chips_table,
    "own files linked": _own_files,
    "repository variants": _repo_variants,
    "off-topic posts mixed in": _off_topic,
}
ENGLISH = "English awesome list"


def _heading(text: str, level: int, rng: random.Random, number: int) -> str:
    """A section heading decorated as authors do: emoji, numbering, a back-to-top link."""
    emoji = rng.choice(["", "", "🔥 ", "📚 ", "🚀 "])
    numbered = f"{number}. " if rng.random() < 0.4 else ""
    back = " [back to top](#contents)" if rng.random() < 0.3 else ""
    return f"{'#' * level} {emoji}{numbered}{text}{back}"


def write_list(name: str, links: list[Link], catalog: Catalog, rng: random.Random) -> str:
    """One held-out fold as a list in style `name`: sections by top-level category, some under broad headings."""
    write = STYLES[name]
    english = name == ENGLISH
    sections: dict[str, list[Link]] = {}
    misc: list[Link] = []
    for link in links:
        (misc if rng.random() < MISC_SHARE else sections.setdefault(catalog.parents[link.category].id, [])).append(link)
    title = "Awesome LLM Infra" if english else "大模型学习资料整理"
    out = [f"# {title}", "", " ".join(NOISE[:2]), "", "## Contents" if english else "## 目录", "",
           "- [Contents](#contents)", ""]
    for n, (top, group) in enumerate(sections.items(), 1):
        phrasings = [h for h in HEADINGS[top] if h.isascii()] if english else HEADINGS[top]
        broad = [h for h in BROAD if h.isascii()] if english else BROAD
        text = rng.choice(broad if rng.random() < BROAD_SHARE else phrasings)
        out += [_heading(text, 2, rng, n), "", *write(group, rng), "", rng.choice(NOISE[2:]), ""]
    if misc:
        out += [_heading("Misc" if english else "其他", 2, rng, len(sections) + 1), "", *write(misc, rng), ""]
    return "\n".join(out) + "\n"


@dataclasses.dataclass
class Tally:
    entries: int = 0  # held-out entries written into the lists
    imported: int = 0
    top: int = 0
    leaf: int = 0
    review: int = 0
    catch_all: int = 0  # filed in the catch-all although curated elsewhere
    placeholder: int = 0
    title_kept: int = 0  # imported title equal to the curated one
    found: int = 0
    counted: int = 0  # added + merged + present + skipped
    skipped: int = 0
    lost: int = 0  # held-out entries not among the added links
    misfiled: int = 0  # held-out entries filed in another category than the curated one
    misfiled_marked: int = 0  # … of them marked for review
    decorated: int = 0  # titles holding a chip, marker emoji or star the curated title has not
    own: int = 0  # links into the list's own repository written
    own_skipped: int = 0  # … skipped as the list's own
    off_topic: int = 0  # off-topic posts written
    off_topic_marked: int = 0  # … marked 可能无关 (or at least for review)
    variants: int = 0  # repository variants written
    variants_merged: int = 0  # … merged into one entry

    def add(self, other: Tally) -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def run_style(name: str, held: list[Link], catalog: Catalog, train: Catalog, model: Model, folder: Path,
              rng: random.Random) -> Tally:
    """Import the fold written in style `name` into the catalogue without it; score what was added."""
    path = folder / f"{re.sub(r'[^a-z]+', '-', name.lower()).strip('-') or 'list'}.md"
    path.write_text(write_list(name, held, catalog, rng), encoding="utf-8")
    report = Report()
    rules = load_rules(train)
    new = collect(train, model, rules, Sources([path], "https://github.com/u/awesome", "bench",
                                               dt.date(2024, 6, 1)), report)
    by_url = {k.url: k for k in new}
    t = Tally(entries=len(held), found=report.found, imported=len(new))
    t.skipped = sum(len(v) for v in report.skipped.values())
    t.counted = report.added + report.merged + report.present + t.skipped
    text = path.read_text(encoding="utf-8")
    t.own = sum(text.count(own) for own in OWN_FILES)
    t.own_skipped = sum(len(v) for k, v in report.skipped.items() if k.startswith(("列表自身的", "相对链接：列表自身")))
    t.off_topic = sum(u in text for u in OFF_TOPIC_URLS)
    t.off_topic_marked = sum(bool(by_url[u].review) for u in OFF_TOPIC_URLS if u in by_url)
    if STYLES[name] is _repo_variants:
        t.variants = sum(bool(GITHUB_REPO.fullmatch(k.url)) for k in held)
        t.variants_merged = report.merged
    for link in held:
        got = by_url.get(canonical(link.url))
        if got is None:
            t.lost += 1
            continue
        t.top += catalog.parents[got.category].id == catalog.parents[link.category].id
        t.leaf += got.category == link.category
        t.review += bool(got.review)
        t.misfiled += got.category != link.category
        t.misfiled_marked += got.category != link.category and bool(got.review)
        t.decorated += bool(DECORATION.search(got.title)) and not DECORATION.search(link.title)
        t.catch_all += got.category == rules.default != link.category
        t.placeholder += is_placeholder(got.title, got.url)  # generic label, bare URL or file name
        t.title_kept += got.title == link.title
    return t


def _part(n: int, of: int) -> str:
    return f"{n}/{of}" if of else "–"


def rows(tallies: dict[str, Tally]) -> list[str]:
    out = ["| style | links | top-level | exact | review | misfiled marked | catch-all | placeholder title | "
           "title kept | decorated title | found = counted | skipped | lost | own files skipped | off-topic marked | "
           "repo variants merged |", "| --- |" + " ---: |" * 15]
    for name, t in tallies.items():
        n = t.entries or 1
        out.append(f"| {name} | {t.entries} | {t.top / n:.1%} | {t.leaf / n:.1%} | {t.review / n:.1%} | "
                   f"{t.misfiled_marked / (t.misfiled or 1):.1%} | "
                   f"{t.catch_all / n:.1%} | {t.placeholder / n:.1%} | {t.title_kept / n:.1%} | {t.decorated / n:.1%} | "
                   f"{'yes' if t.found == t.counted else f'NO ({t.found} ≠ {t.counted})'} | {t.skipped} | {t.lost} | "
                   f"{_part(t.own_skipped, t.own)} | {_part(t.off_topic_marked, t.off_topic)} | "
                   f"{_part(t.variants_merged, t.variants)} |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", default=",".join(map(str, range(FOLDS))), help="held-out folds to run, e.g. 2,3,4")
    args = parser.parse_args()
    wanted = [int(k) for k in args.folds.split(",")]
    catalog, problems = load(ROOT / "data" / "links.yaml")
    if problems:
        sys.exit("data/links.yaml has problems: run haowen validate")
    tallies: dict[str, Tally] = {name: Tally() for name in STYLES}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for k, (train_links, held) in enumerate(folds(curated(catalog), FOLDS, SEED)):
            if k not in wanted:
                continue
            held_urls = {id(x) for x in held}
            train = dataclasses.replace(catalog, entries=[e for e in catalog.entries if id(e.link) not in held_urls])
            model = Model(train, train_links)
            for name in STYLES:
                tallies[name].add(run_style(name, held, catalog, train, model, Path(tmp),
                                            random.Random(f"{SEED}-{k}-{name}")))
    total = Tally()
    for t in tallies.values():
        total.add(t)
    print(f"folds {args.folds} of {FOLDS} (seed {SEED}), {len(STYLES)} styles, "
          f"{time.perf_counter() - start:.0f} s")
    print("\n".join(rows({**tallies, "**all styles**": total})))


if __name__ == "__main__":
    main()
