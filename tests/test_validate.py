"""`haowen validate` on each class of bad input: exit code, `file:line:col:` and the message."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import yaml

from haowen.catalog.clock import china_today
from haowen.cli import main
from haowen.io import yamlsafe as yamlsrc
from haowen.validation import parallel as parallel_validate

GOOD = """\
- url: https://zhuanlan.zhihu.com/p/100
  title: 一篇讲注意力的文章
  category: attention
  tags: [attention]
  added: 2024-01-01

- url: https://mp.weixin.qq.com/s/AbCdEfGh
  title: 一篇讲 RWKV 的文章
  category: rwkv
  added: 2024-02-03
"""


@pytest.fixture(params=["one process", "two processes"])
def write_catalog(request: pytest.FixtureRequest, tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch):
    """Write links.yaml text (or bytes) into <tmp>/cat/data/ beside the real taxonomy and tags;
    the working directory is <tmp>/cat so messages name `data/links.yaml`.

    Every case runs twice: as is, and with any file large enough for two processes (each
    checking half of the entries), so both ways must give the same output."""
    if request.param == "two processes":
        assert threading.active_count() == 1, f"validate forks only when no other thread runs: {threading.enumerate()}"
        monkeypatch.setattr(parallel_validate, "PARALLEL_FROM", 0)
    root = tmp_path / "cat"
    (root / "data").mkdir(parents=True)
    for name in ("taxonomy.yaml", "tags.yaml"):
        shutil.copy(data_copy.parent / name, root / "data" / name)
    monkeypatch.chdir(root)

    def write(content: str | bytes) -> Path:
        path = root / "data" / "links.yaml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path

    return write


def validate(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
    code = main(["validate", "--catalog", "data/links.yaml", *extra])
    out = capsys.readouterr().out
    return code, out.strip().splitlines()


def problem_lines(lines: list[str]) -> list[str]:
    return [ln for ln in lines if ln.startswith("data/links.yaml:")]


def only_problem(lines: list[str]) -> str:
    found = problem_lines(lines)
    assert len(found) == 1, lines
    return found[0]


def test_clean_catalogue_exits_0_with_one_line_summary(write_catalog, capsys) -> None:
    write_catalog(GOOD)
    code, lines = validate(capsys)
    assert code == 0
    assert len(lines) == 1
    assert "2 条链接" in lines[0]


def test_missing_title(write_catalog, capsys) -> None:
    write_catalog("""\
        - url: https://zhuanlan.zhihu.com/p/1
          category: attention
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)
    assert line.startswith("data/links.yaml:1:3:")
    assert "缺少必填字段" in line and "title" in line


def test_unknown_field_suggests_the_known_one(write_catalog, capsys) -> None:
    write_catalog(GOOD + textwrap.dedent("""\

        - url: https://zhuanlan.zhihu.com/p/2
          title: 第三篇
          category: attention
          added: 2024-01-01
          tittle: 拼错的字段
        """))
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)
    assert line.startswith("data/links.yaml:16:3:")
    assert "未知字段" in line and "tittle" in line and "是不是 “title”" in line


def test_unknown_category_with_did_you_mean(write_catalog, capsys) -> None:
    write_catalog("""\
        - url: https://zhuanlan.zhihu.com/p/1
          title: 注意力
          category: atention
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)
    assert line.startswith("data/links.yaml:3:13:")
    assert "未知分类 “atention”" in line and "是不是 “attention”" in line


def test_unknown_tag_with_did_you_mean(write_catalog, capsys) -> None:
    write_catalog("""\
        - url: https://zhuanlan.zhihu.com/p/1
          title: 推理引擎
          category: engines
          tags: [sglang, vlm]
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)
    assert line.startswith("data/links.yaml:4:18:")
    assert "未知标签 “vlm”" in line and "是不是 “vllm”" in line


