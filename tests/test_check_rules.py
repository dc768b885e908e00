"""Every row of data/check.yaml does what it says; bad configuration is reported with positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from haowen.cli import main
from haowen.linkcheck.config import ConfigError, load_config
from haowen.linkcheck.verdict import Page, classify

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_config(ROOT / "data" / "check.yaml")
ROWS = {row.name: row for row in CONFIG.hosts}


def _host(pattern: str) -> str:
    return pattern.replace("*.", "www.")


def _page(host: str, body: str, code: int = 200, final: str | None = None) -> Page:
    url = f"https://{host}/p/1"
    return Page(url, final or url, code, body, redirects=1 if final else 0)


def test_rows_cover_the_slow_hosts() -> None:
    for host in ("mp.weixin.qq.com", "zhuanlan.zhihu.com", "www.zhihu.com", "zhihu.com", "arxiv.org"):
        rule = CONFIG.rule_for(host)
        assert rule is not None, host
        assert rule.interval > CONFIG.limits.interval and rule.concurrency == 1
    assert CONFIG.rule_for("github.com") is None


@pytest.mark.parametrize("name", list(ROWS))
def test_row_matches_its_hosts(name: str) -> None:
    for pattern in ROWS[name].match:
        assert CONFIG.rule_for(_host(pattern)) is ROWS[name]


@pytest.mark.parametrize("name,text", [(n, t) for n, r in ROWS.items() for t in r.dead_texts])
def test_dead_text_in_a_short_page_is_dead(name: str, text: str) -> None:
    host = _host(ROWS[name].match[0])
    page = _page(host, f"<html><head><title>提示</title></head><body><p>{text}</p></body></html>")
    assert classify(page, CONFIG.rule_for(host), CONFIG.limits).status == "dead"


@pytest.mark.parametrize("name,text", [(n, t) for n, r in ROWS.items() for t in r.dead_texts])
def test_dead_text_quoted_in_a_long_article_is_alive(name: str, text: str) -> None:
    host = _host(ROWS[name].match[0])
    body = f"<p>{'很长的正文。' * 1000}</p><blockquote>{text}</blockquote>"
    assert classify(_page(host, body), CONFIG.rule_for(host), CONFIG.limits).status == "alive"


@pytest.mark.parametrize("name,text", [(n, t) for n, r in ROWS.items() for t in r.dead_texts])
def test_dead_text_only_in_the_title_is_alive(name: str, text: str) -> None:
    host = _host(ROWS[name].match[0])
    body = f"<html><head><title>{text}</title></head><body><p>正文</p></body></html>"
    assert classify(_page(host, body), CONFIG.rule_for(host), CONFIG.limits).status == "alive"


@pytest.mark.parametrize("name,text", [(n, t) for n, r in ROWS.items() for t in r.blocked_texts])
def test_blocked_text_is_blocked(name: str, text: str) -> None:
    host = _host(ROWS[name].match[0])
    page = _page(host, f"<html><body><p>{text}</p></body></html>")
    assert classify(page, CONFIG.rule_for(host), CONFIG.limits).status == "blocked"


@pytest.mark.parametrize("text", CONFIG.limits.blocked_texts)
def test_a_verification_page_of_any_host_is_blocked(text: str) -> None:
    for host in ("github.com", "zhuanlan.zhihu.com"):  # without and with a row of its own
        page = _page(host, f"<html><head><title>{text}</title></head><body><p>请稍候</p></body></html>")
        assert classify(page, CONFIG.rule_for(host), CONFIG.limits).status == "blocked", host


@pytest.mark.parametrize("code", CONFIG.limits.blocked_codes)
def test_blocked_codes_are_blocked_even_with_a_dead_text(code: int) -> None:
    page = _page("zhuanlan.zhihu.com", "<p>你似乎来到了没有知识存在的荒原</p>", code)
    assert classify(page, CONFIG.rule_for("zhuanlan.zhihu.com"), CONFIG.limits).status == "blocked"


def test_wechat_captcha_url_is_blocked() -> None:
    page = _page("mp.weixin.qq.com", "<p>请验证</p>", final="https://mp.weixin.qq.com/mp/wappoc_appmsgcaptcha?x=1")
    assert classify(page, CONFIG.rule_for("mp.weixin.qq.com"), CONFIG.limits).status == "blocked"


def test_login_redirect_is_dead_but_home_page_itself_is_alive() -> None:
    moved = _page("example.com", "<form></form>", final="https://example.com/user/login?next=/p/1")
    assert classify(moved, None, CONFIG.limits).status == "dead"
    home = Page("https://example.com/", "https://example.com/", 200, "<p>首页</p>", redirects=0)
    assert classify(home, None, CONFIG.limits).status == "alive"


def test_arxiv_row_only_paces() -> None:
    page = _page("arxiv.org", "<p>该内容已被发布者删除</p>")
    assert classify(page, CONFIG.rule_for("arxiv.org"), CONFIG.limits).status == "alive"


def test_host_alias_by_port_applies_a_row() -> None:
    config = CONFIG.model_copy(update={"host_aliases": {"127.0.0.1:8001": "mp.weixin.qq.com"}})
    assert config.rule_for("127.0.0.1", 8001).name == "微信公众号"
    assert config.rule_for("127.0.0.1", 8002) is None


def test_bad_config_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "check.yaml"
    path.write_text("limits:\n  user_agent: x\n  intervall: 2\nhosts: []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    [problem] = exc.value.problems
    assert (problem.line, problem.col) == (3, 3)
    assert "intervall" in problem.message and "interval" in problem.message


def test_cli_reports_bad_config_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "check.yaml"
    path.write_text("limits:\n  user_agent: x\n  retries: many\n", encoding="utf-8")
    urls = tmp_path / "urls.txt"
    urls.write_text("https://example.com/\n", encoding="utf-8")
    assert main(["check", "--urls", str(urls), "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3:12:" in err and "Traceback" not in err


def test_cli_reports_bad_urls_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("# 候选\nhttps://example.com/a\n  javascript:alert(1)\n", encoding="utf-8")
    assert main(["check", "--urls", str(urls), "--config", str(ROOT / "data" / "check.yaml")]) == 2
    assert f"{urls}:3:3: 只接受 http 或 https 链接" in capsys.readouterr().err
