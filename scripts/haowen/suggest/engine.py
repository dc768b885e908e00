"""The suggestion engine (issue 15): ranked categories and tags with a confidence, for import, add and the PR lint.

It learns from the curated catalogue itself (entries still marked for review left out): TF-IDF over jieba
tokens and character n-grams of title and note, plus the taxonomy's keyword rules, the synonym groups the text
names and the host as features, into a logistic regression (scikit-learn, the optional `suggest` extra).  The
row's other cells count as the entry's own words; the innermost heading is scored by the same model, and how
much it raises each top-level category over the catalogue's base rate is multiplied in, damped
(HEADING_WEIGHT): a broad heading barely moves the guess, a topical one settles an unclear title's top-level
category, and the subcategory is left to the entry's own words.  Below `THRESHOLD` the best guess is kept but
marked for review.
Without scikit-learn the keyword rules answer alone, every guess marked for review.
"""

from __future__ import annotations

import hashlib
import inspect
import math
import os
import pickle
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

from haowen.catalog.load import Catalog
from haowen.catalog.model import Link
from haowen.catalog.synonyms import Thesaurus, key
from haowen.catalog.urls import host
from haowen.suggest.tokens import has_keyword, stems, tokens

THRESHOLD = 0.5  # below this confidence a suggestion is marked for review (see benchmarks/README.md)
# How much the innermost heading counts (an exponent on its top-level likelihood ratio).  Chosen on folds 0-1 of
# benchmarks/import_styles.py and on the seed lists (benchmarks/README.md): higher helps topical headings, and
# costs on broad ones.
HEADING_WEIGHT = 0.5
TAG_THRESHOLD = 0.5  # a learned tag is suggested from this probability on
VECTOR_CACHE = 4096  # texts whose features a model keeps (headings repeat across a list)
MIN_TAG_EXAMPLES = 4  # tags with fewer curated examples are suggested by their names only
FALLBACK_NOTE = "未安装 scikit-learn：只按关键词建议，全部标为待复核（pip install -e '.[suggest]' 可启用学习模型）"

_EMOJI = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D\u2B00-\u2BFF]")
_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"<[^>]+>|[*_`~#>]+")
_PAREN_EMPTY = re.compile(r"[(（]\s*[)）]")


def clean_context(text: str, parsed: bool = False) -> str:
    """A heading or cell as plain words: inline links, markup, emoji and empty brackets removed; `parsed` text
    (Markdown already read, so `_` and `*` are the author's own characters) keeps its markup characters."""
    if not parsed:
        text = _MARKUP.sub(" ", _INLINE_LINK.sub(
            lambda m: "" if m.group(0).startswith("!") or "back" in m.group(1).lower() else m.group(1), text))
    text = _EMOJI.sub("", text)
    return re.sub(r"\s+", " ", _PAREN_EMPTY.sub("", text)).strip(" -—:：|")


@dataclass(frozen=True)
class Context:
    """What is known about one entry: its own words and, from a list, where it sits."""

    title: str
    note: str = ""
    url: str = ""
    headings: Sequence[str] = ()
    cells: Sequence[str] = ()

    def own_text(self) -> str:
        return " ".join(filter(None, [self.title, self.note, " ".join(self.cells)]))

    def heading_text(self) -> str:
        """The innermost heading, cleaned: outer ones (a list's own title, broad parts) mislead more than help."""
        return clean_context(self.headings[-1]) if self.headings else ""


@dataclass(frozen=True)
class Ranked:
    id: str
    score: float