def test_tag_alias_and_case_are_accepted(write_catalog, capsys) -> None:
    write_catalog("""\
        - url: https://zhuanlan.zhihu.com/p/1
          title: 推理引擎
          category: engines
          tags: [vLLM, 量化, quantization, QLoRA]
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert (code, problem_lines(lines)) == (0, [])


def test_same_article_twice_names_the_other_line(write_catalog, capsys) -> None:
    write_catalog(GOOD + textwrap.dedent("""\

        - url: https://zhuanlan.zhihu.com/p/100
          title: 同一篇，又收录了一次
          category: attention
          added: 2024-03-01
        """))
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)
    assert line.startswith("data/links.yaml:12:8:")
    assert "第 1 行" in line and "同一篇" in line


def test_same_article_after_canonicalisation(write_catalog, capsys) -> None:
    write_catalog(GOOD + textwrap.dedent("""\

        - url: http://www.zhihu.com/tardis/zm/art/100?source_id=1003
          title: 同一篇，分享链接
          category: attention
          added: 2024-03-01
        """))
    code, lines = validate(capsys)
    assert code == 1
    found = problem_lines(lines)
    assert all(ln.startswith("data/links.yaml:12:8:") for ln in found)
    assert any("第 1 行" in ln for ln in found), found


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://example.com/x", "https://ｅｘａｍｐｌｅ.com/x"),
        ("https://xn--fsqu00a.xn--0zwm56d/x", "https://例子.测试/x"),
        ("https://example.com/x", "https://exa%6dple.com/x"),
        ("https://example.com/a", "https://example.com/%61"),
    ],
)
def test_same_article_in_another_spelling(write_catalog, capsys, first: str, second: str) -> None:
    write_catalog(f"""\
        - url: {first}
          title: 第一次收录
          category: attention
          added: 2024-01-01

        - url: {second}
          title: 同一篇，换了写法
          category: attention
          added: 2024-01-02
        """)
    code, lines = validate(capsys)
    assert code == 1
    found = problem_lines(lines)
    assert any(ln.startswith("data/links.yaml:6:8:") and "第 1 行" in ln and "同一篇" in ln for ln in found), found


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://example.com:99999/x", "端口号无效"),
        ("https://example.com:-1/x", "端口号无效"),
        ("https://%20/x", "主机名 “%20” 无效"),
        ("https://./x", "链接缺少主机名"),
    ],
)
def test_bad_host_or_port_is_a_problem_not_a_traceback(write_catalog, capsys, url: str, message: str) -> None:
    write_catalog(f"""\
        - url: "{url}"
          title: 主机名或端口写错了
          category: attention
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)
    assert line.startswith("data/links.yaml:1:8:") and message in line and "Value error" not in line


def test_suggested_url_is_one_fmt_accepts(write_catalog, capsys) -> None:
    path = write_catalog("""\
        - url: http://[0:0::1]/x/
          title: 本机上的一页
          category: attention
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert code == 1 and "应为 https://[::1]/x（" in only_problem(lines)
    assert main(["fmt", "--catalog", "data/links.yaml"]) == 0
    assert "- url: https://[::1]/x\n" in path.read_text(encoding="utf-8")
    assert validate(capsys)[0] == 0


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("javascript:alert(1)", "javascript"), ("data:text/html,<b>x</b>", "data"), ("file:///etc/passwd", "file")],
)
def test_non_http_schemes(write_catalog, capsys, url: str, scheme: str) -> None:
    write_catalog(f"""\
        - url: "{url}"
          title: 危险链接
          category: attention
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)
    assert line.startswith("data/links.yaml:1:8:")
    assert "http" in line and scheme in line


