"""JSON Schemas and the issue form: committed copies are current, real data validates against them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from haowen.catalog.load import load
from haowen.cli import main
from haowen.export.schema import MODELS, generated_files, schema_path, stale_files

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = {"links": "links.yaml", "taxonomy": "taxonomy.yaml", "tags": "tags.yaml", "synonyms": "synonyms.yaml",
              "import": "import.yaml", "series": "series.yaml", "policies": "policies.yaml",
              "excluded": "excluded.yaml"}
BASE = {"url": "https://a.cn/x", "title": "t", "category": "moe", "added": "2024-01-01"}


def _as_json(value: Any) -> Any:
    """YAML values as an editor's schema checker sees them (dates are strings)."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / schema_path(name)).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_committed_files_are_current() -> None:
    catalog, problems = load(ROOT / "data" / "links.yaml")
    assert not problems
    assert stale_files(catalog, ROOT) == [], "运行 haowen schema 重新生成"


@pytest.mark.parametrize("name", sorted(MODELS))
def test_real_data_validates_against_its_schema(name: str) -> None:
    data = yaml.safe_load((ROOT / "data" / DATA_FILES[name]).read_text(encoding="utf-8"))
    errors = list(_validator(name).iter_errors(_as_json(data)))
    assert errors == []


@pytest.mark.parametrize("name", sorted(DATA_FILES))
def test_data_files_point_editors_at_their_schema(name: str) -> None:
    first = (ROOT / "data" / DATA_FILES[name]).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{name}.schema.json"


@pytest.mark.parametrize(
    ("entry", "wrong"),
    [
        ({"url": "https://a.cn/x", "title": "t", "category": "moe", "added": "2024-01-01", "tittle": "t"}, "tittle"),
        ({"url": "https://a.cn/x", "title": "", "category": "moe", "added": "2024-01-01"}, "title"),
        ({"url": "https://a.cn/x", "title": "t", "category": "MoE!", "added": "2024-01-01"}, "category"),
        ({"url": "https://a.cn/x", "title": "t", "category": "moe", "added": "2024-13-01"}, "added"),
        ({"url": "https://a.cn/x", "title": "t", "category": "moe", "added": "2024-01-01", "lang": "cn"}, "lang"),
        ({"url": "https://a.cn/x", "title": "t", "category": "moe"}, "added"),
        ({**BASE, "kind": "blog"}, "kind"),
        ({**BASE, "mirrors": "https://b.cn/x"}, "mirrors"),
        ({**BASE, "series": "Bad Id", "part": 1}, "series"),
        ({**BASE, "series": "ok", "part": 0}, "part"),
        ({**BASE, "pick": "yes"}, "pick"),
        ({**BASE, "published": "2024-13"}, "published"),
    ],
)
def test_schema_flags_the_mistakes_an_editor_should_underline(entry: dict, wrong: str) -> None:
    errors = list(_validator("links").iter_errors([entry]))
    assert errors and any(wrong in (list(e.path) + [e.message]).__str__() for e in errors)


def test_schema_accepts_the_new_fields() -> None:
    entry = {**BASE, "mirrors": ["https://b.cn/x"], "kind": "repo", "series": "cuda-notes", "part": 2, "pick": True}
    for published in ("2024-05-01", "2024-05", "2024"):
        assert list(_validator("links").iter_errors([{**entry, "published": published}])) == []


def test_series_schema_flags_a_series_without_title() -> None:
    errors = list(_validator("series").iter_errors({"series": [{"id": "cuda-notes"}]}))
    assert errors and "title" in errors[0].message


def test_schema_command_regenerates_and_checks(tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = data_copy.parent.parent
    assert main(["schema", "--check", "--catalog", str(data_copy)]) == 1
    assert "schemas/links.schema.json: 已过期" in capsys.readouterr().out
    assert main(["schema", "--catalog", str(data_copy)]) == 0
    assert main(["schema", "--check", "--catalog", str(data_copy)]) == 0
    for rel, text in generated_files(load(data_copy)[0]).items():
        assert (root / rel).read_text(encoding="utf-8") == text


def test_issue_form_follows_the_taxonomy(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["schema", "--catalog", str(data_copy)])
    taxonomy = data_copy.parent / "taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace("title: 注意力机制", "title: 注意力"), encoding="utf-8")
    capsys.readouterr()
    assert main(["schema", "--check", "--catalog", str(data_copy)]) == 1
    assert ".github/ISSUE_TEMPLATE/suggest-link.yml: 已过期" in capsys.readouterr().out
    main(["schema", "--catalog", str(data_copy)])
    form = yaml.safe_load((data_copy.parent.parent / ".github/ISSUE_TEMPLATE/suggest-link.yml").read_text(encoding="utf-8"))
    dropdown = next(item for item in form["body"] if item["type"] == "dropdown")
    assert "大模型基础 › 注意力 / Attention (attention)" in dropdown["attributes"]["options"]
    assert {item.get("id") for item in form["body"]} >= {"url", "title", "category", "why"}
