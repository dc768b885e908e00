"""The public JSON document of the catalogue (`haowen export json`, links.json on the site)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from haowen.catalog.load import Catalog
from haowen.catalog.model import LINK_FIELDS, Link, Subcategory

FORMAT_VERSION = 1


def _category(node: Subcategory, parent: str | None) -> dict[str, Any]:
    return {
        "id": node.id,
        "title": node.title,
        "title_en": node.title_en,
        "description": node.description,
        "parent": parent,
    }


def document(catalog: Catalog) -> dict[str, Any]:
    """Categories (top level then children, in taxonomy order) and every link with its path."""
    categories = []
    for cat in catalog.ordered_categories():
        categories.append(_category(cat, None))
        categories.extend(_category(child, cat.id) for child in cat.children)
    paths = {cid: [c.title for c in catalog.category_path(cid)] for cid in catalog.categories}
    links = []
    for link in catalog.links:
        item = _fields(link)
        item["tags"] = [catalog.resolve_tag(t) or t for t in link.tags]
        item["category_path"] = paths[link.category]
        links.append(item)
    return {"version": FORMAT_VERSION, "categories": categories, "links": links}


def _fields(link: Link) -> dict[str, Any]:
    """What `link.model_dump(mode="json", exclude_none=True)` gives, without pydantic's per-call cost."""
    item = {}
    for name in LINK_FIELDS:
        value = getattr(link, name)
        if value is not None:
            item[name] = value.isoformat() if isinstance(value, dt.date) else value
    return item


def _items(values: list[dict[str, Any]]) -> str:
    return "[\n" + ",\n".join(json.dumps(v, ensure_ascii=False) for v in values) + "\n]"


def dumps(catalog: Catalog) -> str:
    """The document with one category or link per line: readable, diffable, and encoded by json's C encoder."""
    doc = document(catalog)
    return (f'{{"version": {doc["version"]},\n"categories": {_items(doc["categories"])},\n'
            f'"links": {_items(doc["links"])}}}\n')
