"""Any data file read into its pydantic model, every problem positioned (`file:line:col`, in Chinese).

YAML files (links, taxonomy, tags, series, synonyms, policies, check config, import rules) are read
keeping positions (`io.yamldoc.parse`); the JSON status file is validated straight from its text by
pydantic and its errors are placed on the line of the key they are about.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from haowen.io.problems import Problem, did_you_mean, shown_path
from haowen.io.yamldoc import parse
from haowen.io.yamlsafe import Document, Path_, YamlError, read_text
from haowen.text.safe import ALLOWED_PATTERN, forbidden_message

M = TypeVar("M", bound=BaseModel)
NOT_FOUND = "找不到文件：请在仓库根目录运行，或用 --catalog 指定 links.yaml"
_JSON_AT = re.compile(r"(.*) at line (\d+) column (\d+)$")

_MESSAGES = {
    "missing": "缺少必填字段 “{field}”",
    "extra_forbidden": "未知字段 “{field}”{hint}：请删掉或改成已有字段",
    "date_type": "“{field}” 应是日期，写成 YYYY-MM-DD（例如 2024-05-01）",
    "date_from_datetime_inexact": "“{field}” 应是日期，不带时间，写成 YYYY-MM-DD",
    "string_too_short": "“{field}” 不能为空",
    "string_type": "“{field}” 应是文本",
    "list_type": "“{field}” 应是列表，例如 [a, b]",
    "string_pattern_mismatch": "“{field}” 只能用小写字母、数字和连字符",
    "literal_error": "“{field}” 的值不在允许范围内：{detail}",
    "model_type": "这里应是一个映射（字段: 值）",
    "dict_type": "这里应是一个映射（字段: 值）",
    "value_error": "“{field}”：{detail}",
    "int_type": "“{field}” 应是整数（不加引号）",
    "greater_than_equal": "“{field}” 应不小于 {detail}",
    "greater_than": "“{field}” 应大于 {detail}",
    "less_than_equal": "“{field}” 应不大于 {detail}",
    "string_too_long": "“{field}” 太长：最多 {detail} 个字符，请删短",
    "float_type": "“{field}” 应是数字（不加引号）",
    "bool_type": "“{field}” 应是 true 或 false",
    "string_unicode": "“{field}” 含有无效的 Unicode 字符（代理码位）：请删除它",
}


def _field_name(loc: tuple[Any, ...]) -> str:
    names = [str(x) for x in loc if isinstance(x, str)]
    return ".".join(names) or "条目"


def error_message(err: ErrorDetails, model: type[BaseModel]) -> str:
    """One pydantic error in Chinese, naming the field (and the character, for text with a forbidden one)."""
    name = _field_name(err["loc"])
    ctx = err.get("ctx") or {}
    if err["type"] == "string_pattern_mismatch" and ctx.get("pattern") == ALLOWED_PATTERN:
        return f"“{name}” {forbidden_message(str(err['input']).strip())}"
    hint = did_you_mean(str(err["loc"][-1]), model.model_fields) if err["type"] == "extra_forbidden" else ""
    template = _MESSAGES.get(err["type"])
    detail = ", ".join(str(x) for x in ctx.values()) if ctx else err["msg"]
    return template.format(field=name, hint=hint, detail=detail) if template else f"“{name}”：{err['msg']}"


def validation_problems(doc: Document, exc: ValidationError, prefix: Path_, model: type[BaseModel]) -> Iterator[Problem]:
    """Chinese messages with positions for pydantic errors on data at `prefix`.

    A value the YAML reader already refused (bad date, tag, alias) is not reported twice.
    """
    flagged = {e.pos for e in doc.problems}
    for err in exc.errors():
        loc = (*prefix, *err["loc"])
        message = error_message(err, model)
        if loc in doc.key_positions and err["type"] == "extra_forbidden":
            pos = doc.key_positions[loc]
        else:
            pos = doc.pos(loc)
            if loc in doc.positions and pos in flagged:
                continue
        yield Problem(shown_path(doc.path), pos.line, pos.col, message)


def read_yaml(path: Path, problems: list[Problem], missing: str = NOT_FOUND) -> tuple[Document | None, str | None]:
    """The file read and parsed, and its text; (None, None) with a problem when it cannot be."""
    try:
        text = read_text(path)
        doc = parse(path, text)
    except FileNotFoundError:
        problems.append(Problem(shown_path(path), 1, 1, missing))
        return None, None
    except YamlError as exc:
        problems.append(exc.problem())
        return None, None
    problems.extend(e.problem() for e in doc.problems)
    return doc, text


def model_of(doc: Document | None, model: type[M], problems: list[Problem], empty: Any = None) -> M | None:
    """`doc`'s data as `model` (`empty` standing for an empty file); None with positioned problems if it is not."""
    if doc is None:
        return None
    try:
        return model.model_validate(doc.data if doc.data is not None else empty)
    except ValidationError as exc:
        problems.extend(validation_problems(doc, exc, (), model))
        return None


def read_model(path: Path, model: type[M], problems: list[Problem], missing: str = NOT_FOUND,
               empty: Any = None) -> tuple[M | None, Document | None]:
    """A YAML data file as `model`, and its Document; problems (unreadable, YAML, model) added to `problems`."""
    doc, _ = read_yaml(path, problems, missing)
    return model_of(doc, model, problems, empty), doc


def read_json_model(path: Path, model: type[M], what: str, context: Any = None) -> tuple[M | None, list[Problem]]:
    """A JSON data file as `model`, straight from its text; (None, problems) when it cannot be read or is wrong.

    `what` names the file in messages (状态文件); `context` goes to the model's validators.
    """
    where = shown_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(where, 1, 1, f"无法读取{what}：{exc}")]
    try:
        return model.model_validate_json(text, context=context), []
    except ValidationError as exc:
        return None, _json_problems(where, text, exc, what)


def json_position(text: str, loc: tuple[int | str, ...]) -> tuple[int, int]:
    """Line and column of the innermost key of `loc` found in `text` (1, 1 when none is)."""
    at = 0
    for key in loc:
        found = text.find(json.dumps(str(key), ensure_ascii=False) + ":", at)
        if found < 0:
            found = text.find(json.dumps(str(key)) + ":", at)
        if found < 0:
            break
        at = found
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _json_problems(where: str, text: str, exc: ValidationError, what: str) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        if err["type"] == "json_invalid":
            found = _JSON_AT.match(str(err.get("ctx", {}).get("error", "")))
            line, col = (int(found.group(2)), max(int(found.group(3)), 1)) if found else (1, 1)
            detail = found.group(1) if found else err["msg"]
            problems.append(Problem(where, line, col, f"{what}不是有效的 JSON（{detail}）：可能写到一半被打断，"
                                                      "用 git 恢复它或删掉它（下次 haowen check 会重建）"))
            continue
        line, col = json_position(text, err["loc"])
        field = ".".join(str(part) for part in err["loc"])
        message = str(err["msg"]).removeprefix("Value error, ")
        problems.append(Problem(where, line, col, f"{what}的 {field} 不对：{message}"))
    return sorted(problems)
