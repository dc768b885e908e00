"""Benchmarks: validate, page generation, mkdocs build (ours vs baseline), site size, browser timings.

    python benchmarks/run.py                     # 1k, 10k, 100k; browser at 1k and 10k, page bytes at all
    python benchmarks/run.py --sizes 1k 10k --no-browser
    python benchmarks/run.py --out benchmarks/results

For each size a synthetic catalogue is generated (benchmarks/generate.py), then:

* validate: `haowen.validation.checks.validate()` in-process, one process (best of N), and `haowen validate` as a CLI
  (wall time; two processes for a links.yaml of 1M characters or more, see haowen/validation/parallel.py);
* generation: load + `Site.of` + `generated_files` — exactly what the plugin's on_files does — timed, with
  tracemalloc's peak;
* build: `mkdocs build` of a config that uses the plugin with this catalogue (ours), and of a plain config
  (the same config without the haowen plugin) whose docs dir holds the hand-written docs plus the SAME
  generated Markdown written out as files (baseline).  Both run as child processes; wall time and the
  child's peak RSS (os.wait4) are recorded.  Ratio = ours / baseline;
* sizes: search/search_index.json (and the same without the hidden recall fields of issue 18), whole site,
  largest category page (raw and gzip -6);
* browser (Chromium via Playwright, local HTTP server without compression, so transferred bytes are
  measured by gzip-compressing each response body): time until Material's search is ready, time from the
  last keystroke to the first result, finder filter time per keystroke (if the site has a finder page),
  and bytes transferred for the largest category page.

Results: OUT/results.json and OUT/results.md (one Markdown table per size).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

ROOT = Path(__file__).resolve().parent.parent
REPO_CONFIG = ROOT / "mkdocs.yml"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

TARGETS = {
    "build_overhead": 0.15,      # ours adds at most 15% to the baseline build
    "validate_100k_s": 3.0,
    "status_100k_s": 1.0,         # the status file of 100k links read into its model (issue 14)
    "build_100k_s": 60.0,
    "build_100k_rss_mb": 2048,
    "search_result_ms_10k": 200,
    "category_page_kb_gz": 150,
    "first_result_100k_ms": 2500,  # issue 24: navigation → first result, the reader typing at once
    "visit_100k_kb_gz": 1536,     # issue 24: the whole visit, page + assets + search data
}


# ---------------------------------------------------------------- configs


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml including `!!python/name:` and `!ENV` tags (values are not needed)."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _repo_config() -> dict:
    if not REPO_CONFIG.exists():
        return {}
    return yaml.load(REPO_CONFIG.read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}


def _repo_plugins() -> list:
    return list(_repo_config().get("plugins") or ["search"])


def _absolute(item):
    """A plugin entry with option values that name files in the repo made absolute."""
    if isinstance(item, str):
        return item
    name, opts = next(iter(item.items()))
    fixed = {k: str(ROOT / v) if isinstance(v, str) and v and (ROOT / v).exists() else v
             for k, v in (opts or {}).items()}
    return {name: fixed}


def _plugin_name(item) -> str:
    return item if isinstance(item, str) else next(iter(item))


def write_configs(work: Path, links: Path, docs_ours: Path, docs_base: Path) -> tuple[Path, Path]:
    """mkdocs configs for ours (plugin on) and baseline (plugin off); inherit the repo's mkdocs.yml."""
    plugins = [_absolute(p) for p in _repo_plugins() if _plugin_name(p) != "haowen"]
    head: dict = {"site_name": "好文 benchmark", "theme": {"name": "material", "language": "zh"}}
    if REPO_CONFIG.exists():
        # INHERIT resolves relative paths against the child config: make the repo's ones absolute.
        theme = (_repo_config().get("theme") or {})
        head = {"INHERIT": str(REPO_CONFIG)}
        if isinstance(theme, dict) and theme.get("custom_dir"):
            head["theme"] = {"custom_dir": str((ROOT / theme["custom_dir"]).resolve())}
    ours = {**head, "docs_dir": str(docs_ours), "site_dir": str(work / "site-ours"),
            "plugins": [*plugins, {"haowen": {"catalog": str(links)}}]}
    # Without the haowen plugin nobody teaches jieba the catalogue's terms: Material's search has to.
    user_dict = links.parent / "search_dict.txt"
    base_plugins = [{"search": {**(p["search"] if isinstance(p, dict) else {}), "jieba_dict_user": str(user_dict)}}
                    if user_dict.exists() and _plugin_name(p) == "search" else p for p in plugins]
    base = {**head, "docs_dir": str(docs_base), "site_dir": str(work / "site-base"), "plugins": base_plugins}
    paths = []
    for name, cfg in (("mkdocs-ours.yml", ours), ("mkdocs-base.yml", base)):
        path = work / name
        path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def docs_source() -> Path | None:
    if REPO_CONFIG.exists():
        return (ROOT / _repo_config().get("docs_dir", "docs")).resolve()
    return ROOT / "docs" if (ROOT / "docs").is_dir() else None


