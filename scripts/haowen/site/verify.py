"""`python -m haowen.site.verify SITE_DIR`: fails when a built site lacks the pages the haowen plugin generates.

A builder that skips the plugin (mkdocs.yml without it, or a MkDocs successor ignoring unknown plugins)
still builds docs/ without an error; deploy runs this after the build so such a site is never published.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from haowen.catalog.load import load
from haowen.site.pages.discovery import LINKS_JSON
from haowen.site.paths import category_page


def built(site_dir: Path, md_path: str) -> bool:
    """Whether the page of `md_path` is in `site_dir`, with or without directory URLs."""
    stem = md_path.removesuffix(".md")
    return (site_dir / stem / "index.html").is_file() or (site_dir / f"{stem}.html").is_file()


def missing_pages(site_dir: Path, catalog_path: Path) -> list[str]:
    """Generated pages (each top-level category's, links.json) that `site_dir` lacks, as site paths."""
    catalog, _ = load(catalog_path)
    pages = [category_page(node.id) for node in catalog.taxonomy.categories]
    missing = [p.removesuffix(".md") + "/" for p in pages if not built(site_dir, p)]
    return missing + ([] if (site_dir / LINKS_JSON).is_file() else [LINKS_JSON])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m haowen.site.verify", description="检查构建好的网站有生成的页面")
    parser.add_argument("site_dir", nargs="?", default="site", type=Path)
    parser.add_argument("--catalog", default="data/links.yaml", type=Path)
    args = parser.parse_args(argv)
    missing = missing_pages(args.site_dir, args.catalog)
    if missing:
        print(f"{args.site_dir} 里缺少 haowen 插件生成的 {len(missing)} 个页面（{', '.join(missing[:5])} …）："
              "构建没有运行 haowen 插件，请检查 mkdocs.yml 的 plugins 里有 haowen，且用的是 MkDocs", file=sys.stderr)
        return 1
    print(f"{args.site_dir}：haowen 插件生成的页面都在")
    return 0


if __name__ == "__main__":
    sys.exit(main())
