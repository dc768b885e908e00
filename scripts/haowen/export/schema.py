"""Files generated from the model and the taxonomy: JSON Schemas for editors, the GitHub issue form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter

from haowen.catalog.load import Catalog
from haowen.catalog.model import (
    Exclusions,
    ImportRules,
    Link,
    Policies,
    SeriesIndex,
    SynonymTable,
    TagVocabulary,
    Taxonomy,
)

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODELS: dict[str, Any] = {
    "links": TypeAdapter(list[Link]),
    "taxonomy": TypeAdapter(Taxonomy),
    "tags": TypeAdapter(TagVocabulary),
    "synonyms": TypeAdapter(SynonymTable),
    "import": TypeAdapter(ImportRules),
    "series": TypeAdapter(SeriesIndex),
    "policies": TypeAdapter(Policies),
    "excluded": TypeAdapter(Exclusions),
}
TITLES = {
    "links": "好文目录 data/links.yaml",
    "taxonomy": "好文分类 data/taxonomy.yaml",
    "tags": "好文标签词表 data/tags.yaml",
    "synonyms": "好文搜索同义词表 data/synonyms.yaml",
    "import": "haowen import 规则 data/import.yaml",
    "series": "好文系列 data/series.yaml",
    "policies": "好文内容规则 data/policies.yaml",
    "excluded": "好文移出目录的链接 data/excluded.yaml",
}
ISSUE_FORM = Path(".github/ISSUE_TEMPLATE/suggest-link.yml")
NOT_SURE = "不确定，请维护者归类 / Not sure"
_GENERATED = "# 由 haowen schema 根据 data/taxonomy.yaml 生成，请勿手改；改分类后运行 haowen schema。\n"


def schema_path(name: str) -> Path:
    return Path("schemas") / f"{name}.schema.json"


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one data file."""
    schema = MODELS[name].json_schema()
    return {"$schema": SCHEMA_DIALECT, "title": TITLES[name], **schema}


def category_options(catalog: Catalog) -> list[str]:
    """Dropdown entries, one per category and subcategory, each ending with its id."""
    options = []
    for cat in catalog.ordered_categories():
        options.append(f"{cat.title} / {cat.title_en} ({cat.id})")
        options += [f"{cat.title} › {c.title} / {c.title_en} ({c.id})" for c in cat.children]
    return [*options, NOT_SURE]


def issue_form(catalog: Catalog) -> str:
    """The 推荐文章 / Suggest a link issue form."""
    form = {
        "name": "推荐文章 / Suggest a link",
        "description": "推荐一篇大模型或 AI 基础设施方面的中文好文 / Suggest a good article",
        "title": "[推荐] ",
        "labels": ["suggest-link"],
        "body": [
            {"type": "markdown", "attributes": {"value": "谢谢推荐！维护者会把它收进目录。Thanks! A maintainer will add it."}},
            {"type": "input", "id": "url", "attributes": {"label": "链接 / URL", "placeholder": "https://"},
             "validations": {"required": True}},
            {"type": "input", "id": "title", "attributes": {"label": "标题 / Title", "description": "文章标题，可留空"},
             "validations": {"required": False}},
            {"type": "dropdown", "id": "category",
             "attributes": {"label": "分类 / Category", "options": category_options(catalog)},
             "validations": {"required": True}},
            {"type": "textarea", "id": "why",
             "attributes": {"label": "推荐理由 / Why is it good?", "description": "一两句话：它讲清楚了什么？"},
             "validations": {"required": True}},
        ],
    }
    return _GENERATED + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=120)


def generated_files(catalog: Catalog) -> dict[Path, str]:
    """Every generated file (relative to the repository root) and its text."""
    files = {schema_path(n): json.dumps(json_schema(n), ensure_ascii=False, indent=2) + "\n" for n in MODELS}
    files[ISSUE_FORM] = issue_form(catalog)
    return files


def stale_files(catalog: Catalog, root: Path) -> list[Path]:
    """Generated files under `root` that are missing or differ from what would be generated."""
    stale = []
    for rel, text in generated_files(catalog).items():
        path = root / rel
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(rel)
    return stale
