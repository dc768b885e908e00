"""生成数据文件的 JSON Schema（schemas/）和 GitHub 的“推荐文章”表单"""

from __future__ import annotations

import argparse

from haowen.catalog.load import load_or_exit
from haowen.export.schema import generated_files, stale_files
from haowen.io.store import write_locked


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--check", action="store_true", help="只检查：生成的文件过期时列出它们并以 1 退出")


def run(args: argparse.Namespace) -> int:
    catalog = load_or_exit(args.catalog)
    root = catalog.data_dir.parent
    stale = stale_files(catalog, root)
    if args.check:
        for rel in stale:
            print(f"{rel}: 已过期，请运行 haowen schema 重新生成")
        return 1 if stale else 0
    files = generated_files(catalog)
    for rel in stale:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        write_locked(root / rel, files[rel])  # made from the taxonomy, not from what the file held
        print(f"已生成 {rel}")
    if not stale:
        print("生成的文件都是最新的")
    return 0