def test_duplicate_mapping_key(write_catalog, capsys) -> None:
    write_catalog("""\
        - url: https://zhuanlan.zhihu.com/p/1
          title: 第一个标题
          category: attention
          title: 第二个标题
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)
    assert line.startswith("data/links.yaml:4:3:")
    assert "重复的键 “title”" in line and "第 2 行" in line


def test_yaml_syntax_error(write_catalog, capsys) -> None:
    write_catalog("""\
        - url: https://zhuanlan.zhihu.com/p/1
          title: [没有闭合
          category: attention
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)
    assert line.startswith("data/links.yaml:3:")
    assert "YAML 语法错误" in line


def test_empty_title(write_catalog, capsys) -> None:
    write_catalog("""\
        - url: https://zhuanlan.zhihu.com/p/1
          title: "   "
          category: attention
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)
    assert line.startswith("data/links.yaml:2:10:")
    assert "title" in line and "不能为空" in line


@pytest.mark.parametrize("bad", ["2024-13-45", "yesterday", "2024/01/02", "2024-02-30"])
def test_malformed_date(write_catalog, capsys, bad: str) -> None:
    write_catalog(f"""\
        - url: https://zhuanlan.zhihu.com/p/1
          title: 日期写错了
          category: attention
          added: {bad}
        """)
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)  # one problem, reported once
    assert line.startswith("data/links.yaml:4:10:")
    assert "日期" in line and "YYYY-MM-DD" in line


def test_future_date(write_catalog, capsys) -> None:
    future = f"{china_today().year + 1}-12-31"
    write_catalog(f"""\
        - url: https://zhuanlan.zhihu.com/p/1
          title: 来自未来
          category: attention
          published: {future}
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)
    assert line.startswith("data/links.yaml:4:14:")
    assert future in line and "未来" in line


def test_invalid_utf8(write_catalog, capsys) -> None:
    text = "- url: https://zhuanlan.zhihu.com/p/1\n  title: 标题\n  note: café\n".encode()
    write_catalog(text.replace("café".encode(), b"caf\xe9"))
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)
    assert line.startswith("data/links.yaml:3:")
    assert "UTF-8" in line


@pytest.mark.parametrize(
    "entry",
    [
        "- url: https://zhuanlan.zhihu.com/p/1\n  title: !!python/object/apply:os.system [echo pwned]\n",
        "- url: https://zhuanlan.zhihu.com/p/1\n  title: !!python/name:os.system ''\n",
        "- !!python/object/apply:os.system\n  args: [echo pwned]\n",
    ],
)
def test_python_tags_are_refused(write_catalog, capsys, entry: str) -> None:
    write_catalog(entry)
    code, lines = validate(capsys)
    assert code == 1
    tagged = [ln for ln in problem_lines(lines) if "python" in ln]
    assert tagged and all("不支持的 YAML 标签" in ln for ln in tagged), lines


def test_alias_bomb_is_refused_without_expanding(write_catalog, capsys) -> None:
    # Expanded, this is 9**9 ≈ 387 million strings: the test would never finish or run out
    # of memory if aliases were followed.
    rows = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghi"
    for prev, name in zip(names, names[1:]):
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    write_catalog("\n".join(rows) + "\n")
    code, lines = validate(capsys)
    assert code == 1
    assert any("别名" in ln for ln in lines)
    assert len(lines) < 200  # one message per alias written, not per expansion


