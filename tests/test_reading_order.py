"""The order of entries on the real site (issue 25): picks lead their sections, no section is in URL order;
series parts by the author's numbers."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import sitebuild
from haowen.catalog.load import load
from haowen.catalog.model import Link
from haowen.site.placement import ORDER_NOTE
from haowen.site.reading import holdings, part_label

ENTRY = re.compile(r'<h3 id="l-[0-9a-f]+" class="hw-link__title">(<span class="hw-pick"[^>]*>★</span>)?'
                   r'<a href="([^"]+)"')


def _sections(html: str) -> list[list[tuple[bool, str]]]:
    """(is a pick, url) of each entry, per section (the text between two h2 headings) of a page."""
    body = html[html.index("<article"):html.index("</article>")]
    return [[(bool(star), url) for star, url in ENTRY.findall(part)] for part in re.split(r"<h2[ >]", body)]


def _category_pages() -> list[str]:
    return sorted(str(p) for p in (sitebuild.site() / "categories").rglob("index.html"))


def test_no_section_of_the_real_site_is_in_url_order() -> None:
    checked = 0
    for path in _category_pages():
        for section in _sections(open(path, encoding="utf-8").read()):
            urls = [url for _, url in section]
            if len(urls) >= 5:
                checked += 1
                assert urls != sorted(urls), f"{path}: a section in URL order: {urls[:5]}"
    assert checked >= 20


def test_picks_lead_their_sections_except_for_the_rest_of_a_picked_series() -> None:
    catalog, problems = load(sitebuild.ROOT / "data/links.yaml")
    assert not problems
    series_of = {link.url: link.series for link in catalog.links}
    picked_series = {link.series for link in catalog.links if link.pick and link.series}
    leading = 0
    for path in _category_pages():
        for section in _sections(open(path, encoding="utf-8").read()):
            flags = [pick for pick, _ in section]
            if True not in flags:
                continue
            last_pick = len(flags) - 1 - flags[::-1].index(True)
            before = section[:last_pick + 1]
            # only picks, or the other parts of a series one of them belongs to, stand before the last pick
            assert all(pick or series_of[url] in picked_series for pick, url in before), path
            leading += 1
    assert leading >= 10


def test_the_order_is_stated_on_category_and_tag_pages() -> None:
    site = sitebuild.site()
    for page in ("categories/training/index.html", "tags/moe/index.html"):
        assert ORDER_NOTE in (site / page).read_text(encoding="utf-8"), page


@pytest.mark.parametrize("page", ["categories/training/index.html", "tags/moe/index.html", "index.html"])
def test_every_pick_carries_a_star(page: str) -> None:
    html = (sitebuild.site() / page).read_text(encoding="utf-8")
    catalog, _ = load(sitebuild.ROOT / "data/links.yaml")
    picks = {link.url for link in catalog.links if link.pick}
    starred = set(re.findall(r'<span class="hw-pick"[^>]*>★</span><a (?:class="[^"]*" )?href="([^"]+)"', html))
    shown = set(re.findall(r'<a (?:class="[^"]*" )?href="(https?://[^"]+)" target="_blank"', html))
    assert starred and starred == shown & picks


def _parts(*numbers: int) -> list[Link]:
    return [Link(url=f"https://zhuanlan.zhihu.com/p/{n}", title=f"第 {n} 课", category="basics", series="s", part=n,
                 added=dt.date(2024, 1, 1)) for n in numbers]


@pytest.mark.parametrize(("numbers", "held", "label"), [
    ((1, 2, 3), "共 3 篇", "第 2/3 篇"),
    ((2, 3, 5), "收录第 2、3、5 篇", "第 3 篇"),
    ((1, 2, 4, 6, 7, 8, 9, 13), "收录第 1、2、4、6–9、13 篇", "第 2 篇"),
])
def test_series_parts_follow_the_author_numbering_and_say_what_is_held(numbers: tuple[int, ...], held: str,
                                                                        label: str) -> None:
    members = _parts(*numbers)
    assert holdings(members) == held
    assert part_label(members[1], members) == label
