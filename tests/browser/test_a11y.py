"""Accessibility in a real browser: axe-core (WCAG 2.1 A and AA) on every kind of generated page in the
light and dark schemes, and the site search, the finder and tag links driven by the keyboard alone."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from test_site_browser import wait_for_results

import sitebuild

AXE = Axe()  # carries its own axe-core; injected into each page, nothing is fetched
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
BLOCKING = ("serious", "critical")
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme → Material's data-md-color-scheme
SEARCH_INPUT = "input.md-search__input"


def site_pages(site: Path) -> list[str]:
    """Every page in the built site's sitemap, as a path relative to the site's root ("" is the home page)."""
    base = urlsplit(yaml.safe_load((sitebuild.ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).path
    locs = ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    return sorted(unquote(urlsplit(loc.text or "").path.removeprefix(base)) for loc in locs)


def _blocks(page_html: str) -> set[str]:
    """The kinds of generated blocks on a page: its hw-* classes, modifiers (`--x`) left off."""
    return {c.split("--")[0] for attr in re.findall(r'class="([^"]*)"', page_html)
            for c in attr.split() if c.startswith("hw-")}


def page_kinds(site: Path) -> dict[str, str]:
    """One page of each kind: a page of its own ("recent/", "stats/", "tags/") or a family sharing its
    first path segment ("categories/…", "tags/…", "series/…"), whose page with the most kinds of
    generated blocks stands for it (a category with start-here and series blocks), the smallest of those to keep axe quick."""
    families: dict[str, list[str]] = defaultdict(list)
    for path in site_pages(site):
        parts = path.strip("/").split("/")
        families[parts[0] if len(parts) > 1 else path].append(path)

    def weight(path: str) -> tuple[int, int]:
        text = (site / path / "index.html").read_text(encoding="utf-8")
        return -len(_blocks(text)), len(text)

    return {kind: min(paths, key=weight) for kind, paths in sorted(families.items())}


def _blocking(results: dict) -> list[str]:
    """Serious and critical violations as `rule (impact) ×nodes: targets`, at most five targets each."""
    out = []
    for rule in results["violations"]:
        if rule["impact"] in BLOCKING:
            targets = [" ".join(map(str, node["target"])) for node in rule["nodes"]]
            more = f" …(+{len(targets) - 5})" if len(targets) > 5 else ""
            out.append(f"{rule['id']} ({rule['impact']}) ×{len(targets)}: {'; '.join(targets[:5])}{more}")
    return out


# No CSS transition or finite animation still running: colours measured mid-fade (Material fades in the search
# overlay and its results) are neither the start nor the end colour, and made the contrast check fail now and then.
SETTLED = """() => document.getAnimations().every(a => a.playState !== "running"
    || a.effect?.getComputedTiming().endTime === Infinity)"""


def audit(page, scheme: str, label: str) -> list[str]:
    """axe on the page once its transitions have ended; its blocking violations, each prefixed with `label`."""
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme], f"{label}: 配色不是 {scheme}"
    page.wait_for_function(SETTLED, timeout=10_000)
    return [f"{label}: {v}" for v in _blocking(AXE.run(page, options=AXE_OPTIONS).response)]


@pytest.fixture(params=list(SCHEMES))
def scheme_page(request, browser):
    """A fresh page whose browser prefers the light or the dark scheme; yields (page, scheme)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                  color_scheme=request.param)
    yield context.new_page(), request.param
    context.close()


def test_page_kinds_cover_the_site() -> None:
    kinds = page_kinds(sitebuild.site())
    for kind in ("", "categories", "tags", "tags/", "recent/", "finder/", "stats/"):
        assert kind in kinds, kinds
    assert "hw-link__meta" in _blocks((sitebuild.site() / kinds["categories"] / "index.html").read_text("utf-8"))


def test_every_page_kind_passes_axe(scheme_page, site_url: str) -> None:
    page, scheme = scheme_page
    problems = []
    for path in page_kinds(sitebuild.site()).values():
        page.goto(site_url + path)
        problems += audit(page, scheme, f"{scheme} /{path}")
    assert not problems, "axe 发现严重的无障碍问题：\n" + "\n".join(problems)


