"""The catalogue's data model: one pydantic model per data file, shared by every tool.

validate checks the files against these models, `haowen schema` turns them into the JSON
Schema editors use, and renderers read the typed objects.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from haowen.catalog.clock import china_today
from haowen.catalog.urls import UrlError, plainly_http, split_checked
from haowen.text.safe import ALLOWED_PATTERN, MAX_NOTE, MAX_TITLE

# Plain text without control or invisible format characters (haowen.text.safe.FORBIDDEN).  The pattern runs in
# pydantic's Rust regex; it stays out of the JSON Schema, whose editors read patterns as JavaScript.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=ALLOWED_PATTERN),
                 WithJsonSchema({"type": "string", "minLength": 1})]
# The most characters of a term search and suggestions match (tag id, title, alias, keyword, synonym).
MAX_TERM = 100
Term = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TERM, pattern=ALLOWED_PATTERN),
                 WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_TERM})]
# An entry's title and note: the same caps add, from-issue and import apply (text/safe.py).
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE, pattern=ALLOWED_PATTERN),
                  WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_TITLE})]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NOTE, pattern=ALLOWED_PATTERN),
                 WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_NOTE})]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Date = Annotated[dt.date, Field(strict=True, json_schema_extra={"type": "string", "format": "date"})]
Lang = Literal["zh", "en", "ja", "ko", "fr", "de", "multi"]
# The site's small mark of an entry not in Chinese (zh, the default, has none).
LANG_LABELS: dict[str, str] = {"en": "英文", "ja": "日文", "ko": "韩文", "fr": "法文", "de": "德文", "multi": "多语言"}
# What an entry is; the default, article, is not shown.  The Chinese labels are the site's badges.
Kind = Literal["article", "paper", "repo", "video", "course", "column", "docs", "news", "demo", "model", "dataset"]
KIND_LABELS: dict[str, str] = {"article": "文章", "paper": "论文", "repo": "代码库", "video": "视频",
                               "course": "课程", "column": "专栏", "docs": "文档", "news": "资讯",
                               "demo": "演示", "model": "模型", "dataset": "数据集"}
DEFAULT_KIND: Kind = "article"
# The tag index's groups, in its order, with their headings.
TagGroup = Literal["topic", "model", "tool", "person"]
TAG_GROUPS: dict[str, str] = {"topic": "主题", "model": "模型", "tool": "框架与工具", "person": "人物"}
# A publication date known only to the month or the year: YYYY-MM or YYYY.
PartialDate = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}(-(0[1-9]|1[0-2]))?$")]
MAX_PART = 1000  # the most entries a series may have
Part = Annotated[int, Field(strict=True, ge=1, le=MAX_PART)]
MIN_YEAR = 1950  # the earliest publication year accepted; the latest is next year
_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PARTIAL_DATE = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2]))?")

# Field order in links.yaml; fmt writes fields in this order.
LINK_FIELDS = ("url", "mirrors", "title", "kind", "category", "tags", "series", "part", "pick", "review", "published",
               "note", "author", "lang", "added", "sources")


def _checked_url(value: str) -> str:
    """`value` stripped, or ValueError unless it is an absolute http(s) URL."""
    stripped = value.strip()
    if plainly_http(stripped):  # the common case, without splitting the URL
        return stripped
    try:
        split_checked(value)
    except UrlError as exc:  # the reason alone, without pydantic's "Value error, " in front
        raise PydanticCustomError("url_refused", "{reason}", {"reason": str(exc)}) from None
    return stripped


PUBLISHED_FORMATS = "应写成 YYYY-MM-DD、YYYY-MM 或 YYYY（例如 2024-05-01、2024-05、2024）"


def _year_in_range(year: int) -> None:
    """ValueError (in Chinese) unless `year` lies between MIN_YEAR and next year."""
    last = china_today().year + 1
    if not MIN_YEAR <= year <= last:
        raise ValueError(f"年份 {year} 不在 {MIN_YEAR}–{last} 之间：请填文章实际的发表年份，不确定就删掉 published")


def published_value(value: Any) -> Any:
    """A `published` value as the model keeps it: a date, or "YYYY-MM" / "YYYY" text.

    A full date written as text becomes a date, and a bare year (which YAML reads as a number)
    becomes text; the year must lie between MIN_YEAR and next year.  Anything else is refused
    with a message for people.
    """
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        _year_in_range(value.year)
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = value.strip() if isinstance(value, str) else ""
    if _FULL_DATE.fullmatch(text):
        _year_in_range(int(text[:4]))
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text} 不是存在的日期") from None
    if _PARTIAL_DATE.fullmatch(text):
        _year_in_range(int(text[:4]))
        return text
    raise ValueError(PUBLISHED_FORMATS)


def period_start(value: dt.date | str) -> dt.date:
    """The first day of a `published` value (a date, a month or a year)."""
    if isinstance(value, dt.date):
        return value
    year, _, month = value.partition("-")
    return dt.date(int(year), int(month or 1), 1)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False)


class Link(_Strict):
    """One article in the catalogue."""

    url: Annotated[str, StringConstraints(pattern=ALLOWED_PATTERN), WithJsonSchema({"type": "string"})] = Field(
        description="文章链接（http 或 https），以规范形式保存")
    mirrors: list[Annotated[str, StringConstraints(pattern=ALLOWED_PATTERN), AfterValidator(_checked_url),
                            WithJsonSchema({"type": "string"})]] = Field(
        default_factory=list, description="同一篇文章在其他网站的链接（规范形式），查重时与 url 一样算")
    title: Title = Field(description="文章标题")
    kind: Kind = Field(default=DEFAULT_KIND, description="类型：article 文章（默认）、paper 论文、repo 代码库、"
                       "video 视频、course 课程、column 专栏、docs 文档、news 资讯、demo 在线演示、"
                       "model 模型页、dataset 数据集页")
    category: Id = Field(description="分类 id，见 data/taxonomy.yaml")
    tags: list[Term] = Field(default_factory=list, description="标签 id，见 data/tags.yaml")
    series: Id | None = Field(default=None, description="所属系列 id，见 data/series.yaml（与 part 一起写）")
    part: Part | None = Field(default=None, description="在系列中的篇号：作者的编号（第 13 课写 13，可以跳号），原文没有编号时按阅读顺序从 1 起")
    pick: StrictBool = Field(default=False, description="true：列入所在一级分类的“从这里开始”")
    review: StrictBool | Text = Field(default=False, description="归类把握不足，待人工复核（haowen review）：true，"
                                      "或导入时它所在的栏目（来源列表的标题路径，用 › 分隔）")
    published: Date | PartialDate | None = Field(default=None, description=f"发表日期 YYYY-MM-DD、YYYY-MM 或 YYYY（年份 {MIN_YEAR} 至明年）")
    note: Note | None = Field(default=None, description="推荐理由或备注（纯文本）")
    author: Text | None = Field(default=None, description="作者")
    lang: Lang | None = Field(default=None, description="文章语言，默认 zh；en 显示“英文”标记")
    added: Date = Field(description="收录日期 YYYY-MM-DD")
    sources: list[Text] = Field(default_factory=list, description="从哪些来源收录（出处）")

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str) -> str:
        return _checked_url(value)

    @field_validator("published", mode="before")
    @classmethod
    def _published(cls, value: Any) -> Any:
        return published_value(value)

    @property
    def published_on(self) -> dt.date | None:
        """The first day of the publication date, month or year; None when it is unknown."""
        return None if self.published is None else period_start(self.published)


class Subcategory(_Strict):
    """A section inside a category page."""

    id: Id
    title: Text = Field(description="中文名")
    title_en: Text = Field(description="English name")
    description: Text = Field(description="一句话说明")
    keywords: list[Term] = Field(default_factory=list, description="归类用的关键词（不区分大小写）")


class Category(Subcategory):
    """A top-level category: one page on the site."""

    order: int = Field(strict=True, description="在导航中的顺序，从小到大")
    children: list[Subcategory] = Field(default_factory=list, description="子分类（只有一级）")


class Taxonomy(_Strict):
    """data/taxonomy.yaml"""

    categories: list[Category]


class Tag(_Strict):
    """One tag of the declared vocabulary."""

    id: Term = Field(description="标签 id（写进 links.yaml 的形式）")
    title: Term | None = Field(default=None, description="显示名，默认同 id")
    aliases: list[Term] = Field(default_factory=list, description="同义写法（不区分大小写）")
    keywords: list[Term] = Field(default_factory=list, description="标题里出现即建议打此标签")
    group: TagGroup = Field(default="topic", description="标签索引里的分组：topic 主题（默认）、model 模型、"
                            "tool 框架与工具、person 人物")

    @property
    def label(self) -> str:
        return self.title or self.id


class TagVocabulary(_Strict):
    """data/tags.yaml"""

    tags: list[Tag]


class Series(_Strict):
    """An ordered series of entries (each entry names it with `series` and its place with `part`)."""

    id: Id = Field(description="系列 id（写进 links.yaml 的 series 字段）")
    title: Text = Field(description="系列名（中文）")
    author: Text | None = Field(default=None, description="作者")
    description: Text | None = Field(default=None, description="一两句话介绍（纯文本）")
    level: Literal["入门", "进阶"] | None = Field(default=None, description="难度：只在系列自己的标题或简介写明时填")


class SeriesIndex(_Strict):
    """data/series.yaml: every series, in the order of the 学习路线 page."""

    series: list[Series] = Field(default_factory=list)


class SynonymTable(_Strict):
    """data/synonyms.yaml: groups of terms a reader may type for one concept."""

    groups: list[list[Term]] = Field(description="同义词组：每组是同一个概念的各种叫法（缩写、全称、中英文、变体拼写）")


class Policies(_Strict):
    """data/policies.yaml: rules about the catalogue's content, checked by `haowen validate`.

    Strict: a number is written as a number (`'100'` and `true` are refused)."""

    model_config = ConfigDict(strict=True)

    min_links: int = Field(100, ge=0, description="目录至少有这么多条链接时才检查下面的规则（小目录、测试用的目录不检查）")
    max_top_share: float = Field(0.15, gt=0, le=1, description="一个一级分类（含子分类）最多占全部链接的比例")
    min_category_links: int = Field(3, ge=0, description="每个分类、子分类至少有几条链接")
    min_tag_uses: int = Field(3, ge=0, description="每个标签至少用在几条链接上")
    min_picks: int = Field(3, ge=0, description="每个一级分类至少几篇“从这里开始”（pick）；上限由 haowen validate 固定检查")


class Excluded(_Strict):
    """One link the curators removed on purpose."""

    url: Annotated[str, StringConstraints(pattern=ALLOWED_PATTERN), AfterValidator(_checked_url),
                   WithJsonSchema({"type": "string"})] = Field(description="移出的链接")
    reason: Text = Field(description="为什么不收录")


class Exclusions(_Strict):
    """data/excluded.yaml: links removed from the catalogue, which import and add do not bring back."""

    excluded: list[Excluded] = Field(default_factory=list, description="移出目录的链接及理由")


AUTO = "auto"  # an import heading filed by keywords, not into one category


class ImportRules(_Strict):
    """data/import.yaml: how `haowen import` maps Markdown headings to categories."""

    default: Id = Field(description="兜底分类：只在把握足够时才归入，把握不足的链接归入次优分类并标 review")
    headings: dict[str, str] = Field(description="标题 → 分类 id，或 auto（按关键词归类）")
    generic_words: list[Text] = Field(default_factory=list, description="泛用词：分类关键词、标签或同义词里任何主题的文章都会用的词"
                                      "（部署、教程、入门…），判断一条链接是否“可能无关”时不算领域词")
