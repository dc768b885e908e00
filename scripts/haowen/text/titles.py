"""Title clean-up shared by import and add: site suffixes (one table) and placeholder titles."""

from __future__ import annotations

import re

from haowen.text.safe import MAX_TITLE, clean, shorten

# Suffixes that sites append to page titles; removed from the end of a title.
TITLE_SUFFIXES = (
    " - 知乎",
    " - 知乎专栏",
    "-CSDN博客",
    " - CSDN博客",
    "_CSDN博客",
    " - 掘金",
    " - 博客园",
    " | Lil'Log",
    " - 腾讯云开发者社区-腾讯云",
    " - 简书",
    " · GitHub",
)

# Link texts that say nothing about the article: generic words and the labels of a paper table's links.
PLACEHOLDERS = frozenset(
    {"这里", "此处", "点这里", "点击这里", "链接", "地址", "原文", "原文链接", "here", "link", "this", "click here", "url",
     "pdf", "paper", "papers", "arxiv", "code", "codes", "github", "repo", "project", "project page", "homepage",
     "website", "site", "web", "docs", "doc", "documentation", "blog", "post", "demo", "video", "slides", "slide",
     "ppt", "official", "model", "models", "dataset", "data", "huggingface", "hf", "weights", "checkpoint", "知乎",
     "论文", "代码", "配套代码", "源码", "项目", "项目地址", "项目主页", "项目文档", "文档", "官方文档", "博客", "主页",
     "官网", "视频", "演示", "幻灯片", "下载", "阅读", "阅读原文", "全文", "详情", "更多", "查看", "点击", "传送门",
     "网址", "在线阅读", "中文", "中文版", "英文版", "译文", "翻译", "笔记", "解读", "讲解", "视频讲解", "教程", "课件",
     "b站", "bilibili", "youtube", "微信", "公众号", "zhihu", "csdn", "medium", "openreview", "abs", "html",
     "source", "source code", "official code", "english", "read more", "more", "details"}
)
# Site names a list writes in front of a title to say where the link goes (`【知乎】…`); not content markers
# like 【翻译】, which belong to the title.
SOURCE_LABELS = frozenset({"知乎", "知乎专栏", "微信", "公众号", "微信公众号", "b站", "bilibili", "csdn", "博客园", "掘金",
                           "简书", "github", "arxiv", "youtube", "medium", "小红书"})
# Brackets around a whole link text (`[pdf]`, `【论文】`) and decorative symbols at its ends (emoji, arrows, ★).
_WRAPPERS = re.compile(r"^\s*[\[【(（<「《]\s*(.*?)\s*[\]】)）>」》]\s*$")
_SOURCE_LABEL = re.compile(r"^\s*[\[【]([^\[\]【】]{1,12})[\]】]\s*(\S.*)$")
_PAIRS = {"[": "]", "【": "】", "(": ")", "（": "）", "<": ">", "「": "」", "《": "》"}
_DECOR = re.compile(r"^[\s\U0001F000-\U0001FAFF\u2190-\u21FF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D:：|·•-]+|"
                    r"[\s\U0001F000-\U0001FAFF\u2190-\u21FF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D:：|·•-]+$")

_SPACES = re.compile(r"\s+")
_FILE_NAME = re.compile(r"[\w\-]+(?:\.[\w\-]+)*\.(?:pdf|md|html?|txt|ipynb|pptx?|docx?)")  # `slides.pdf`, `README.md`


def clean_title(title: str) -> str:
    """`title` without control and invisible format characters, surrounding and repeated spaces and a
    known site suffix; at most MAX_TITLE characters."""
    title = _SPACES.sub(" ", clean(title)).strip()
    for suffix in TITLE_SUFFIXES:
        if title.endswith(suffix) and len(title) > len(suffix):
            title = title[: -len(suffix)].rstrip()
            break
    return shorten(title.strip(" *_"), MAX_TITLE)


def _encloses(text: str) -> bool:
    """True when the bracket `text` opens is the one it closes with (`【a】b(c)` is not wrapped)."""
    opener, closer = text[0], _PAIRS[text[0]]
    if text[-1] != closer:
        return False
    depth = 0
    for ch in text[:-1]:
        depth += (ch == opener) - (ch == closer)
        if depth == 0:
            return False
    return True


def _without_source(title: str) -> str:
    """`title` without a leading label naming the site the link goes to (`【知乎】…`, `[B站] …`)."""
    m = _SOURCE_LABEL.match(title)
    return m.group(2) if m and m.group(1).strip().lower() in SOURCE_LABELS else title


def unwrapped(title: str) -> str:
    """`title` without brackets around the whole of it, a leading source label (`【知乎】`) and decorative emoji
    or arrows at its ends."""
    for _ in range(3):
        m = _WRAPPERS.match(title)
        m = m if m and _encloses(title.strip()) else None
        stripped = _DECOR.sub("", _without_source(m.group(1) if m else title))
        if stripped == title or not stripped:
            break
        title = stripped
    return title


def is_placeholder(title: str, url: str) -> bool:
    """True when a link text is empty, only punctuation (`()`), generic (“这里”, “here”, “[pdf]”, “配套代码”),
    just the URL or a file name (`slides.pdf`)."""
    text = unwrapped(title.strip()).strip("：:。.").lower()
    return (not any(ch.isalnum() for ch in text) or text in PLACEHOLDERS or text.startswith(("http://", "https://")) or text == url.lower()
            or bool(_FILE_NAME.fullmatch(text)))
