"""The benchmark pipeline at 1k links, once: generator, validate, page generation, both builds.

No timing assertions: benchmarks are measured by `python benchmarks/run.py`, not by tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402
import run  # noqa: E402

N = 1_000


def test_generator_is_deterministic_and_distinct():
    a = generate.generate_links(50)
    assert a == generate.generate_links(50)
    assert len({link.url for link in generate.generate_links(N)}) == N


@pytest.mark.skipif(not (ROOT / "mkdocs.yml").exists(), reason="the site's mkdocs.yml is not there yet")
def test_1k_pipeline(tmp_path: Path):
    res = run.run_size("1k", N, tmp_path, browser=False, repeat=1)
    assert res["links"] == N
    assert res["generated_pages"] > 0
    # every link appears exactly once on the category pages of the built site
    assert res["site_link_entries"] == N
    assert run.count_entries(tmp_path / "site-base") == N
    assert res["search_index_mb"] and res["site_mb"] > 0
    assert "### 1k" in run.markdown([res])


def test_import_styles_writes_every_entry_where_the_importer_finds_it():
    """benchmarks/import_styles.py's lists: each entry is read back once, with its title; only the noise is skipped."""
    import random

    import import_styles
    from haowen.catalog.load import load
    from haowen.catalog.urls import canonical
    from haowen.importing.markdown import ANCHOR, GITHUB_NAV, read_markdown

    catalog, _ = load(ROOT / "data" / "links.yaml")
    links = catalog.links[::25]
    wanted = {k.url: k.title for k in links}
    for name in import_styles.STYLES:
        text = import_styles.write_list(name, links, catalog, random.Random(name))
        found = read_markdown(text, "https://github.com/u/awesome")
        read: dict[str, str] = {}
        for f in found:
            if not f.skipped:
                read.setdefault(canonical(f.url), f.title)
        assert sorted(u for u in read if u in wanted) == sorted(wanted), name
        # Beyond the entries: only the list's own files (import leaves them out) and the off-topic posts.
        others = [u for u in read if u not in wanted]
        assert all(u in import_styles.OFF_TOPIC_URLS or "/u/awesome" in u or "u.github.io" in u for u in others), others
        assert {f.skipped for f in found} >= {GITHUB_NAV, ANCHOR}, name  # the badge line, contents, back links
        assert sum(read[u] == t for u, t in wanted.items()) >= 0.9 * len(links), name


def test_import_styles_scores_an_import_of_every_style(tmp_path: Path) -> None:
    """One small held-out fold imported in every style (keyword engine, so no fitting): every link is counted,
    none lost, and the scores are fractions of the fold."""
    import dataclasses
    import random

    import import_styles
    from haowen.catalog.load import load
    from haowen.suggest.engine import Keywords

    catalog, _ = load(ROOT / "data" / "links.yaml")
    held = catalog.links[::50]
    train = dataclasses.replace(catalog, entries=[e for e in catalog.entries if e.link not in held])
    for name in import_styles.STYLES:
        t = import_styles.run_style(name, held, catalog, train, Keywords(train), tmp_path, random.Random(name))
        assert (t.entries, t.lost, t.found) == (len(held), 0, t.counted), name
        assert t.review == len(held) and 0 < t.top <= len(held), name  # the keyword rules mark every entry
