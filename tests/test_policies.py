"""Content policies (data/policies.yaml) are reported by `haowen validate`, positioned, in both output formats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from haowen.cli import main
from haowen.validation import parallel as parallel_validate
from haowen.validation.checks import validate
from haowen.validation.parallel import summarize


def set_policies(links: Path, **rules: object) -> None:
    path = links.parent / "policies.yaml"
    current = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**current, **rules}), encoding="utf-8")


def run_validate(links: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["validate", "--catalog", str(links), *extra])
    return code, capsys.readouterr().out


def test_the_real_catalogue_meets_its_policies(data_copy: Path) -> None:
    catalog, problems = validate(data_copy)
    assert catalog.policies is not None and len(catalog.entries) >= catalog.policies.min_links
    assert problems == []


def test_an_oversized_category_is_reported_at_its_line_in_the_taxonomy(data_copy: Path, capsys) -> None:
    set_policies(data_copy, max_top_share=0.05)
    code, out = run_validate(data_copy, capsys)
    assert code == 0  # an editorial rule: a warning, not a failure
    assert "条编辑规则提醒" in out
    lines = [line for line in out.splitlines() if "超过 5%" in line]
    assert lines, out
    for line in lines:
        path, row, _col, _ = line.split(":", 3)
        assert path.endswith("taxonomy.yaml")
        assert "id:" in (data_copy.parent / "taxonomy.yaml").read_text(encoding="utf-8").splitlines()[int(row) - 1]
        assert "data/policies.yaml" in line and "提醒" in line


def test_github_format_annotates_the_taxonomy_line_as_a_warning(data_copy: Path, capsys) -> None:
    set_policies(data_copy, min_picks=50)
    code, out = run_validate(data_copy, capsys, "--format", "github")
    assert code == 0
    assert re.search(r"^::warning file=.*taxonomy\.yaml,line=\d+,col=\d+::.*从这里开始", out, re.M), out
    assert "::error" not in out


def test_data_errors_still_fail_beside_policy_warnings(data_copy: Path, capsys) -> None:
    set_policies(data_copy, max_top_share=0.05)
    text = data_copy.read_text(encoding="utf-8")
    data_copy.write_text(text.replace("category: ", "category: nope-", 1), encoding="utf-8")
    code, out = run_validate(data_copy, capsys, "--format", "github")
    assert code == 1
    assert re.search(r"^::error file=.*links\.yaml", out, re.M) and re.search(r"^::warning file=.*taxonomy", out, re.M)
    assert "发现 1 个问题" in out


def test_thin_categories_and_rare_tags(data_copy: Path, capsys) -> None:
    set_policies(data_copy, min_category_links=1000, min_tag_uses=1000)
    _, problems = validate(data_copy)
    files = {Path(p.path).name for p in problems}
    assert files == {"taxonomy.yaml", "tags.yaml"}
    assert any("只有" in p.message and "至少要 1000 条" in p.message for p in problems)


def test_small_catalogue_or_no_policies_file_is_not_judged(data_copy: Path) -> None:
    set_policies(data_copy, max_top_share=0.01, min_links=100_000)
    assert validate(data_copy)[1] == []
    set_policies(data_copy, min_links=0)
    assert validate(data_copy)[1] != []
    (data_copy.parent / "policies.yaml").unlink()
    assert validate(data_copy)[1] == []


def test_two_processes_report_the_same_policy_problems(data_copy: Path, monkeypatch) -> None:
    set_policies(data_copy, max_top_share=0.05, min_tag_uses=20, min_picks=6)
    monkeypatch.setattr(parallel_validate, "PARALLEL_FROM", 0)
    found = summarize(data_copy)
    assert found.processes == 2
    assert found.problems == validate(data_copy)[1] != []


def test_a_bad_policies_file_is_a_positioned_problem(data_copy: Path, capsys) -> None:
    (data_copy.parent / "policies.yaml").write_text("max_top_share: 2\nmin_picks: -1\n", encoding="utf-8")
    code, out = run_validate(data_copy, capsys)
    assert code == 1
    assert re.search(r"policies\.yaml:1:\d+: ", out) and re.search(r"policies\.yaml:2:\d+: ", out), out


def test_adding_a_link_is_not_refused_for_a_policy(data_copy: Path, capsys) -> None:
    """Policies judge the whole catalogue in validate; add and fmt do not refuse a write for them."""
    set_policies(data_copy, max_top_share=0.01)
    code = main(["add", "https://example.com/policy-test", "--title", "一篇测试文章", "--category", "attention",
                 "--catalog", str(data_copy)])
    assert code == 0, capsys.readouterr()
    assert "policy-test" in data_copy.read_text(encoding="utf-8")