@dataclass(frozen=True)
class Suggestion:
    """Categories (best first, with probabilities), tags, the confidence and whether a person should look."""

    categories: list[Ranked]
    tags: list[Ranked] = field(default_factory=list)
    learned: bool = True

    @property
    def category(self) -> str:
        return self.categories[0].id

    @property
    def confidence(self) -> float:
        return self.categories[0].score if self.categories else 0.0

    @property
    def review(self) -> bool:
        return not self.learned or self.confidence < THRESHOLD

    @property
    def tag_ids(self) -> list[str]:
        return [t.id for t in self.tags]

    def avoiding(self, catch_all: str, threshold: float = THRESHOLD) -> Suggestion:
        """The same suggestion, but a guess of the catch-all category below `threshold` (or marked for review)
        gives way to the runner-up: a link is filed there only when the engine is confident it belongs there."""
        unsure = self.review or self.confidence < threshold
        if not unsure or self.category != catch_all or len(self.categories) < 2:
            return self
        return Suggestion(self.categories[1:] + self.categories[:1], self.tags, self.learned)


class Suggester(Protocol):
    learned: bool

    def suggest(self, context: Context, within: str | None = None) -> Suggestion: ...


def keyword_features(catalog: Catalog, text: str) -> list[str]:
    """`kw:<category>` for every category whose keyword occurs in `text` on token boundaries."""
    return [f"kw:{cid}" for cid, node in catalog.categories.items() if any(has_keyword(text, k) for k in node.keywords)]


def synonym_features(thesaurus: Thesaurus, text: str) -> list[str]:
    """`syn:<term>` for every synonym group (data/synonyms.yaml and tag aliases) `text` names in any spelling:
    "Low-rank adaptation" and "LoRA" become one feature, so English lists meet what the Chinese entries taught."""
    keys = [k for k in (key(t) for t in tokens(text)) if k]
    return [f"syn:{key(thesaurus.groups[g][0])}" for g in sorted(thesaurus.groups_in(keys))]


def name_tags(catalog: Catalog, text: str) -> list[str]:
    """Tags whose id, aliases or keywords occur in `text` as whole tokens."""
    return [t.id for t in catalog.vocabulary.tags
            if any(has_keyword(text, k) for k in (t.id, *t.aliases, *t.keywords) if len(k) >= 2)]


def curated(catalog: Catalog) -> list[Link]:
    """The entries the engine learns from: those a curator filed (not the ones still marked for review)."""
    return [k for k in catalog.links if not k.review]


def link_text(link: Link) -> str:
    return f"{link.title} {link.note or ''}"


def _host_token(url: str) -> str:
    try:
        return f"host:{host(url)}" if url else ""
    except ValueError:
        return ""


