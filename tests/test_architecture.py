"""The package's shape: no import cycle among haowen's modules, no private name used outside its module."""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "haowen"
CHECKED = [PACKAGE, ROOT / "tests", ROOT / "benchmarks"]


def module_name(path: Path) -> str:
    """`haowen.io.store` for scripts/haowen/io/store.py; tests and benchmarks by their path."""
    base = PACKAGE.parent if path.is_relative_to(PACKAGE) else ROOT
    parts = list(path.relative_to(base).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    """True when `name` (haowen.…) is a module or package of the package."""
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def python_files() -> Iterator[Path]:
    for folder in CHECKED:
        yield from sorted(folder.rglob("*.py"))


def haowen_imports(path: Path) -> Iterator[tuple[ast.stmt, str, list[str]]]:
    """Every import of haowen in `path`, anywhere in the file: (node, module, imported names)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: 包内也用绝对导入（from haowen.… import …）"
            if node.module and node.module.split(".")[0] == "haowen":
                yield node, node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "haowen":
                    yield node, alias.name, []


def import_graph() -> dict[str, set[str]]:
    """Module → the haowen modules it imports (a `from pkg import module` counts as the module)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        edges = graph.setdefault(module_name(path), set())
        for _, module, names in haowen_imports(path):
            subs = [f"{module}.{n}" for n in names if is_module(f"{module}.{n}")]
            edges.update(subs or [module])
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), and modules importing themselves."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(path: Path) -> Iterator[str]:
    """`from haowen.x import _y`, and `x._y` / setattr(x, "_y") on a haowen module bound to a name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    modules: set[str] = set()
    for node, module, _names in haowen_imports(path):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if private(alias.name):
                    yield f"{shown}:{node.lineno}: from {module} import {alias.name}"
                if is_module(f"{module}.{alias.name}"):
                    modules.add(alias.asname or alias.name)
        else:
            for alias in node.names:  # type: ignore[attr-defined]
                modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in modules:
                yield f"{shown}:{node.lineno}: {ast.unparse(node)}"
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name) \
                and node.args[0].id in modules and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) \
                and isinstance(node.args[1].value, str) and private(node.args[1].value):
            yield f"{shown}:{node.lineno}: {ast.unparse(node)}"


def test_no_import_cycle_among_modules() -> None:
    graph = import_graph()
    assert len(graph) > 50, "the package was not found"
    assert cycles(graph) == []


def test_cycle_finder_sees_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_private_name_used_across_modules() -> None:
    found = [use for path in python_files() for use in private_uses(path)]
    assert found == []


def test_private_use_finder_sees_them(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from haowen.io import store\nfrom haowen.catalog.urls import _x\n"
                      "store._y\nsetattr(store, '_z', 1)\nstore.__doc__\n", encoding="utf-8")
    found = list(private_uses(sample))
    assert [f.split(": ", 1)[1] for f in found] == [
        "from haowen.catalog.urls import _x", "store._y", "setattr(store, '_z', 1)"]


# Which rooms each room may import (besides itself); see ARCHITECTURE.md.  `commands` only from cli.
ALLOWED = {
    "io": {"text"},
    "text": set(),
    "catalog": {"io", "text"},
    "suggest": {"catalog", "io", "text"},
    "validation": {"catalog", "io", "text"},
    "editing": {"catalog", "io", "text", "validation"},
    "importing": {"catalog", "io", "text", "suggest"},
    "web": {"catalog", "io", "text"},
    "linkcheck": {"catalog", "io", "text", "web"},
    "export": {"catalog", "io", "text"},
    "site": {"catalog", "io", "text", "export"},
}


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else parts[-1]


def test_rooms_import_only_what_lies_below_them() -> None:
    wrong = []
    for module, imports in import_graph().items():
        own = room(module)
        for target in imports:
            other = room(target)
            if other == own or target == "haowen":
                continue
            if own in ALLOWED and other not in ALLOWED[own]:
                wrong.append(f"{module} → {target}")
            if other == "commands" and module != "haowen.cli":
                wrong.append(f"{module} → {target}")
    assert wrong == []


def test_site_pages_use_no_mkdocs_types() -> None:
    """Page renderers return Markdown from the catalogue: a move off MkDocs/Material keeps them (ARCHITECTURE.md)."""
    wrong = []
    for path in sorted((PACKAGE / "site" / "pages").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            wrong += [f"{path.relative_to(ROOT)}:{node.lineno}: {n}" for n in names
                      if n.split(".")[0] in ("mkdocs", "material")]
    assert wrong == []


# Documents whose comments and prose name modules and files of the code.
PROSE = [*python_files(), ROOT / "ARCHITECTURE.md", ROOT / "CONTRIBUTING.md", ROOT / "benchmarks" / "README.md",
         ROOT / "pyproject.toml"]
DOTTED = re.compile(r"\bhaowen(?:\.[A-Za-z_]\w*)+")
PY_PATH = re.compile(r"(?<![\w/.-])(?:[a-z_]+/)+[a-z_]+\.py\b")


def resolves(dotted: str) -> bool:
    """`haowen.a.b` or `haowen.a.b.name`: a module of the package, or a name defined in one."""
    parts = dotted.split(".")
    for cut in range(len(parts), 1, -1):
        if is_module(".".join(parts[:cut])):
            return cut == len(parts) or hasattr(importlib.import_module(".".join(parts[:cut])), parts[cut])
    return False


def stale_names(text: str) -> Iterator[str]:
    """Module names (`haowen.a.b`) and file paths (`room/module.py`) in `text` that name nothing."""
    for match in DOTTED.finditer(text):
        if not resolves(match.group(0)):
            yield match.group(0)
    for match in PY_PATH.finditer(text):
        if not any(base.joinpath(match.group(0)).exists() for base in (ROOT, ROOT / "scripts", PACKAGE)):
            yield match.group(0)


def test_comments_name_modules_and_files_that_exist() -> None:
    """A comment naming `haowen.urls` or `haowen/parallel_validate.py` after a rename sends readers nowhere."""
    found = [f"{path.relative_to(ROOT)}: {name}" for path in PROSE if path != Path(__file__)
             for name in stale_names(path.read_text(encoding="utf-8"))]
    assert found == []


def test_readme_names_modules_and_files_that_exist() -> None:
    """README's prose (the article list, full of other people's file names, left out)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    prose = readme.split("## 文章列表")[0] + readme.split("## English")[1]
    assert list(stale_names(prose)) == []


