"""收录一篇文章：规范化链接、抓取标题、建议分类和标签，插入到规范位置"""

from __future__ import annotations

import argparse
import math
import re
import sys

from pydantic import ValidationError

from haowen.catalog.clock import china_today
from haowen.catalog.load import Catalog, load_or_exit
from haowen.catalog.model import KIND_LABELS, Link
from haowen.catalog.urlfacts import with_url_facts
from haowen.catalog.urls import UrlError, canonical, host, kind_of
from haowen.editing.entrytext import entry_text
from haowen.editing.layout import insert_entries
from haowen.editing.revise import Change, Refused, revise
from haowen.importing.merge import RulesError, catch_all
from haowen.io.datafile import error_message
from haowen.io.problems import did_you_mean, shown_path
from haowen.io.yamlsafe import split_lines
from haowen.linkcheck.config import CONFIG_FILE, ConfigError, load_config
from haowen.suggest.engine import FALLBACK_NOTE, Context, Suggestion, engine
from haowen.text.safe import shorten, visible
from haowen.text.titles import clean_title
from haowen.web.addresses import AddressError, check_literal
from haowen.web.title import MAX_TIMEOUT, FetchError, fetch_title


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("url", metavar="URL", help="文章链接")
    p.add_argument("--category", help="分类 id（默认按标题关键词建议）")
    p.add_argument("--tags", help="标签，逗号分隔（默认按标题关键词建议）")
    p.add_argument("--title", help="标题（默认从网页抓取）")
    p.add_argument("--note", help="推荐理由或备注")
    p.add_argument("--kind", choices=list(KIND_LABELS),
                   help="类型：" + "、".join(f"{k} {v}" for k, v in KIND_LABELS.items()) + "（默认按网址推断）")
    p.add_argument("--timeout", type=seconds, help="抓取标题的总时限秒数，含连接、响应头、跳转和正文（默认 10，或环境变量 HAOWEN_FETCH_TIMEOUT）")


def seconds(text: str) -> float:
    """--timeout: a number of seconds above 0 and at most MAX_TIMEOUT."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= MAX_TIMEOUT:  # also NaN and infinity
        raise argparse.ArgumentTypeError(f"“{shorten(text, 40)}” 应是大于 0、不超过 {MAX_TIMEOUT:g} 的秒数")
    return value


def _url(catalog: Catalog, raw: str) -> str:
    try:
        url = canonical(raw)
    except UrlError as exc:
        raise Refused(f"{raw}: {exc}") from None
    try:  # a page at a private address is never fetched, nor catalogued when its title is given
        check_literal(host(url))
    except AddressError as exc:
        raise Refused(f"{raw}: {exc}") from None
    held = catalog.holder_text(url) or catalog.excluded_text(url)
    if held:
        raise Refused(held)
    return url


def _verification_texts(catalog: Catalog, url: str) -> list[str]:
    """What marks a verification page at `url`'s host (data/check.yaml beside the catalogue, when there is one)."""
    path = catalog.data_dir / CONFIG_FILE
    if not path.exists():
        return []
    try:
        config = load_config(path)
    except ConfigError as exc:
        raise Refused(str(exc)) from None
    return config.blocked_texts(host(url))


def _title(catalog: Catalog, args: argparse.Namespace, url: str) -> str:
    if args.title:
        return clean_title(args.title)
    try:  # the URL as given: some sites have no https
        title = fetch_title(args.url.strip(), timeout=args.timeout, blocked_texts=_verification_texts(catalog, url))
    except FetchError as exc:
        raise Refused(f"无法自动获取标题：{exc}。请用 --title \"文章标题\" 指定标题后再运行") from None
    print(f"标题：{visible(title)}")
    return title


def _suggestion(catalog: Catalog, url: str, title: str, note: str) -> Suggestion:
    """The engine's suggestion; an unsure guess of the catch-all category gives way to the runner-up."""
    suggester = engine(catalog)
    if not suggester.learned:
        print(FALLBACK_NOTE)
    suggestion = suggester.suggest(Context(title, note, url))
    try:
        fallback = catch_all(catalog)
    except RulesError as exc:
        raise Refused(str(exc)) from None
    return suggestion.avoiding(fallback) if fallback else suggestion