class Model:
    """The learned engine: fitted on a catalogue's entries."""

    learned = True

    def __init__(self, catalog: Catalog, links: Sequence[Link] | None = None) -> None:
        import numpy as np  # installed with scikit-learn, like everything imported here
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion
        from threadpoolctl import threadpool_limits  # installed with scikit-learn

        self.catalog = catalog
        links = curated(catalog) if links is None else list(links)
        self.features = FeatureUnion([
            ("words", TfidfVectorizer(analyzer=self._words, sublinear_tf=True, min_df=1)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2)),
        ])
        docs = [self._doc(link_text(k), k.url) for k in links]
        x = self.features.fit_transform(docs)
        tag_models: dict[str, Any] = {}
        with threadpool_limits(1):  # BLAS threads on small sparse fits only contend (5× slower on 2 cores)
            self.classifier = LogisticRegression(C=20.0, solver="newton-cg", max_iter=3000).fit(
                x, [k.category for k in links])
            for tag in catalog.vocabulary.tags:
                y = [tag.id in k.tags for k in links]
                if MIN_TAG_EXAMPLES <= sum(y) < len(y):
                    tag_models[tag.id] = LogisticRegression(
                        C=10.0, solver="liblinear", class_weight="balanced").fit(x, y)
        self.classes: list[str] = [str(c) for c in self.classifier.classes_]
        # The tag models' weights side by side: every tag's probability from one product (one predict_proba
        # per tag cost ~0.3 ms each in scikit-learn's input checks, 85 tags a suggestion).
        self.tag_ids = list(tag_models)
        self.tag_weights = np.vstack([m.coef_[0] for m in tag_models.values()]).T if tag_models else None
        self.tag_bias = np.array([m.intercept_[0] for m in tag_models.values()])

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the catalogue (set again on loading) and the feature cache."""
        return {k: v for k, v in self.__dict__.items() if k not in ("catalog", "_vectors")}

    def _words(self, doc: str) -> list[str]:
        text, _, extra = doc.partition("\x00")
        words = tokens(text)
        return words + stems(words) + extra.split()

    @cached_property
    def thesaurus(self) -> Thesaurus:
        return Thesaurus.of(self.catalog)

    def _doc(self, text: str, url: str = "") -> str:
        extra = [*keyword_features(self.catalog, text), *synonym_features(self.thesaurus, text), _host_token(url)]
        return f"{text}\x00{' '.join(extra)}"

    def _vector(self, text: str, url: str = "") -> Any:
        """The features of `text` at `url`, kept for the next asks about the same text (a suggestion asks
        for the categories and the tags of the entry's words, and every heading is asked about again)."""
        cache: dict[tuple[str, str], Any] = self.__dict__.setdefault("_vectors", {})
        if (text, url) not in cache:
            if len(cache) >= VECTOR_CACHE:
                cache.clear()
            cache[text, url] = self.features.transform([self._doc(text, url)])
        return cache[text, url]

    def probabilities(self, text: str, url: str = "") -> list[float]:
        """The probability of each category in `classes` for `text` (at `url`) alone."""
        row = self.classifier.predict_proba(self._vector(text, url))[0]
        return [float(p) for p in row]

    def _top_sums(self, row: Sequence[float]) -> dict[str, float]:
        """Per-class probabilities summed by top-level category."""
        out: dict[str, float] = {}
        for c, p in zip(self.classes, row):
            top = self.catalog.parents[c].id
            out[top] = out.get(top, 0.0) + p
        return out

    def heading_evidence(self, heading: str) -> list[float]:
        """For each class, the log of how much more likely `heading` makes its top-level category than the
        catalogue's base rate; 0 everywhere without a heading.  A list's sections are cut coarser or otherwise
        than the subcategories, so a heading speaks for a top-level category, not for one of its children."""
        if not heading:
            return [0.0] * len(self.classes)
        base = self._top_sums(self.probabilities(""))
        said = self._top_sums(self.probabilities(heading))
        return [math.log(max(said[t], 1e-9) / max(base[t], 1e-9))
                for t in (self.catalog.parents[c].id for c in self.classes)]

    def suggest(self, context: Context, within: str | None = None) -> Suggestion:
        own = context.own_text()
        logp = [math.log(max(p, 1e-9)) + HEADING_WEIGHT * h
                for p, h in zip(self.probabilities(own, context.url), self.heading_evidence(context.heading_text()))]
        allowed = [within is None or self.catalog.parents[c].id == within or c == within for c in self.classes]
        scores = {c: math.exp(v) for c, v, ok in zip(self.classes, logp, allowed) if ok}
        total = sum(scores.values()) or 1.0
        ranked = sorted((Ranked(c, s / total) for c, s in scores.items()), key=lambda r: -r.score)
        if not ranked and within:
            ranked = [Ranked(within, 0.0)]
        return Suggestion(self._top_first(ranked), self._tags(own, context.url))

    def _top_first(self, ranked: list[Ranked]) -> list[Ranked]:
        """`ranked` with the best category of the most probable top-level category (its subcategories'
        probabilities summed) in front: right more often at both levels (benchmarks/README.md)."""
        tops: dict[str, float] = {}
        for r in ranked:
            top = self.catalog.parents[r.id].id
            tops[top] = tops.get(top, 0.0) + r.score
        if not tops:
            return ranked
        best_top = max(tops, key=lambda t: tops[t])
        first = next(r for r in ranked if self.catalog.parents[r.id].id == best_top)
        return [first, *(r for r in ranked if r is not first)]

    def _tag_probabilities(self, text: str, url: str) -> dict[str, float]:
        """Each learned tag's probability for the text (the logistic function of its linear score)."""
        import numpy as np

        if self.tag_weights is None:
            return {}
        scores = np.asarray(self._vector(text, url) @ self.tag_weights).ravel() + self.tag_bias
        return {t: float(p) for t, p in zip(self.tag_ids, 1.0 / (1.0 + np.exp(-scores)))}

    def tag_probability(self, text: str, url: str, tag: str) -> float | None:
        """How likely the learned model finds `tag` for the text; None for a tag it has too few examples of."""
        return self._tag_probabilities(text, url).get(tag)

    def _tags(self, text: str, url: str) -> list[Ranked]:
        found = {t: 1.0 for t in name_tags(self.catalog, text)}
        for tag, p in self._tag_probabilities(text, url).items():
            if p >= TAG_THRESHOLD:
                found[tag] = max(found.get(tag, 0.0), p)
        order = {t.id: i for i, t in enumerate(self.catalog.vocabulary.tags)}
        return [Ranked(t, p) for t, p in sorted(found.items(), key=lambda kv: order[kv[0]])]


class Keywords:
    """The fallback without scikit-learn: keyword rules on token boundaries, ties and misses marked for review."""

    learned = False

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def suggest(self, context: Context, within: str | None = None) -> Suggestion:
        text = f"{context.own_text()} {context.heading_text()}"
        scores: dict[str, float] = {}
        for cid, node in self.catalog.categories.items():
            if within and self.catalog.parents[cid].id != within and cid != within:
                continue
            scores[cid] = sum(len(k) for k in node.keywords if has_keyword(text, k))
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        total = sum(scores.values()) or 1.0
        cats = [Ranked(c, s / total) for c, s in ranked] or [Ranked(within or "", 0.0)]
        return Suggestion(cats, [Ranked(t, 1.0) for t in name_tags(self.catalog, context.own_text())], learned=False)


def learned_available() -> bool:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return False
    return True


def cache_dir() -> Path:
    """Where fitted models are kept: $HAOWEN_CACHE_DIR, else haowen/ in $XDG_CACHE_HOME or ~/.cache."""
    if os.environ.get("HAOWEN_CACHE_DIR"):
        return Path(os.environ["HAOWEN_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "haowen"


def model_key(catalog: Catalog) -> str:
    """A hash of everything the fitted model depends on: the entries it learns from, taxonomy, tags, synonyms,
    this engine's code (features, constants) and the libraries that tokenise and fit.  Nothing to bump by hand."""
    import sklearn
    key = hashlib.sha256()
    code = [Path(__file__).read_bytes(), Path(inspect.getfile(tokens)).read_bytes()]  # this module, tokens.py
    versions = [metadata.version(name) for name in ("scikit-learn", "jieba", "snowballstemmer")]
    for part in (*code, sklearn.__version__, *versions, *(k.model_dump_json() for k in curated(catalog)),
                 catalog.taxonomy.model_dump_json(), catalog.vocabulary.model_dump_json(),
                 catalog.synonyms.model_dump_json()):
        key.update((part if isinstance(part, bytes) else part.encode()) + b"\0")
    return key.hexdigest()[:32]


def _cache_file(catalog: Catalog) -> Path:
    """Where the model fitted on exactly this content is kept."""
    return cache_dir() / f"suggest-{model_key(catalog)}.pickle"


def cached_model(catalog: Catalog) -> Model:
    """The model for `catalog`, fitted once and then read from the user's cache (a few seconds saved per run)."""
    path = _cache_file(catalog)
    try:
        with path.open("rb") as f:
            model = pickle.load(f)  # our own cache file, written below
        if isinstance(model, Model):
            model.catalog = catalog
            return model
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        pass
    model = Model(catalog)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            pickle.dump(model, tmp)
        os.replace(tmp.name, path)
    except OSError:
        pass  # no cache: fitted again next time
    return model


def engine(catalog: Catalog) -> Suggester:
    """The learned model when scikit-learn is installed and the catalogue has entries, else the keyword rules."""
    if learned_available() and len({k.category for k in curated(catalog)}) >= 2:
        return cached_model(catalog)
    return Keywords(catalog)
