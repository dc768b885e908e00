"""`haowen check` over a catalogue across runs: TTL reuse, confirmation a day later, archived copies, reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from haowen.catalog.load import load_or_exit
from haowen.catalog.status import dead_marks
from haowen.cli import main
from haowen.linkcheck.config import Archive
from test_check_support import ArchiveHandler, LocalServer, quick_config, trusted_tls, write_config

PATHS = ("/ok", "/gone404", "/forbidden", "/gone/archived-1", "/toggle")


@pytest.fixture
def world(tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict]:
    """An HTTPS site (the catalogue needs https links), a fake archive, a catalogue and a config."""
    tls = trusted_tls(tmp_path, monkeypatch)
    site, archive = LocalServer(tls=tls), LocalServer(ArchiveHandler)
    urls = {p: site.url(p, "https") for p in PATHS}
    data_copy.write_text("".join(f"- url: {u}\n  title: 文章 {p}\n  category: basics\n  added: 2025-12-01\n\n"
                                 for p, u in urls.items()), encoding="utf-8")
    config = quick_config().model_copy(update={"archive": Archive(url=archive.url("/wayback/available"),
                                                                  interval=0.01)})
    cfg = write_config(config, tmp_path / "check.yaml")
    yield {"site": site, "archive": archive, "urls": urls, "catalog": data_copy, "config": cfg,
           "status": data_copy.parent / "link-status.json", "tmp": tmp_path}
    site.close()
    archive.close()


def _run(world: dict, now: str, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    monkeypatch.setenv("HAOWEN_NOW", now)
    return main(["check", "--catalog", str(world["catalog"]), "--config", str(world["config"]), *extra])


def _states(world: dict) -> dict:
    return json.loads(world["status"].read_text(encoding="utf-8"))["links"]


def test_dead_is_confirmed_only_a_day_later_and_gets_an_archived_copy(world: dict, monkeypatch, capsys) -> None:
    urls, before = world["urls"], world["catalog"].read_text(encoding="utf-8")
    assert _run(world, "2026-01-01T08:00:00", monkeypatch) == 0
    day1 = _states(world)
    assert {u: day1[u]["status"] for u in urls.values()} == {
        urls["/ok"]: "alive", urls["/gone404"]: "dead", urls["/forbidden"]: "blocked",
        urls["/gone/archived-1"]: "dead", urls["/toggle"]: "alive"}
    assert not any(s["confirmed_dead"] for s in day1.values())
    assert sum(world["archive"].counts.values()) == 0
    assert day1[urls["/gone404"]]["first_failed"].startswith("2026-01-01T08:00")
    assert dead_marks(load_or_exit(world["catalog"])) == {}

    assert _run(world, "2026-01-02T09:00:00", monkeypatch) == 0
    day2 = _states(world)
    assert day2[urls["/gone404"]]["confirmed_dead"] and day2[urls["/gone404"]]["consecutive_failures"] == 2
    assert day2[urls["/gone/archived-1"]]["archive_url"].startswith("https://web.archive.org/web/")
    assert not day2[urls["/toggle"]]["confirmed_dead"]  # dead for the first time today
    assert not day2[urls["/forbidden"]]["confirmed_dead"]  # blocked is never dead
    assert world["archive"].counts["/wayback/available"] == 2

    assert _run(world, "2026-01-03T09:00:00", monkeypatch) == 0
    marks = dead_marks(load_or_exit(world["catalog"]))
    assert set(marks) == {urls["/gone404"], urls["/gone/archived-1"], urls["/toggle"]}
    assert str(marks[urls["/toggle"]].last_alive) == "2026-01-01"
    assert marks[urls["/gone404"]].archive_url is None
    assert world["catalog"].read_text(encoding="utf-8") == before  # check never edits links.yaml


def test_fresh_results_are_reused_within_the_ttl(world: dict, monkeypatch, capsys) -> None:
    _run(world, "2026-01-01T08:00:00", monkeypatch)
    hits = sum(world["site"].counts.values())
    capsys.readouterr()
    _run(world, "2026-01-01T10:00:00", monkeypatch, "--format", "json")
    assert sum(world["site"].counts.values()) == hits
    report = json.loads(capsys.readouterr().out)
    assert all(link["cached"] for link in report["links"])
    assert report["summary"] == {"alive": 2, "dead": 2, "blocked": 1, "unknown": 0}


def test_fail_on_dead_and_markdown_report(world: dict, monkeypatch) -> None:
    report, full = world["tmp"] / "report.md", world["tmp"] / "full.md"
    assert _run(world, "2026-01-01T08:00:00", monkeypatch, "--fail-on", "dead", "--format", "markdown",
                "--report", str(report), "--full-report", str(full)) == 1
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# 失效链接报告")
    assert "| 失效 | 2 |" in text and "| 被拦截 | 1 |" in text
    assert "首次发现，隔天再确认" in text
    assert full.read_text(encoding="utf-8") == text  # a small run fits whole in the capped report


def test_plain_progress_lines_when_not_a_terminal(world: dict, monkeypatch, capsys) -> None:
    _run(world, "2026-01-01T08:00:00", monkeypatch)
    err = capsys.readouterr().err
    assert "[5/5]" in err and f"失效 404 {world['urls']['/gone404']}" in err


def test_broken_status_file_is_reported_with_position(world: dict, monkeypatch, capsys) -> None:
    world["status"].write_text('{"version": 1, "links": {"https://a.example/": {"status": "gone"}}}\n',
                               encoding="utf-8")
    assert _run(world, "2026-01-01T08:00:00", monkeypatch) == 2
    err = capsys.readouterr().err
    assert "link-status.json:1:" in err and "Traceback" not in err


def test_excluded_links_are_not_fetched(world: dict, monkeypatch, capsys) -> None:
    text = world["config"].read_text(encoding="utf-8").replace("excludes: []", "excludes: ['*/gone*']")
    world["config"].write_text(text, encoding="utf-8")
    _run(world, "2026-01-01T08:00:00", monkeypatch)
    assert not any(p.startswith("/gone") for p in world["site"].counts)
    assert "按排除规则跳过 2 条链接" in capsys.readouterr().err