def test_single_alias_is_refused(write_catalog, capsys) -> None:
    write_catalog("""\
        - url: https://zhuanlan.zhihu.com/p/1
          title: &t 标题
          category: attention
          added: 2024-01-01
        - url: https://zhuanlan.zhihu.com/p/2
          title: *t
          category: attention
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert code == 1
    line = only_problem(lines)
    assert line.startswith("data/links.yaml:6:3:") and "别名" in line


def test_all_problems_are_reported_at_once(write_catalog, capsys) -> None:
    write_catalog("""\
        - url: https://zhuanlan.zhihu.com/p/1
          title: 一
          category: atention
          added: 2024-01-01

        - url: https://zhuanlan.zhihu.com/p/2
          title: 二
          category: attention
          tags: [no-such-tag]
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert code == 1
    found = problem_lines(lines)
    assert len(found) == 2
    assert found[0].startswith("data/links.yaml:3:13:") and "未知分类" in found[0]
    assert found[1].startswith("data/links.yaml:9:10:") and "未知标签" in found[1]
    assert "2 个问题" in lines[-1]


def test_github_format(write_catalog, capsys) -> None:
    write_catalog("""\
        - url: https://zhuanlan.zhihu.com/p/1
          title: 一
          category: atention
          added: 2024-01-01
        """)
    code, lines = validate(capsys, "--format", "github")
    assert code == 1
    annotations = [ln for ln in lines if ln.startswith("::error ")]
    assert len(annotations) == 1
    assert annotations[0].startswith("::error file=data/links.yaml,line=3,col=13::")
    assert "未知分类" in annotations[0]


def test_committed_data_validates_clean(repo_root: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "haowen", "validate"], cwd=repo_root,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(result.stdout.strip().splitlines()) == 1


def test_libyaml_loader_is_used_when_available() -> None:
    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("PyYAML built without libyaml")
    assert yamlsrc.Loader is yaml.CSafeLoader


BAD_FOR_BOTH_LOADERS = """\
- url: https://zhuanlan.zhihu.com/p/1
  title: 一
  category: atention
  added: 2024-01-01

- url: javascript:alert(1)
  title: 二
  category: attention
  tags: [vLLM, nope]
  added: 2024-13-45
  title: 三

- url: http://zhuanlan.zhihu.com/p/1?utm_source=x
  title: "四 — 引号里的 \\u00e9 与中文"
  category: attention
  added: 2024-01-01
  extra: 1
"""


def test_same_positions_with_pure_python_loader(write_catalog, capsys, monkeypatch) -> None:
    write_catalog(BAD_FOR_BOTH_LOADERS)
    code_c, with_c = validate(capsys)
    monkeypatch.setattr(yamlsrc, "Loader", yaml.SafeLoader)
    code_py, with_py = validate(capsys)
    assert code_c == code_py == 1
    assert len(problem_lines(with_c)) >= 5
    assert with_c == with_py


def test_same_syntax_error_position_with_pure_python_loader(write_catalog, capsys, monkeypatch) -> None:
    write_catalog("- url: https://a.example/x\n  title: 中文标题\n  note: [未闭合\n  added: 2024-01-01\n")
    _, with_c = validate(capsys)
    monkeypatch.setattr(yamlsrc, "Loader", yaml.SafeLoader)
    _, with_py = validate(capsys)
    assert only_problem(with_c).split(": ")[0] == only_problem(with_py).split(": ")[0]


def test_mistakes_in_several_batches_of_a_large_catalogue(write_catalog, capsys) -> None:
    """Entries are validated a batch at a time; a batch with a mistake is redone entry by entry."""
    from haowen.catalog import load as catalog

    entry = "- url: https://zhuanlan.zhihu.com/p/{i}\n  title: 第 {i} 篇\n  category: {cat}\n  added: 2024-01-01\n\n"
    bad = {3: "Bad", catalog.BATCH + 7: "bad_id", 2 * catalog.BATCH + 1: "Nope"}
    n = 2 * catalog.BATCH + 5
    write_catalog("".join(entry.format(i=i, cat=bad.get(i, "attention")) for i in range(n)))
    loaded, problems = catalog.load(Path("data/links.yaml"))
    assert [e.index for e in loaded.entries] == [i for i in range(n) if i not in bad]
    assert [e.line for e in loaded.entries][:3] == [1, 6, 11]
    assert sorted((p.line, p.col) for p in problems) == [(5 * i + 3, 13) for i in sorted(bad)]
    code, lines = validate(capsys)
    assert code == 1 and len(problem_lines(lines)) == len(bad)


def test_an_entry_removed_on_purpose_is_named_with_the_reason(write_catalog, capsys) -> None:
    path = write_catalog(GOOD)
    (path.parent / "excluded.yaml").write_text(
        "excluded:\n  - url: https://mp.weixin.qq.com/s/AbCdEfGh/\n    reason: 充值教程，与主题无关\n"
        "  - url: https://mp.weixin.qq.com/s/AbCdEfGh\n    reason: 又写了一次\n", encoding="utf-8")
    code, lines = validate(capsys)
    assert code == 1
    assert lines[:2] == ["data/excluded.yaml:4:10: 这个链接前面已经列过：删去重复的一条",
                         "data/links.yaml:7:8: 这个链接已被移出目录（充值教程，与主题无关）：删去这一条，"
                         "或先从 data/excluded.yaml 里删去它"]
    assert lines[2:] == ["发现 2 个问题"]


def test_forms_of_one_repository_are_duplicates(write_catalog, capsys) -> None:
    write_catalog("""\
        - url: https://github.com/xlite-dev/ffpa-attn
          title: ffpa-attn
          category: attention
          added: 2024-01-01

        - url: https://github.com/xlite-dev/ffpa-attn?tab=readme-ov-file
          title: ffpa-attn 又一次
          category: attention
          added: 2024-01-01
        """)
    code, lines = validate(capsys)
    assert code == 1
    found = problem_lines(lines)
    assert any(ln.startswith("data/links.yaml:6:") and "与第 1 行是同一篇文章" in ln for ln in found), lines
