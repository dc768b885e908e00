"""The reading paths on a real `mkdocs build --strict` of a small catalogue (tests/reading_fixture.py)."""

from __future__ import annotations

import functools
import json
import re
import tempfile
from pathlib import Path

import reading_fixture
import sitebuild
from haowen.site.context import url_anchor

FIXTURE_URL = "https://zhuanlan.zhihu.com/p/{}"


def anchor(n: int) -> str:
    return url_anchor(FIXTURE_URL.format(n))


@functools.cache
def site() -> Path:
    scratch = Path(tempfile.mkdtemp(prefix="haowen-reading-"))
    catalog = reading_fixture.write(scratch / "data")
    result = sitebuild.build(scratch / "site", catalog)
    assert result.returncode == 0, result.stderr
    return scratch / "site"


def page(path: str) -> str:
    html = (site() / path).read_text(encoding="utf-8")
    return re.sub(r'<a class="headerlink".*?</a>', "", html[html.index("<article"):html.index("</article>")])


def entry_order(html: str) -> list[int]:
    """The fixture numbers of the entries on a page, in page order."""
    return [int(n) for n in re.findall(r'class="hw-link__title">(?:<span class="hw-pick"[^>]*>★</span>)?'
                                       r'<a href="https://zhuanlan.zhihu.com/p/(\d+)"', html)]


def entry_html(html: str, n: int) -> str:
    start = html.index(f'<h3 id="{anchor(n)}"')
    return html[start:html.index("</div>", start)]


def test_series_entries_stand_together_in_part_order_where_the_first_of_them_is() -> None:
    html = page("categories/cuda/index.html")
    # picks 1 (part 3) and 2 lead, the larger zhihu id first: 2, then the series [3, 5, 1] where its
    # pick 1 stands; then 4 (dated); 6 is in the Triton section
    assert entry_order(html) == [2, 3, 5, 1, 4, 6]
    assert "★ 推荐先读的在前" in html


def test_each_series_entry_names_its_series_and_place_with_previous_and_next() -> None:
    html = page("categories/cuda/index.html")
    second = entry_html(html, 5)
    assert "系列：" in second and "CUDA 笔记</a>（第 2/4 篇）" in second
    assert 'href="../../series/cuda-notes/"' in second
    assert f'<a href="./#{anchor(3)}" rel="prev" title="第 3 篇">上一篇</a>' in second
    assert f'<a href="./#{anchor(1)}" rel="next" title="第 1 篇">下一篇</a>' in second
    first, last = entry_html(html, 3), entry_html(html, 6)
    assert "上一篇" not in first and "下一篇" in first
    assert "（第 4/4 篇）" in last and "下一篇" not in last
    assert "系列" not in entry_html(html, 2)


def test_start_here_block_lists_the_picks_of_the_category_and_its_subcategories() -> None:
    html = page("categories/cuda/index.html")
    block = html[html.index('<section class="hw-start"'):html.index("</section>")]
    assert '<h2>从这里开始</h2>' in block
    items = re.findall(r'<li>.*?</li>', block)
    # one click to the article (new tab); its place on this page one small link away
    assert [re.search(r'<a href="https://zhuanlan.zhihu.com/p/(\d+)" target="_blank"', i)[1] for i in items] == \
        ["6", "2", "1"]  # picks in reading order: larger zhihu id first
    assert [re.search(r'class="hw-place" href="\./#(l-[0-9a-f]+)"', i)[1] for i in items] == \
        [anchor(6), anchor(2), anchor(1)]
    assert '第 2 篇</a> <span class="hw-kind" data-search-exclude>代码库</span>' in block
    assert all(i.startswith('<li><span class="hw-pick"') for i in items)
    assert html.index("hw-start") < html.index('class="hw-links"')
    assert "hw-start" not in page("categories/basics/index.html")  # no picks, no block


def test_kind_badges_published_dates_and_mirrors_on_entries() -> None:
    html = page("categories/cuda/index.html")
    assert '第 4 篇</a> <span class="hw-kind" data-search-exclude>论文</span></h3>' in html
    assert '第 5 篇</a> <span class="hw-kind" data-search-exclude>视频</span></h3>' in html
    assert '第 1 篇</a></h3>' in html  # an article has no badge
    assert '<time datetime="2022-02-03" data-search-exclude>发表于 2022-02-03</time>' in entry_html(html, 4)
    assert "发表于 2023-05" in entry_html(html, 3) and "发表于" not in entry_html(html, 1)
    assert ('另见：<a href="https://mp.weixin.qq.com/s/mirror3" target="_blank" rel="noopener noreferrer">微信</a>'
            in entry_html(html, 3))