def test_filtered_finder_passes_axe(scheme_page, site_url: str) -> None:
    page, scheme = scheme_page
    page.goto(site_url + "finder/")
    page.wait_for_selector("#hw-finder[data-ready]")
    page.select_option('[data-filter="tag"]', index=1)  # the tag with the most links
    page.wait_for_function("document.querySelector('[data-count]').textContent.startsWith('找到')")
    assert not (problems := audit(page, scheme, f"{scheme} {page.url}")), "\n".join(problems)


def search_ready(page) -> None:
    """Wait until the header search is set up (search.js)."""
    page.wait_for_selector("[data-hw-search][data-ready]", state="attached")


def type_query(page, query: str) -> None:
    """Type `query` into the focused search box and wait for its results."""
    page.keyboard.type(query)
    wait_for_results(page, query)
    page.wait_for_selector(".md-search-result__item")


@pytest.mark.parametrize("width", [1280, 390])
def test_open_search_results_pass_axe(scheme_page, site_url: str, width: int) -> None:
    page, scheme = scheme_page
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    page.goto(site_url)
    search_ready(page)
    page.keyboard.press("/")
    type_query(page, "CUDA")
    assert not (problems := audit(page, scheme, f"{scheme} {width}px 搜索“CUDA”")), "\n".join(problems)
    page.locator(SEARCH_INPUT).fill("量化 不存在的词")  # the partial matches and their label
    wait_for_results(page, "量化 不存在的词")
    assert not (problems := audit(page, scheme, f"{scheme} {width}px 部分匹配")), "\n".join(problems)


def focus_ring(page) -> str:
    """The focused element's outline or box-shadow (or its search form's, for the search box); "" if none."""
    return page.evaluate("""() => {
        const shown = el => {
            const s = getComputedStyle(el);
            if (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) return "outline " + s.outlineColor;
            return s.boxShadow !== "none" ? "box-shadow " + s.boxShadow : "";
        };
        const el = document.activeElement;
        return shown(el) || (el.matches(".md-search__input") ? shown(el.closest(".md-search__form")) : "");
    }""")