def test_stale_name_finder_sees_them() -> None:
    text = "# see haowen.urls.canonical and haowen/parallel_validate.py; haowen.io.store and site/plugin.py are fine\n"
    assert list(stale_names(text)) == ["haowen.urls.canonical", "haowen/parallel_validate.py"]


def class_bodies() -> Iterator[tuple[str, str]]:
    """(the code of a class body without its docstring, where the class is) for every class of the package."""
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                body = node.body[1:] if ast.get_docstring(node) is not None else node.body
                if body and not all(isinstance(b, ast.Pass) for b in body):
                    bases = ",".join(ast.unparse(b) for b in node.bases)
                    yield f"{bases}|" + "\n".join(ast.unparse(b) for b in body), f"{module_name(path)}.{node.name}"


def test_no_two_classes_are_written_out_twice() -> None:
    """Error classes carrying problems share one definition (io/problems.py: ProblemsError)."""
    seen: dict[str, list[str]] = {}
    for body, where in class_bodies():
        seen.setdefault(body, []).append(where)
    assert [names for names in seen.values() if len(names) > 1] == []


def test_front_matter_is_written_once() -> None:
    """The front matter keeping generated pages out of search has one definition (site/pages/frontmatter.py)."""
    holders = [module_name(p) for p in sorted(PACKAGE.rglob("*.py")) if "exclude: true" in p.read_text(encoding="utf-8")]
    assert holders == ["haowen.site.pages.frontmatter"]


def top_level_names(path: Path) -> Iterator[str]:
    """Functions, classes and assigned names defined at the top of a module (dunders aside)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name
        elif isinstance(node, ast.Assign):
            yield from (t.id for t in node.targets if isinstance(t, ast.Name) and not t.id.startswith("__"))


def test_every_top_level_definition_is_used() -> None:
    """Dead code: a definition nothing in the package, tests, benchmarks or pyproject.toml (entry points) names."""
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in [*python_files(), ROOT / "pyproject.toml"])
    counts: dict[str, int] = {}
    for word in re.findall(r"\w+", corpus):
        counts[word] = counts.get(word, 0) + 1
    unused = [f"{module_name(p)}.{name}" for p in sorted(PACKAGE.rglob("*.py")) for name in top_level_names(p)
              if counts.get(name, 0) < 2]
    assert unused == []
