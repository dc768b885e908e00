"""Synthetic catalogues for the benchmarks: N links in the canonical links.yaml layout.

    python benchmarks/generate.py 10000 /tmp/haowen-bench/10k

writes OUT/links.yaml (via haowen.editing.entrytext.links_text, so the file is exactly what `haowen fmt`
would write), OUT/link-status.json (a state for every link, as `haowen check` writes it; about 2% confirmed
dead with an archive copy) plus copies of the real data/taxonomy.yaml, tags.yaml, synonyms.yaml and search_dict.txt.  The output is
deterministic for a given size and seed, and valid: `haowen validate` reports no problems.

Titles and notes mix Chinese and English the way the real catalogue does; hosts follow the
real distribution (mostly zhihu columns and WeChat articles, then GitHub, arXiv and blogs);
categories are weighted like the real catalogue, tags are drawn from the real vocabulary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import yaml

from haowen.catalog.model import Link
from haowen.catalog.status import STATUS_FILE, LinkState
from haowen.catalog.urls import canonical
from haowen.editing.entrytext import links_text
from haowen.linkcheck.state import states_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}

TOPICS_ZH = [
    "注意力机制", "旋转位置编码", "长度外推", "RMSNorm", "SwiGLU", "分词器", "参数量估算", "显存占用",
    "混合专家模型", "专家并行", "张量并行", "流水线并行", "序列并行", "ZeRO 优化", "混合精度训练",
    "梯度检查点", "指令微调", "LoRA 微调", "RLHF", "DPO 偏好对齐", "GRPO", "奖励模型", "思维链",
    "KV Cache", "PagedAttention", "FlashAttention", "投机采样", "连续批处理", "量化", "INT4 权重量化",
    "CUDA 编程", "共享内存", "Warp 调度", "Tensor Core", "GEMM 优化", "Triton 算子", "归约算子",
    "集合通信", "NCCL", "RDMA 网络", "扩散模型", "多模态大模型", "检索增强生成", "智能体", "RWKV",
    "Mamba", "线性注意力", "预训练数据清洗", "长上下文训练", "推理服务调度",
]
TOPICS_EN = [
    "Attention", "RoPE", "Mixture of Experts", "Tensor Parallelism", "Pipeline Parallelism", "ZeRO",
    "FSDP", "LoRA", "RLHF", "DPO", "KV Cache", "PagedAttention", "FlashAttention-2", "Speculative Decoding",
    "Continuous Batching", "GPTQ", "AWQ", "CUDA Kernels", "Tensor Cores", "Triton", "NCCL AllReduce",
    "Diffusion Models", "Vision Transformers", "RAG", "LLM Agents", "RWKV", "Mamba", "Linear Attention",
    "Long Context", "Inference Serving",
]
SYSTEMS = [
    "vLLM", "SGLang", "TensorRT-LLM", "DeepSpeed", "Megatron-LM", "PyTorch", "llama.cpp", "Transformers",
    "LightLLM", "FasterTransformer", "ColossalAI", "JAX", "MLC-LLM", "Ollama",
]
MODELS = ["LLaMA", "Qwen2", "DeepSeek-V3", "GLM-4", "Mixtral", "GPT-4", "Baichuan", "MiniCPM", "Yi", "Gemma"]
TEMPLATES_ZH = [
    "{t}原理详解", "从零实现{t}", "图解{t}", "{t}：从原理到实践", "一文读懂{t}", "{s} 源码解析：{t}",
    "{t}在 {s} 中的实现与优化", "{m} 技术报告解读：{t}", "{t}的几种实现方式对比", "深入浅出{t}（{n}）",
    "关于{t}的一些思考", "{t}踩坑记录", "大模型{t}入门笔记", "{s} 中的{t}是怎么做的", "{t}与{t2}的联系与区别",
    "如何用 {s} 加速{t}", "{m} 的{t}细节", "{t}面试题整理", "{t}性能分析：以 {s} 为例", "再谈{t}",
]
TEMPLATES_EN = [
    "A Deep Dive into {T}", "Understanding {T}", "{T} from Scratch", "How {S} Implements {T}",
    "{T}: A Practical Guide", "Optimizing {T} in {S}", "Notes on {T} ({n})", "{T} Explained",
    "Lessons from Scaling {T}", "{M}: {T} and Beyond",
]
NOTES_ZH = [
    "推荐先读这一篇，图示清楚，公式推导完整。", "附带可运行的代码，适合动手复现。", "作者有大规模训练的一线经验，细节很多。",
    "系列文章的第 {n} 篇，前后几篇可以一起看。", "对比了 {s} 和其他实现的性能数据。", "偏入门，适合刚接触{t}的读者。",
    "讲清楚了{t}为什么有效，而不只是怎么做。", "数据有些过时，但思路仍然值得参考。",
]
NOTES_EN = ["Clear diagrams and benchmark numbers.", "Long but worth it; includes code.", "Good companion to the paper."]
AUTHORS = ["方佳瑞", "猛猿", "李沐", "苏剑林", "BBuf", "Lilian Weng", "Tri Dao", "Chip Huyen", "张俊林", "朱小霖"]
# (host, weight, path maker) — weights follow the real catalogue's host mix.
HOSTS = [
    ("zhuanlan.zhihu.com", 60, lambda r, i: f"/p/{600000000 + i * 7 + r.randrange(7)}"),
    ("mp.weixin.qq.com", 17, lambda r, i: "/s/" + "".join(r.choice(_B64) for _ in range(22))),
    ("www.zhihu.com", 4, lambda r, i: f"/question/{500000000 + i}/answer/{r.randrange(10**9, 10**10)}"),
    ("github.com", 5, lambda r, i: f"/{r.choice(_USERS)}/{r.choice(_REPOS)}-{i}"),
    ("arxiv.org", 4, lambda r, i: f"/abs/{2301 + i % 30:04d}.{i % 100000:05d}"),
    ("huggingface.co", 1, lambda r, i: f"/blog/{r.choice(_SLUGS)}-{i}"),
    ("juejin.cn", 2, lambda r, i: f"/post/{7000000000000000000 + i}"),
    ("www.cnblogs.com", 1, lambda r, i: f"/{r.choice(_USERS)}/p/{10000000 + i}.html"),
    ("blog.csdn.net", 2, lambda r, i: f"/{r.choice(_USERS)}/article/details/{130000000 + i}"),
    ("spaces.ac.cn", 1, lambda r, i: f"/archives/{9000 + i}"),
    ("lilianweng.github.io", 1, lambda r, i: f"/posts/2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}-{r.choice(_SLUGS)}-{i}"),
    ("developer.nvidia.com", 1, lambda r, i: f"/blog/{r.choice(_SLUGS)}-{i}"),
    ("{user}.github.io", 1, lambda r, i: f"/{2023 + i % 3}/{r.choice(_SLUGS)}-{i}"),
]
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_USERS = ["bbuf", "karpathy", "hpcaitech", "sgl-project", "vllm-project", "ggerganov", "openai", "deepseek-ai", "huggingface", "mlc-ai"]
_REPOS = ["how-to-optim", "llm-notes", "cuda-mode", "flash-attn", "awesome-llm", "llm-action", "tiny-infer", "mini-gpt"]
_SLUGS = ["attention", "moe", "kv-cache", "quantization", "flash-attention", "rlhf", "lora", "cuda-gemm", "rope", "serving"]


def _categories() -> list[tuple[str, float]]:
    """Category ids weighted by how many real links they hold (at least 1)."""
    tax = yaml.safe_load((DATA / "taxonomy.yaml").read_text(encoding="utf-8"))
    ids = [c["id"] if not c.get("children") else None for c in tax["categories"]]
    ids = [i for i in ids if i] + [s["id"] for c in tax["categories"] for s in c.get("children", [])]
    real = yaml.load((DATA / "links.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []
    counts = {i: 1 for i in ids}
    for item in real:
        if item.get("category") in counts:
            counts[item["category"]] += 1
    return list(counts.items())


def _tags() -> list[str]:
    voc = yaml.safe_load((DATA / "tags.yaml").read_text(encoding="utf-8"))
    return [t["id"] for t in voc["tags"]]


def generate_links(n: int, seed: int = 20241123) -> list[Link]:
    """`n` distinct, valid links; the same list for the same `n` and `seed`."""
    r = random.Random(seed)
    cats = _categories()
    cat_ids, cat_w = [c for c, _ in cats], [w for _, w in cats]
    tags = _tags()
    host_w = [h[1] for h in HOSTS]
    sources = ["000-llm-training-notes", "001-how-to-optim-algorithm-in-cuda", "002-llm-inference-notes",
               "003-easyllm", "004-haowen-hashtags", "bench-synthetic"]
    start = dt.date(2023, 1, 1)
    span = (dt.date(2026, 10, 31) - start).days
    links: list[Link] = []
    for i in range(n):
        host, _, path = r.choices(HOSTS, weights=host_w)[0]
        host = host.format(user=r.choice(_USERS))
        url = f"https://{host}{path(r, i)}"
        english = host in ("arxiv.org", "huggingface.co", "lilianweng.github.io", "developer.nvidia.com") or r.random() < 0.08
        fill = {"t": r.choice(TOPICS_ZH), "t2": r.choice(TOPICS_ZH), "s": r.choice(SYSTEMS), "m": r.choice(MODELS),
                "T": r.choice(TOPICS_EN), "S": r.choice(SYSTEMS), "M": r.choice(MODELS), "n": r.randint(1, 12)}
        title = r.choice(TEMPLATES_EN if english else TEMPLATES_ZH).format(**fill)
        if r.random() < 0.3:  # the real catalogue has many long, specific titles
            title += "：" + r.choice(TEMPLATES_ZH).format(**{**fill, "t": r.choice(TOPICS_ZH)})
        note = None
        if r.random() < 0.25:
            note = r.choice(NOTES_EN if english else NOTES_ZH).format(**fill)
        added = start + dt.timedelta(days=r.randrange(span))
        published = added - dt.timedelta(days=r.randrange(400)) if r.random() < 0.3 else None
        links.append(Link(
            url=url,
            title=title,
            category=r.choices(cat_ids, weights=cat_w)[0],
            tags=r.sample(tags, k=r.choices([0, 1, 2, 3, 4], weights=[25, 30, 25, 15, 5])[0]),
            note=note,
            author=r.choice(AUTHORS) if r.random() < 0.2 else None,
            published=published,
            lang="en" if english else None,
            added=added,
            sources=r.sample(sources, k=r.choice([1, 1, 2])),
        ))
    return links


def write(out: Path, n: int, seed: int = 20241123) -> Path:
    """Write a data dir with `n` links at `out`; returns its links.yaml."""
    out.mkdir(parents=True, exist_ok=True)
    for name in ("taxonomy.yaml", "tags.yaml", "synonyms.yaml", "search_dict.txt"):
        shutil.copyfile(DATA / name, out / name)
    links_path = out / "links.yaml"
    links = generate_links(n, seed)
    links_path.write_text(links_text(links), encoding="utf-8")
    (out / STATUS_FILE).write_text(states_text(link_states(links, seed)), encoding="utf-8")
    return links_path


def link_states(links: list[Link], seed: int) -> dict[str, LinkState]:
    """A checker's history for every link: mostly alive, some blocked or unknown, ~2% confirmed dead."""
    rng = random.Random(seed + 1)
    now = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)
    states: dict[str, LinkState] = {}
    for link in links:
        checked = now - dt.timedelta(minutes=rng.randrange(7 * 24 * 60))
        roll = rng.random()
        if roll < 0.02:
            url = canonical(link.url)
            states[url] = LinkState(status="dead", code=404, reason="HTTP 404", last_checked=checked,
                                    first_failed=checked - dt.timedelta(days=3), consecutive_failures=3,
                                    last_alive=checked - dt.timedelta(days=40), dead_since=checked - dt.timedelta(days=2),
                                    confirmed_dead=True,
                                    archive_url=f"https://web.archive.org/web/2024{rng.randrange(10**10):010d}/{url}")
        else:
            status = "alive" if roll < 0.95 else "blocked" if roll < 0.98 else "unknown"
            failed = {} if status == "alive" else {"first_failed": checked, "consecutive_failures": 1}
            states[canonical(link.url)] = LinkState(status=status, code=200 if status == "alive" else 403 if status == "blocked" else None,
                                                    last_checked=checked, last_alive=checked if status == "alive" else None,
                                                    **failed)
    return states


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("size", help="number of links, or 1k / 10k / 100k")
    ap.add_argument("out", type=Path, help="data directory to write")
    ap.add_argument("--seed", type=int, default=20241123)
    args = ap.parse_args(argv)
    n = SIZES.get(args.size) or int(args.size)
    path = write(args.out, n, args.seed)
    print(f"{path}: {n} links, {path.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