# ---------------------------------------------------------------- measurements


GNU_TIME = Path("/usr/bin/time")


def timed_child(cmd: list[str], cwd: Path) -> dict:
    """Run `cmd`; wall and CPU seconds and the child's peak RSS in MB.

    The peak comes from GNU time (`%M`) when it is installed: a child forked from this (large)
    process reports the parent's memory in its own ru_maxrss, so wait4's figure is only a fallback.
    """
    measure = GNU_TIME.exists()
    full = [str(GNU_TIME), "-f", "HAOWEN_MAXRSS_KB=%M", *cmd] if measure else cmd
    start = time.perf_counter()
    proc = subprocess.Popen(full, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Read output in threads so a chatty child never blocks; wait4 gives this child's own rusage.
    chunks: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda s=s, k=k: chunks.__setitem__(k, s.read())) for k, s in
               (("out", proc.stdout), ("err", proc.stderr))]
    for t in readers:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    for t in readers:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out, err = chunks.get("out", b"").decode(errors="replace"), chunks.get("err", b"").decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{err[-3000:]}")
    peak_kb = usage.ru_maxrss
    if measure and "HAOWEN_MAXRSS_KB=" in err:
        peak_kb = int(err.rsplit("HAOWEN_MAXRSS_KB=", 1)[1].split()[0])
    return {"seconds": round(wall, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
            "peak_rss_mb": round(peak_kb / 1024, 1), "stdout": out[-500:]}


def best_of(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def measure_validate(links: Path, repeat: int) -> dict:
    from haowen.validation.checks import validate

    seconds, (catalog, problems) = best_of(lambda: validate(links), repeat)
    if problems:
        raise RuntimeError(f"synthetic catalogue has {len(problems)} problems, first: {problems[0].text()}")
    runs = [timed_child([sys.executable, "-m", "haowen", "validate", "--catalog", str(links)], ROOT) for _ in range(5)]
    cli = min(runs, key=lambda r: r["seconds"])
    return {"validate_s": round(seconds, 3), "validate_cli_s": cli["seconds"],
            "validate_cli_median_s": statistics.median(r["seconds"] for r in runs),
            "validate_cli_cpu_s": cli["cpu_s"], "validate_cli_rss_mb": cli["peak_rss_mb"], "links": len(catalog.entries)}


def measure_status(links: Path, repeat: int) -> dict:
    """The status file (a state per link) read into its model, as the site and `haowen check` read it."""
    from haowen.catalog.status import STATUS_FILE, load_states

    path = links.parent / STATUS_FILE
    seconds, states = best_of(lambda: load_states(path), repeat)
    return {"status_mb": round(path.stat().st_size / 1e6, 2), "status_read_s": round(seconds, 3),
            "status_states": len(states)}


def _generate_once(links: Path) -> tuple[dict[str, str], float, float]:
    """Everything the plugin computes: load, pages, every deferred list's HTML, the link search results."""
    from haowen.catalog.load import load
    from haowen.site.context import Site
    from haowen.site.plugin import as_plain_markdown, generated_files
    from haowen.site.search.index import build as build_index

    t0 = time.perf_counter()
    catalog, problems = load(links)
    t1 = time.perf_counter()
    assert not problems, problems[:3]
    site = Site.of(catalog, directory_urls=True)
    pages = as_plain_markdown(site, generated_files(site))
    build_index(site)
    return pages, t1 - t0, time.perf_counter() - t1


def generate_pages(links: Path, repeat: int = 1) -> tuple[dict[str, str], dict]:
    """The plugin's work called directly (see _generate_once); returns the pages as plain Markdown.

    Timed without tracemalloc (it slows Python down several times), then once more under
    tracemalloc for the peak of Python allocations.
    """
    runs = [_generate_once(links) for _ in range(repeat)]
    pages, load_s, render_s = min(runs, key=lambda r: r[1] + r[2])
    del runs
    tracemalloc.start()
    _generate_once(links)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return pages, {"load_s": round(load_s, 3), "render_s": round(render_s, 3), "generation_s": round(load_s + render_s, 3),
                   "generation_peak_mb": round(peak / 2**20, 1), "generated_pages": len(pages),
                   "generated_md_mb": round(sum(len(t.encode()) for t in pages.values()) / 1e6, 2)}


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def category_pages(site: Path) -> list[Path]:
    """Every category page, numbered pages of large categories included."""
    return sorted((site / "categories").rglob("index.html")) if (site / "categories").is_dir() else []


def _mb(raw: bytes) -> tuple[float, float]:
    """Raw and gzip -6 size in MB."""
    return round(len(raw) / 1e6, 2), round(len(gzip.compress(raw, 6)) / 1e6, 2)


def index_sizes(site: Path) -> dict:
    """The search index (site/search/index.py): all of it, meta.json, and its largest shard and record file."""
    root = site / "search" / "hw"
    if not (root / "meta.json").exists():
        return {}
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    files = [p for p in root.rglob("*.json") if p.is_file()]
    gz = {p: len(gzip.compress(p.read_bytes(), 6)) for p in files}
    shards = [p for p in files if p.parent.name == "t"]
    chunks = [p for p in files if p.parent.name == "d"]
    return {"search_index_mb": round(sum(p.stat().st_size for p in files) / 1e6, 2),
            "search_index_gz_mb": round(sum(gz.values()) / 1e6, 2), "search_files": len(files),
            "search_shards": meta["shards"], "search_meta_gz_kb": round(gz[root / "meta.json"] / 1024, 1),
            "search_shard_max_gz_kb": round(max(gz[p] for p in shards) / 1024, 1),
            "search_shard_median_gz_kb": round(statistics.median(gz[p] for p in shards) / 1024, 1),
            "search_records_gz_kb": round(statistics.median(gz[p] for p in chunks) / 1024, 1)}


def site_sizes(site: Path) -> dict:
    cats = category_pages(site)
    largest = max(cats, key=lambda p: p.stat().st_size, default=None)
    out: dict = {"site_mb": round(dir_size(site) / 1e6, 2), "category_pages": len(cats), **index_sizes(site)}
    if largest is not None:
        raw = largest.read_bytes()
        out.update({"largest_category": str(largest.parent.relative_to(site)) + "/",
                    "largest_category_html_kb": round(len(raw) / 1024, 1),
                    "largest_category_html_gz_kb": round(len(gzip.compress(raw, 6)) / 1024, 1)})
    return out


def count_entries(site: Path) -> int:
    """Link entries on the category pages (each link is on exactly one category page)."""
    return sum(p.read_text(encoding="utf-8").count('class="hw-link"') for p in category_pages(site))


# ---------------------------------------------------------------- browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path):
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


# Records when the header search's list starts showing the results of a query (search.js sets data-query
# on its box when it draws them), as [time since navigation, query]: installed before typing.
_WATCH_JS = """() => {
  window.__hwShown = [];
  const box = document.querySelector('[data-hw-search]');
  new MutationObserver(() => window.__hwShown.push([performance.now(), box.dataset.query]))
    .observe(box, {attributes: true, attributeFilter: ['data-query']});
  window.__hwLast = 0;
  document.querySelector('.md-search__input').addEventListener('input', () => { window.__hwLast = performance.now(); }, true);
}"""
# The time the results of `q` were first shown, and the count line then.
_SHOWN_JS = """q => new Promise(resolve => {
  const check = () => {
    const hit = window.__hwShown.find(([, shown]) => shown === q);
    if (hit) resolve([hit[0], document.querySelector('.md-search-result__meta').textContent]);
    else setTimeout(check, 20);
  };
  check();
})"""


def _transfer(ctx) -> dict[str, tuple[int, int]]:
    """Every response body of the context by URL, raw and gzip -6 (the local server does not compress)."""
    sizes: dict[str, tuple[int, int]] = {}

    def on_response(resp) -> None:
        with contextlib.suppress(Exception):
            body = resp.body()
            sizes[resp.url] = (len(body), len(gzip.compress(body, 6)))

    ctx.on("response", on_response)
    return sizes


def _heap_mb(page) -> float:
    """The page's JS heap in use (Chromium's Performance domain), after a garbage collection."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return round(metrics.get("JSHeapUsedSize", 0) / 2**20, 1)


def _visit(browser, base: str, site: Path, query: str) -> dict:
    """A reader opens the largest category page and enters `query` into the search at once (as one input,
    like a paste or an IME commit, so the typist's speed is not measured): time from navigation to the
    first result, everything the visit transferred, the page's JS heap."""
    cats = category_pages(site)
    url = base + str(max(cats, key=lambda p: p.stat().st_size).parent.relative_to(site)) + "/"
    ctx = browser.new_context()
    page = ctx.new_page()
    sizes = _transfer(ctx)
    page.goto(url, wait_until="commit")
    page.wait_for_selector("[data-hw-search][data-ready]", state="attached")
    page.evaluate(_WATCH_JS)
    page.keyboard.press("/")
    page.fill(".md-search__input", query)
    shown_ms, count = page.evaluate(_SHOWN_JS, query)
    page.wait_for_load_state("networkidle")
    heap = _heap_mb(page)
    ctx.close()
    search = [v for k, v in sizes.items() if "/search/hw/" in k]
    return {"category_page": url.removeprefix(base), "visit_first_result_ms": round(shown_ms),
            "visit_query": query, "visit_count": count.strip(), "visit_requests": len(sizes),
            "visit_transfer_gz_kb": round(sum(g for _, g in sizes.values()) / 1024, 1),
            "visit_transfer_raw_kb": round(sum(r for r, _ in sizes.values()) / 1024, 1),
            "visit_search_gz_kb": round(sum(g for _, g in search) / 1024, 1), "visit_search_files": len(search),
            "category_transfer_gz_kb": round(sum(g for k, (_, g) in sizes.items() if "/search/hw/" not in k) / 1024, 1),
            "visit_heap_mb": heap}


def _keystrokes(browser, base: str, query: str) -> dict:
    """With the search open and ready, `query` typed a key at a time: last keystroke → its results shown."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(base)
    page.wait_for_selector("[data-hw-search][data-ready]", state="attached")
    page.keyboard.press("/")
    page.wait_for_function("window.haowenSearch.engine(document.querySelector('[data-hw-search]').dataset.index).meta")
    page.evaluate(_WATCH_JS)
    page.keyboard.type(query, delay=120)
    shown_ms, count = page.evaluate(_SHOWN_JS, query)
    last = page.evaluate("window.__hwLast")
    warm = []
    for _ in range(3):  # the same query again, its shards cached: the engine's own time
        page.fill(".md-search__input", "")
        page.evaluate("window.__hwShown = []")
        page.keyboard.type(query, delay=120)
        t, _ = page.evaluate(_SHOWN_JS, query)
        warm.append(t - page.evaluate("window.__hwLast"))
    heap = _heap_mb(page)
    ctx.close()
    return {"search_query": query, "search_count": count.strip(), "search_first_result_ms": round(shown_ms - last, 1),
            "search_warm_ms": round(statistics.median(warm), 1), "search_heap_mb": heap}


def browser_metrics(site: Path, query: str, finder_query: str, full: bool = True) -> dict:
    """The visit (navigation → first result, bytes, heap), keystroke latency, and the finder per keystroke."""
    from playwright.sync_api import sync_playwright

    out: dict = {}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            out.update(_visit(browser, base, site, query))
            if full:
                out.update(_keystrokes(browser, base, query))
                out.update(_finder(browser, base, site, finder_query))
        finally:
            browser.close()
    return out


def _finder_page(site: Path) -> Path | None:
    for name in ("finder", "find", "filter", "shaixuan"):
        p = site / name / "index.html"
        if p.exists():
            return p
    return None


_FINDER_JS = """() => {
  window.__hwf = {inputs: [], mutations: []};
  const input = document.querySelector('.hw-finder input[type=search], .hw-finder input[type=text], main input[type=search], main input[type=text]');
  if (!input) return false;
  input.addEventListener('input', () => window.__hwf.inputs.push(performance.now()), true);
  new MutationObserver(() => window.__hwf.mutations.push(performance.now()))
    .observe(document.querySelector('main') || document.body, {childList: true, subtree: true, attributes: true});
  input.focus();
  return true;
}"""


def _finder(browser, base: str, site: Path, query: str) -> dict:
    page_path = _finder_page(site)
    if page_path is None:
        return {"finder_filter_ms": None, "finder_note": "no finder page in the site"}
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(base + str(page_path.parent.relative_to(site)) + "/", wait_until="load")
    page.wait_for_timeout(1000)
    if not page.evaluate(_FINDER_JS):
        ctx.close()
        return {"finder_filter_ms": None, "finder_note": "finder page has no text input"}
    page.keyboard.type(query, delay=300)
    page.wait_for_timeout(1000)
    hw = page.evaluate("window.__hwf")
    ctx.close()
    per_key = []
    inputs = hw["inputs"]
    for i, t in enumerate(inputs):
        nxt = inputs[i + 1] if i + 1 < len(inputs) else float("inf")
        muts = [m for m in hw["mutations"] if t <= m < nxt]
        if muts:
            per_key.append(muts[-1] - t)
    return {"finder_filter_ms": round(statistics.median(per_key), 1) if per_key else None,
            "finder_filter_max_ms": round(max(per_key), 1) if per_key else None}


# ---------------------------------------------------------------- one size


def run_size(label: str, n: int, work: Path, browser: str | None, repeat: int) -> dict:
    """All measurements for one size; `browser`: "full", "transfer" (category page bytes only) or None."""
    work.mkdir(parents=True, exist_ok=True)
    print(f"[{label}] generating {n} links", file=sys.stderr, flush=True)
    links = generate.write(work / "data", n)
    res: dict = {"size": label, "n": n, "links_yaml_mb": round(links.stat().st_size / 1e6, 2)}
    print(f"[{label}] validate", file=sys.stderr, flush=True)
    res.update(measure_validate(links, repeat))
    print(f"[{label}] status file", file=sys.stderr, flush=True)
    res.update(measure_status(links, repeat))
    print(f"[{label}] page generation", file=sys.stderr, flush=True)
    pages, gen = generate_pages(links, repeat)
    res.update(gen)

    # docs dirs: ours = the hand-written docs; baseline = hand-written docs + generated pages as files
    src = docs_source()
    docs_ours, docs_base = work / "docs-ours", work / "docs-base"
    for d in (docs_ours, docs_base):
        shutil.rmtree(d, ignore_errors=True)
        if src and src.is_dir():
            shutil.copytree(src, d)
        else:
            d.mkdir()
    for path, text in pages.items():
        dest = docs_base / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    del pages
    cfg_ours, cfg_base = write_configs(work, links, docs_ours, docs_base)
    for name, cfg in (("base", cfg_base), ("ours", cfg_ours)):
        print(f"[{label}] mkdocs build ({name})", file=sys.stderr, flush=True)
        r = timed_child([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)], ROOT)
        res[f"build_{name}_s"] = r["seconds"]
        res[f"build_{name}_cpu_s"] = r["cpu_s"]
        res[f"build_{name}_rss_mb"] = r["peak_rss_mb"]
    res["build_ratio"] = round(res["build_ours_s"] / res["build_base_s"], 3)
    res["build_cpu_ratio"] = round(res["build_ours_cpu_s"] / res["build_base_cpu_s"], 3)
    res["generation_vs_base"] = round(res["generation_s"] / res["build_base_s"], 3)
    res["generation_share"] = round(res["generation_s"] / res["build_ours_s"], 3)
    site = work / "site-ours"
    res["site_link_entries"] = count_entries(site)
    res.update(site_sizes(site))
    res["base_site_mb"] = round(dir_size(work / "site-base") / 1e6, 2)
    if browser:
        print(f"[{label}] browser ({browser})", file=sys.stderr, flush=True)
        res.update(browser_metrics(site, query="flash attention", finder_query="cuda", full=browser == "full"))
    return res


# ---------------------------------------------------------------- report

ROWS = [
    ("links.yaml (MB)", "links_yaml_mb"),
    ("validate, in-process, one process (s)", "validate_s"),
    ("validate, CLI incl. start-up, best / median of 5 (s)", ("validate_cli_s", "validate_cli_median_s")),
    ("validate, CLI CPU time, all processes (s)", "validate_cli_cpu_s"),
    ("validate CLI peak RSS, largest process (MB)", "validate_cli_rss_mb"),
    ("status file (MB) / states / read into the model, best (s)", ("status_mb", "status_states", "status_read_s")),
    ("load catalogue (s)", "load_s"),
    ("render pages (s)", "render_s"),
    ("generation = load + render (s)", "generation_s"),
    ("generation peak (tracemalloc, MB)", "generation_peak_mb"),
    ("generated pages / Markdown (MB)", ("generated_pages", "generated_md_mb")),
    ("mkdocs build, baseline (s)", "build_base_s"),
    ("mkdocs build, ours (s)", "build_ours_s"),
    ("ours / baseline (wall)", "build_ratio"),
    ("mkdocs build CPU time baseline / ours (s)", ("build_base_cpu_s", "build_ours_cpu_s")),
    ("ours / baseline (CPU time)", "build_cpu_ratio"),
    ("generation / baseline build", "generation_vs_base"),
    ("generation / our build (our code's share of it)", "generation_share"),
    ("peak RSS baseline / ours (MB)", ("build_base_rss_mb", "build_ours_rss_mb")),
    ("link entries on category pages / category pages", ("site_link_entries", "category_pages")),
    ("site size (MB)", "site_mb"),
    ("search index, all files raw / gzip (MB)", ("search_index_mb", "search_index_gz_mb")),
    ("search index files / shards", ("search_files", "search_shards")),
    ("search meta.json / median shard / largest shard / a records file, gzip (KB)",
     ("search_meta_gz_kb", "search_shard_median_gz_kb", "search_shard_max_gz_kb", "search_records_gz_kb")),
    ("largest category page", "largest_category"),
    ("… its HTML raw / gzip (KB)", ("largest_category_html_kb", "largest_category_html_gz_kb")),
    ("browser: visit = open the largest category page, type the query at once", ("category_page", "visit_query")),
    ("browser: … navigation → first result (ms)", "visit_first_result_ms"),
    ("browser: … its count", "visit_count"),
    ("browser: … transferred, gzip / raw (KB)", ("visit_transfer_gz_kb", "visit_transfer_raw_kb")),
    ("browser: … of which search data, gzip (KB) / files", ("visit_search_gz_kb", "visit_search_files")),
    ("browser: … the page and its assets, gzip (KB)", "category_transfer_gz_kb"),
    ("browser: … JS heap after the visit (MB)", "visit_heap_mb"),
    ("browser: last keystroke → results shown, first time / shards cached (ms)",
     ("search_first_result_ms", "search_warm_ms")),
    ("browser: JS heap after typing the query four times (MB)", "search_heap_mb"),
    ("browser: finder filter per keystroke, median (ms)", "finder_filter_ms"),
]


def _cell(res: dict, key) -> str:
    if isinstance(key, tuple):
        return " / ".join(_cell(res, k) for k in key)
    v = res.get(key)
    return "—" if v is None else str(v)


def _check(value, limit, fmt: str = "{}") -> str:
    if value is None:
        return "not measured"
    return f"{'met' if value <= limit else '**missed**'} ({fmt.format(value)})"


def targets(results: list[dict]) -> str:
    """One row per target, one column per size: met / missed with the measured value."""
    t = TARGETS
    rows = {
        "ours / baseline build, wall ≤ 1.15": lambda r: _check(r.get("build_ratio"), 1 + t["build_overhead"]),
        "ours / baseline build, CPU ≤ 1.15": lambda r: _check(r.get("build_cpu_ratio"), 1 + t["build_overhead"]),
        "validate ≤ 3 s (CLI wall, median of 5, 100k)": lambda r: _check(
            r.get("validate_cli_median_s"), t["validate_100k_s"], "{} s")
        if r["n"] >= 100_000 else f"({r.get('validate_cli_median_s')} s)",
        "status file read < 1 s (100k states)": lambda r: _check(r.get("status_read_s"), t["status_100k_s"], "{} s")
        if r["n"] >= 100_000 else f"({r.get('status_read_s')} s)",
        "build ≤ 60 s (100k)": lambda r: _check(r.get("build_ours_s"), t["build_100k_s"], "{} s")
        if r["n"] >= 100_000 else f"({r.get('build_ours_s')} s)",
        "build peak RSS < 2048 MB (100k)": lambda r: _check(r.get("build_ours_rss_mb"), t["build_100k_rss_mb"], "{} MB")
        if r["n"] >= 100_000 else f"({r.get('build_ours_rss_mb')} MB)",
        "search result ≤ 200 ms after last keystroke (10k)": lambda r: _check(
            r.get("search_first_result_ms"), t["search_result_ms_10k"], "{} ms"),
        "category page ≤ 150 KB compressed": lambda r: _check(r.get("category_transfer_gz_kb"), t["category_page_kb_gz"], "{} KB"),
        "navigation → first search result ≤ 2.5 s (100k)": lambda r: _check(
            r.get("visit_first_result_ms"), t["first_result_100k_ms"], "{} ms")
        if r["n"] >= 100_000 else f"({r.get('visit_first_result_ms')} ms)",
        "whole visit ≤ 1.5 MB gzip (100k)": lambda r: _check(r.get("visit_transfer_gz_kb"), t["visit_100k_kb_gz"], "{} KB")
        if r["n"] >= 100_000 else f"({r.get('visit_transfer_gz_kb')} KB)",
    }
    head = "| target | " + " | ".join(r["size"] for r in results) + " |"
    out = [head, "| --- |" + " --- |" * len(results)]
    out += [f"| {name} | " + " | ".join(cell(r) for r in results) + " |" for name, cell in rows.items()]
    return "\n".join(out) + "\n"


def markdown(results: list[dict]) -> str:
    out = ["### Targets\n", targets(results)]
    for res in results:
        out.append(f"### {res['size']} ({res['n']} links)\n\n| measure | value |\n| --- | --- |")
        out += [f"| {name} | {_cell(res, key)} |" for name, key in ROWS if res.get(key if isinstance(key, str) else key[0]) is not None]
        out.append("")
    return "\n".join(out)


def speed_probe() -> float:
    """Seconds for a fixed pure-Python loop (best of 3): how fast this VM was during the run."""
    def loop() -> int:
        total = 0
        for i in range(5_000_000):
            total += i
        return total
    return round(best_of(loop, 3)[0], 3)


def machine() -> dict:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    mem = next((l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), "0")
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_gb": round(int(mem) / 2**20, 1),
            "python": platform.python_version(), "date": dt.datetime.now(dt.UTC).isoformat(timespec="minutes")}


def write_results(out: Path, payload: dict) -> str:
    """results.json and results.md (returned) into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    probe = payload["machine"]["speed_probe_s"]
    md = markdown(payload["results"]) + (f"\nSpeed probe (5M-iteration Python loop, best of 3) at start / end: "
                                         f"{probe[0]} / {probe[1]} s\n")
    (out / "results.md").write_text(md, encoding="utf-8")
    return md


def browser_only(args: argparse.Namespace) -> int:
    """The browser measurements again, on the sites an earlier run kept in --work."""
    if args.work is None:
        raise SystemExit("--browser-only 需要 --work：上次运行保留的目录")
    payload = json.loads((args.out / "results.json").read_text(encoding="utf-8"))
    for res in payload["results"]:
        if res["size"] in args.sizes:
            print(f"[{res['size']}] browser", file=sys.stderr, flush=True)
            full = res["size"] in args.browser_sizes
            res.update(browser_metrics(args.work / res["size"] / "site-ours", query="flash attention",
                                       finder_query="cuda", full=full))
    payload["machine"]["browser_rerun"] = machine()["date"]
    print(write_results(args.out, payload))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=["1k", "10k", "100k"])
    ap.add_argument("--browser-sizes", nargs="*", default=["1k", "10k", "100k"])
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="validate repetitions (best of)")
    ap.add_argument("--work", type=Path, default=None, help="scratch dir (default: a temp dir, removed)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    ap.add_argument("--browser-only", action="store_true",
                    help="measure the browser again on the sites kept in --work, updating --out's results.json")
    args = ap.parse_args(argv)
    if args.browser_only:
        return browser_only(args)
    work = args.work or Path(tempfile.mkdtemp(prefix="haowen-bench-"))
    results = []
    probe_start = speed_probe()
    try:
        for label in args.sizes:
            n = generate.SIZES.get(label) or int(label)
            browser = None if args.no_browser else "full" if label in args.browser_sizes else "transfer"
            res = run_size(label, n, work / label, browser, args.repeat if n < 100_000 else 1)
            results.append(res)
            print(json.dumps(res, ensure_ascii=False), file=sys.stderr, flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    payload = {"machine": {**machine(), "speed_probe_s": [probe_start, speed_probe()]}, "targets": TARGETS,
                "results": results}
    print(write_results(args.out, payload))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