def test_no_entry_repeats_its_import_date() -> None:
    for path in ("categories/cuda/index.html", "categories/moe/index.html", "index.html", "recent/index.html",
                 "tags/triton/index.html", "series/cuda-notes/index.html"):
        assert "收录于" not in page(path), path


def test_series_page_lists_the_series_in_order_with_its_description() -> None:
    html = page("series/cuda-notes/index.html")
    assert "<h1" in html and "系列：CUDA 笔记</h1>" in html
    assert "测试作者 · 共 4 篇" in html and "一组 &lt;CUDA&gt; 笔记" in html
    assert entry_order(html) == reading_fixture.SERIES_ORDER
    # 上一篇 / 下一篇 stay on the series page; the entry's place in the catalogue is one link away
    assert f'<a href="#{anchor(5)}" rel="next"' in entry_html(html, 3)
    assert f'<a href="#{anchor(3)}" rel="prev"' in entry_html(html, 5)
    assert f'class="hw-place" href="../../categories/cuda/#{anchor(5)}"' in entry_html(html, 5)


def test_reading_paths_page_groups_picks_and_series_by_topic() -> None:
    html = page("paths/index.html")
    assert "学习路线</h1>" in html
    assert html.index('id="moe"') < html.index('id="cuda"')  # topics in taxonomy order
    cuda = html[html.index('<h2 id="cuda"'):]
    assert cuda.index("先读这几篇") < cuda.index('id="s-cuda-notes"')  # the topic's picks, then its series
    series = cuda[cuda.index('id="s-cuda-notes"'):]
    assert "测试作者 · 共 4 篇，按篇序阅读。" in series
    listed = series[:series.index("</ol>")]
    order = re.findall(r'<li value="(\d+)">.*?<a href="https://zhuanlan.zhihu.com/p/(\d+)" target="_blank"', listed)
    assert order == [(str(k), str(n)) for k, n in enumerate(reading_fixture.SERIES_ORDER, 1)]
    places = re.findall(r'class="hw-place" href="\.\./categories/cuda/#(l-[0-9a-f]+)"', listed)
    assert places == [anchor(n) for n in reading_fixture.SERIES_ORDER]
    assert "还没有文章的系列" not in html  # a series without entries is not shown
    moe = html[html.index('<h2 id="moe"'):html.index('<h2 id="cuda"')]
    assert ('<a href="https://zhuanlan.zhihu.com/p/7" target="_blank" rel="noopener noreferrer">第 7 篇</a> '
            '<span class="hw-kind" data-search-exclude>课程</span>') in moe
    assert f'class="hw-place" href="../categories/moe/#{anchor(7)}"' in moe
    nav = (site() / "index.html").read_text(encoding="utf-8")
    assert 'href="paths/"' in nav


def test_home_page_shows_a_few_picks_per_topic_as_cards_and_nothing_twice() -> None:
    html = page("index.html")
    cards = html[html.index('class="hw-topics"'):html.index('id="categories"')]
    assert re.findall(r'class="hw-card__title" href="https://zhuanlan.zhihu.com/p/(\d+)"', cards) == ["7", "6", "2", "1"]
    assert f'class="hw-place" href="categories/cuda/#{anchor(6)}"' in cards
    assert '<span class="hw-card__meta">知乎 · 代码库</span>' in cards
    urls = re.findall(r'href="(https://zhuanlan.zhihu.com/p/\d+)"', html)
    assert len(urls) == len(set(urls)) == 8  # every entry once: picks as cards, the others as recently added


def test_tag_pages_keep_series_entries_together_with_their_series_line() -> None:
    html = page("tags/triton/index.html")
    assert entry_order(html) == [5, 6, 2]  # the series holds pick 6, whose zhihu id is larger than pick 2's
    assert f'<a href="../../categories/cuda/#{anchor(1)}" rel="next"' in entry_html(html, 5)


def test_site_links_json_carries_kind_and_the_reading_fields() -> None:
    data = json.loads((site() / "links.json").read_text(encoding="utf-8"))
    by_url = {item["url"]: item for item in data["links"]}
    assert by_url[FIXTURE_URL.format(2)]["kind"] == "repo" and by_url[FIXTURE_URL.format(1)]["pick"] is True
    assert by_url[FIXTURE_URL.format(6)]["series"] == "cuda-notes" and by_url[FIXTURE_URL.format(6)]["part"] == 4


def test_the_real_site_has_a_reading_paths_page_and_no_import_dates() -> None:
    real = sitebuild.site()
    assert "学习路线" in (real / "paths" / "index.html").read_text(encoding="utf-8")
    assert "收录于" not in (real / "categories" / "moe" / "index.html").read_text(encoding="utf-8")
