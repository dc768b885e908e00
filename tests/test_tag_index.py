"""The tag index (issue 25): tags grouped as topics, models, frameworks and tools, people; counts as （n）."""

from __future__ import annotations

import re

import sitebuild


def _groups() -> dict[str, list[tuple[str, int]]]:
    html = (sitebuild.site() / "tags" / "index.html").read_text(encoding="utf-8")
    body = html[html.index("<article"):html.index("</article>")]
    out = {}
    for part in body.split("<h2")[1:]:
        heading = re.sub(r"<a class=\"headerlink\".*?</a>|<[^>]+>", "", part[part.index(">") + 1:part.index("</h2>")]).strip()
        out[heading] = [(label, int(n)) for label, n in re.findall(r'<li><a href="[^"]+">([^<]+)</a>（(\d+)）</li>', part)]
    return out


def test_tags_are_grouped_in_the_declared_order_most_used_first() -> None:
    groups = _groups()
    assert [re.sub(r"（\d+ 个）$", "", h) for h in groups] == ["主题", "模型", "框架与工具", "人物"]
    by_group = {re.sub(r"（\d+ 个）$", "", h): [label for label, _ in tags] for h, tags in groups.items()}
    assert "vLLM" in by_group["框架与工具"] and "DeepSeek" in by_group["模型"] and by_group["人物"] == ["符尧"]
    assert "KV Cache" in by_group["主题"]
    for tags in groups.values():
        counts = [n for _, n in tags]
        assert counts == sorted(counts, reverse=True)


def test_every_used_tag_is_listed_once_with_a_full_width_count() -> None:
    html = (sitebuild.site() / "tags" / "index.html").read_text(encoding="utf-8")
    listed = [label for tags in _groups().values() for label, _ in tags]
    assert len(listed) == len(set(listed)) >= 90
    assert "(121)" not in html and "（121）" in html