def _category(catalog: Catalog, args: argparse.Namespace, suggestion: Suggestion | None) -> str:
    if args.category:
        if args.category not in catalog.categories:
            hint = did_you_mean(args.category, catalog.categories)
            raise Refused(f"未知分类 “{args.category}”{hint}：分类见 data/taxonomy.yaml")
        return str(args.category)
    if suggestion is None or suggestion.confidence <= 0:
        raise Refused("无法归类：请用 --category 指定分类（分类见 data/taxonomy.yaml）")
    found = suggestion.category
    path = visible(" / ".join(c.title for c in catalog.category_path(found)))
    print(f"建议分类：{found}（{path}，把握 {suggestion.confidence:.0%}）；不合适请用 --category 指定")
    if suggestion.review:
        others = "、".join(r.id for r in suggestion.categories[1:3])
        print(f"把握不足，已标 review（其他候选：{others}）；复核请运行 haowen review")
    return found


def _tags(catalog: Catalog, args: argparse.Namespace, suggestion: Suggestion | None) -> list[str]:
    if args.tags is None:
        found = suggestion.tag_ids if suggestion else []
        if found:
            print(f"建议标签：{visible(', '.join(found))}；不合适请用 --tags 指定")
        return found
    tags = []
    for name in filter(None, (t.strip() for t in re.split(r"[,，]", args.tags))):
        tag = catalog.resolve_tag(name)
        if tag is None:
            raise Refused(f"未知标签 “{name}”{did_you_mean(name, catalog.tag_lookup)}：先在 data/tags.yaml 里声明")
        tags.append(tag)
    return list(dict.fromkeys(tags))


def _refused_note(note: str | None) -> None:
    """Refused when the note breaks the model's rule for it (e.g. longer than MAX_NOTE), before any work is
    done on it.  (A given title is cleaned and shortened like a fetched one.)"""
    try:
        Link.model_validate({"note": note})
    except ValidationError as exc:
        wrong = [e for e in exc.errors() if e["loc"][0] == "note"]
        if wrong:
            raise Refused("；".join(error_message(e, Link) for e in wrong)) from None


def _link(catalog: Catalog, args: argparse.Namespace) -> Link:
    _refused_note(args.note)
    url = _url(catalog, args.url)
    title = _title(catalog, args, url)
    needed = not (args.category and args.tags is not None)
    suggestion = _suggestion(catalog, url, title, args.note or "") if needed else None
    kind = args.kind or kind_of(url)
    if not args.kind and kind != "article":
        print(f"类型：{KIND_LABELS[kind]}（{kind}，按网址推断）；不合适请用 --kind 指定")
    fields = {"url": url, "title": title, "kind": kind, "category": _category(catalog, args, suggestion),
              "tags": _tags(catalog, args, suggestion), "note": args.note, "added": china_today(),
              "review": not args.category and suggestion is not None and suggestion.review}
    try:
        link = with_url_facts(Link(**fields))
    except ValidationError as exc:
        raise Refused("；".join(error_message(e, Link) for e in exc.errors())) from None
    if link.published is not None:
        print(f"发表日期：{link.published}（网址里写明的）")
    if link.lang == "en":
        print("语言：英文（标题和网站都是英文）；不对请在 links.yaml 里删去 lang")
    return link


def insert_link(link: Link) -> Change:
    """The change that adds `link`: refused if the catalogue it is made on already has the article."""
    def change(catalog: Catalog, text: str) -> str:
        _url(catalog, link.url)
        return insert_entries(text, [link], catalog)
    return change


def run(args: argparse.Namespace) -> int:
    catalog = load_or_exit(args.catalog)
    try:
        link = _link(catalog, args)
    except Refused as exc:
        print(visible(str(exc)), file=sys.stderr)
        return 1
    text = revise(catalog, insert_link(link))
    if text is None:
        return 1
    line = len(split_lines(text[: text.index(entry_text(link))]))
    print(visible(f"已添加：{shown_path(args.catalog)}:{line}: {link.title}"))
    return 0
