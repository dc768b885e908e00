"""How much a list's headings help the suggestion engine (issue 15), on the seed lists in data/sources/.

Each catalogued link found in a seed list is held out (3 folds over the catalogue); a model fitted on the
other folds files it from its own words alone, and with its innermost heading at several weights.
Prints top-level and exact-category accuracy per weight.  Run: PYTHONPATH=scripts python benchmarks/suggest_lists.py
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from haowen.catalog.load import load
from haowen.catalog.urls import UrlError, canonical
from haowen.importing.markdown import Found, read_markdown
from haowen.suggest.engine import Context, Model, curated

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = (0.0, 0.3, 0.5, 0.7, 1.0)


def found_links() -> dict[str, Found]:
    out: dict[str, Found] = {}
    for path in sorted((ROOT / "data" / "sources").glob("*.md")):
        for f in read_markdown(path.read_text(encoding="utf-8")):
            if f.skipped:
                continue
            try:
                out.setdefault(canonical(f.url), f)
            except UrlError:
                continue
    return out


def main() -> None:
    catalog, _ = load(ROOT / "data" / "links.yaml")
    found = found_links()
    links = curated(catalog)
    random.Random(1).shuffle(links)
    right = {w: [0, 0] for w in WEIGHTS}
    n = 0
    for k in range(3):
        model = Model(catalog, [link for i, link in enumerate(links) if i % 3 != k])
        for link in (x for x in links[k::3] if x.url in found):
            f = found[link.url]
            own = model.probabilities(Context(f.title, f.note or "").own_text(), link.url)
            head = model.heading_evidence(Context("", headings=f.headings).heading_text())
            n += 1
            for w in WEIGHTS:
                scores = [math.log(max(p, 1e-9)) + w * h for p, h in zip(own, head)]
                best = model.classes[max(range(len(scores)), key=scores.__getitem__)]
                right[w][0] += catalog.parents[best].id == catalog.parents[link.category].id
                right[w][1] += best == link.category
    print(f"{n} links found in the seed lists; heading weight → top-level / exact accuracy")
    for w, (top, leaf) in right.items():
        print(f"{w:.1f}: {top / n:.1%} / {leaf / n:.1%}")


if __name__ == "__main__":
    main()