def tab_to(page, selector: str, limit: int = 60) -> list[str]:
    """Press Tab until the focused element matches `selector`; the focus stops passed on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return stops
        stops.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
    raise AssertionError(f"按 {limit} 次 Tab 也到不了 {selector}，经过：{stops}")


def test_search_by_keyboard_alone(page, site_url: str) -> None:
    page.goto(site_url)
    tab_to(page, SEARCH_INPUT)
    assert focus_ring(page), "搜索框得到焦点时看不出来"
    search_ready(page)
    type_query(page, "vLLM")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.matches('.md-search-result__link')")
    assert focus_ring(page), "搜索结果得到焦点时看不出来"
    page.keyboard.press("Escape")  # closes the search and leaves the page where it was
    assert not page.locator(".md-search-result__item").first.is_visible()
    assert page.evaluate("!document.querySelector('[data-md-toggle=search]').checked")

    page.keyboard.press("/")  # the shortcut back into the search box, query selected
    assert page.evaluate(f"document.activeElement.matches('{SEARCH_INPUT}')")
    page.wait_for_function("document.querySelector('[data-md-toggle=search]').checked")  # the overlay opens
    page.wait_for_function(SETTLED)
    type_query(page, "vLLM框架")
    page.keyboard.press("ArrowDown")  # the first result: the article itself
    first = page.evaluate("document.activeElement.closest('.hw-result').querySelector('.hw-result__title')"
                          ".textContent")
    assert page.evaluate("document.activeElement.matches('.md-search-result__link')")
    assert page.evaluate("document.activeElement.href").startswith("https://")
    page.keyboard.press("Tab")  # then the smaller link to its row in the catalogue
    assert page.evaluate("document.activeElement.matches('.hw-result__row')")
    assert focus_ring(page), "目录链接得到焦点时看不出来"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#l-[0-9a-f]+$"))
    fragment = page.url.rsplit("#", 1)[1]
    assert page.locator(f"#{fragment}").inner_text().replace("\u200b", "") in first


def test_s_opens_the_search_too(page, site_url: str) -> None:
    page.goto(site_url + "categories/training/")
    page.keyboard.press("s")
    assert page.evaluate(f"document.activeElement.matches('{SEARCH_INPUT}')")
    page.wait_for_function("document.querySelector('[data-md-toggle=search]').checked")
    assert page.locator(SEARCH_INPUT).input_value() == ""  # the key opened the box; it was not typed into it


def test_finder_by_keyboard_alone(page, site_url: str) -> None:
    page.goto(site_url + "finder/")
    page.wait_for_selector("#hw-finder[data-ready]")
    tab_to(page, '[data-filter="q"]')
    assert focus_ring(page), "关键词框得到焦点时看不出来"
    page.keyboard.type("cuda")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('[data-count]').textContent.startsWith('找到')")
    page.keyboard.press("Escape")  # clears the keyword box, and with it the filter
    page.wait_for_function("document.querySelector('[data-count]').textContent.startsWith('共')")
    assert "q" not in parse_qs(urlsplit(page.url).query)
    filters = page.evaluate("[...document.querySelectorAll('#hw-finder [data-filter]')].map(e => e.dataset.filter)")
    order = [page.evaluate("document.activeElement.dataset.filter")]
    for _ in filters[1:]:
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.dataset.filter"))
        assert focus_ring(page), f"{order[-1]} 得到焦点时看不出来"
    assert order == filters  # Tab visits the filters in the order they are shown
    for _ in range(len(filters) - 1 - filters.index("tag")):
        page.keyboard.press("Shift+Tab")  # back to the tag filter
    page.keyboard.press("ArrowDown")  # a closed select takes the next option
    page.wait_for_function("document.querySelector('[data-count]').textContent.startsWith('找到')")
    tag = page.evaluate("document.activeElement.value")
    assert tag and parse_qs(urlsplit(page.url).query)["tag"] == [tag]
    for _ in range(len(filters) - filters.index("tag")):
        page.keyboard.press("Tab")  # past the last filter to 清除筛选
    assert page.evaluate("document.activeElement.type") == "reset"
    assert focus_ring(page), "清除筛选按钮得到焦点时看不出来"
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('[data-count]').textContent.startsWith('共')")
    assert "tag" not in parse_qs(urlsplit(page.url).query)


def test_tag_links_show_keyboard_focus(page, site_url: str) -> None:
    path = page_kinds(sitebuild.site())["categories"]
    page.goto(site_url + path)
    page.locator(".hw-link:has(.hw-tag) .hw-link__title a").first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.hw-tag')")
    assert focus_ring(page), "标签链接得到焦点时看不出来"


def test_charts_have_text_alternatives(page, site_url: str) -> None:
    page.goto(site_url + "stats/")
    charts = page.locator("svg.hw-chart")
    assert charts.count() >= 4
    names = [page.evaluate("el => el.getAttribute('aria-label')", charts.nth(i).element_handle())
             for i in range(charts.count())]
    for name in names:
        assert page.get_by_role("img", name=name, exact=True).count() == 1, name
    assert "各分类文章数" in names


def test_a_targeted_row_passes_axe(scheme_page, site_url: str) -> None:
    """Issue 25: the highlighted row a 下一篇 link lands on keeps its contrast in both schemes."""
    page, scheme = scheme_page
    page.goto(site_url + "series/cuda-mode-notes/")
    page.locator(".hw-link__series").first.get_by_role("link", name="下一篇").click()
    page.wait_for_function("location.hash.length > 1")
    target = page.locator(".hw-link:has(> .hw-link__title:target)")
    assert target.count() == 1
    problems = audit(page, scheme, f"{scheme} 目标行")
    assert not problems, "axe 发现严重的无障碍问题：\n" + "\n".join(problems)
