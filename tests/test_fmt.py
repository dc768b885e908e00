"""`haowen fmt`: canonical order and layout, comments kept, --check, refusal of invalid data."""

from __future__ import annotations

from pathlib import Path

import pytest

from haowen.catalog.load import load
from haowen.cli import main

MESSY = """\
# yaml-language-server: $schema=../schemas/links.schema.json
# 头部注释

# 关于 MoE 的一条
- title: MoE 入门
  url: http://example.com/moe?utm_source=feed
  added: 2024-03-01
  category: moe
  tags: [专家模型]   # 别名

- url: https://example.com/rwkv-b
  category: rwkv
  # 内部注释
  title: 'RWKV #2: 新进展'
  added: 2024-02-01
- {url: https://example.com/rwkv-a, title: "RWKV: 第一篇", category: rwkv, added: 2024-02-01}

- url: https://example.com/basics
  title: Transformer 基础
  category: basics
  added: 2024-05-01
# 文件末尾的注释
"""

WANT = """\
# yaml-language-server: $schema=../schemas/links.schema.json
# 头部注释

- url: https://example.com/basics
  title: Transformer 基础
  category: basics
  added: 2024-05-01

- url: https://example.com/rwkv-a
  title: 'RWKV: 第一篇'
  category: rwkv
  added: 2024-02-01

# 内部注释
- url: https://example.com/rwkv-b
  title: 'RWKV #2: 新进展'
  category: rwkv
  added: 2024-02-01

# 关于 MoE 的一条
# 别名
- url: https://example.com/moe
  title: MoE 入门
  category: moe
  tags: [moe]
  added: 2024-03-01

# 文件末尾的注释
"""


@pytest.fixture
def messy(data_copy: Path) -> Path:
    data_copy.write_text(MESSY, encoding="utf-8")
    return data_copy


def test_fmt_writes_the_canonical_layout(messy: Path) -> None:
    before = load(messy)[0].links
    assert main(["fmt", "--catalog", str(messy)]) == 0
    assert messy.read_text(encoding="utf-8") == WANT
    after = {link.url: link for link in load(messy)[0].links}
    assert len(after) == len(before)
    assert after["https://example.com/moe"].tags == ["moe"]
    assert after["https://example.com/rwkv-b"].title == "RWKV #2: 新进展"


def test_fmt_is_idempotent(messy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["fmt", "--catalog", str(messy)])
    once = messy.read_bytes()
    capsys.readouterr()
    assert main(["fmt", "--catalog", str(messy)]) == 0
    assert messy.read_bytes() == once
    assert "格式已是规范的" in capsys.readouterr().out


def test_check_lists_the_entries_that_would_change(messy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", "--check", "--catalog", str(messy)]) == 1
    out = capsys.readouterr().out
    assert messy.read_text(encoding="utf-8") == MESSY
    listed = [line.split(": ", 1)[1] for line in out.splitlines() if ".yaml:" in line]
    # the file order is the reverse of the canonical one: at least all but one entry move
    assert len(listed) >= 3 and set(listed) <= {"MoE 入门", "RWKV #2: 新进展", "RWKV: 第一篇", "Transformer 基础"}
    assert f"{len(listed)} 条需要整理" in out
    main(["fmt", "--catalog", str(messy)])
    assert main(["fmt", "--check", "--catalog", str(messy)]) == 0


def test_one_moved_entry_is_the_only_one_listed(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["fmt", "--catalog", str(data_copy)])
    text = data_copy.read_text(encoding="utf-8")
    header, *blocks = text.split("\n\n")
    blocks[0], blocks[5] = blocks[5], blocks[0]
    data_copy.write_text("\n\n".join([header, *blocks]), encoding="utf-8")
    capsys.readouterr()
    assert main(["fmt", "--check", "--catalog", str(data_copy)]) == 1
    listed = [line for line in capsys.readouterr().out.splitlines() if ".yaml:" in line]
    assert len(listed) in (1, 2)  # the swapped pair: one of them can stay in place only if equal keys


def test_invalid_file_is_refused_and_left_alone(messy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = MESSY.replace("category: moe", "category: moee")
    messy.write_text(bad, encoding="utf-8")
    assert main(["fmt", "--catalog", str(messy)]) == 1
    err = capsys.readouterr().err
    assert "links.yaml:8:13: 未知分类 “moee”（是不是 “moe”？）" in err
    assert messy.read_text(encoding="utf-8") == bad


def test_yaml_syntax_error_is_reported_with_its_line(messy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy.write_text(MESSY.replace("  added: 2024-05-01", "  added: [2024-05-01"), encoding="utf-8")
    assert main(["fmt", "--catalog", str(messy)]) == 1
    assert "YAML 语法错误" in capsys.readouterr().err


def test_real_data_keeps_every_entry(data_copy: Path) -> None:
    before = load(data_copy)[0].links
    assert main(["fmt", "--catalog", str(data_copy)]) == 0
    after = load(data_copy)[0].links
    key = lambda link: link.url  # noqa: E731
    assert sorted(after, key=key) == sorted(before, key=key)
    assert main(["fmt", "--check", "--catalog", str(data_copy)]) == 0
