"""The catalogue's data model: one pydantic model per data file, shared by every tool.

validate checks the files against these models, `haowen schema` turns them into the JSON
Schema editors use, and renderers read the typed objects.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from .urls import UrlError, plainly_http, split_checked

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Date = Annotated[dt.date, Field(strict=True, json_schema_extra={"type": "string", "format": "date"})]
Lang = Literal["zh", "en", "ja", "ko", "fr", "de", "multi"]

# Field order in links.yaml; fmt writes fields in this order.
LINK_FIELDS = ("url", "title", "category", "tags", "note", "author", "published", "lang", "added", "sources")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False)


class Link(_Strict):
    """One article in the catalogue."""

    url: str = Field(description="文章链接（http 或 https），以规范形式保存")
    title: Text = Field(description="文章标题")
    category: Id = Field(description="分类 id，见 data/taxonomy.yaml")
    tags: list[Text] = Field(default_factory=list, description="标签 id，见 data/tags.yaml")
    note: Text | None = Field(default=None, description="推荐理由或备注（纯文本）")
    author: Text | None = Field(default=None, description="作者")
    published: Date | None = Field(default=None, description="发表日期 YYYY-MM-DD")
    lang: Lang | None = Field(default=None, description="文章语言，默认 zh")
    added: Date = Field(description="收录日期 YYYY-MM-DD")
    sources: list[Text] = Field(default_factory=list, description="从哪些来源收录（出处）")

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str) -> str:
        stripped = value.strip()
        if plainly_http(stripped):  # the common case, without splitting the URL
            return stripped
        try:
            split_checked(value)
        except UrlError as exc:
            raise ValueError(str(exc)) from None
        return stripped


class Subcategory(_Strict):
    """A section inside a category page."""

    id: Id
    title: Text = Field(description="中文名")
    title_en: Text = Field(description="English name")
    description: Text = Field(description="一句话说明")
    keywords: list[Text] = Field(default_factory=list, description="归类用的关键词（不区分大小写）")


class Category(Subcategory):
    """A top-level category: one page on the site."""

    order: int = Field(description="在导航中的顺序，从小到大")
    children: list[Subcategory] = Field(default_factory=list, description="子分类（只有一级）")


class Taxonomy(_Strict):
    """data/taxonomy.yaml"""

    categories: list[Category]


class Tag(_Strict):
    """One tag of the declared vocabulary."""

    id: Text = Field(description="标签 id（写进 links.yaml 的形式）")
    title: Text | None = Field(default=None, description="显示名，默认同 id")
    aliases: list[Text] = Field(default_factory=list, description="同义写法（不区分大小写）")
    keywords: list[Text] = Field(default_factory=list, description="标题里出现即建议打此标签")

    @property
    def label(self) -> str:
        return self.title or self.id


class TagVocabulary(_Strict):
    """data/tags.yaml"""

    tags: list[Tag]


class SynonymTable(_Strict):
    """data/synonyms.yaml: groups of terms a reader may type for one concept."""

    groups: list[list[Text]] = Field(description="同义词组：每组是同一个概念的各种叫法（缩写、全称、中英文、变体拼写）")


class ImportRules(_Strict):
    """data/import.yaml: how `haowen import` maps Markdown headings to categories."""

    default: Id = Field(description="没有标题映射、关键词也不命中时的分类")
    headings: dict[str, str] = Field(description="标题 → 分类 id，或 auto（按关键词归类）")
