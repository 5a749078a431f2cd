"""The import contract: the layering the code keeps as the server and new commands arrive.

1. The stages (reading, extraction, grouping, checks, the pipeline that runs them, the
   cache) never import the command line or the report writers (report.py, formats/),
   directly or through another module: a stage runs the same under any front end.
2. The checks are pure functions of (entities, mentions, rules): they import no copydesk
   module that reads or writes files, no I/O module of their own, and call no open().

The imports are read from the source (every import statement, also those inside
functions, except those under `if TYPE_CHECKING:`), so a lazy import counts too.
"""
from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "copydesk"

STAGES = (
    "copydesk.ingest", "copydesk.extract", "copydesk.recover", "copydesk.casing", "copydesk.language",
    "copydesk.normalize", "copydesk.evidence", "copydesk.spellings", "copydesk.blocking", "copydesk.forms",
    "copydesk.slips", "copydesk.compare", "copydesk.resolve", "copydesk.scope", "copydesk.house",
    "copydesk.checks", "copydesk.suppress", "copydesk.pipeline", "copydesk.distribute", "copydesk.cache",
    "copydesk.nlp", "copydesk.model", "copydesk.model_process", "copydesk.stories", "copydesk.rules", "copydesk.workspace", "copydesk.atomic",
)
# the command line (its package, and a command kept in a module of its own: cli_house.py,
# cli_fix.py...) and the report writers
FRONT_ENDS = (
    "copydesk.cli", "copydesk.report", "copydesk.formats",
    *sorted(f"copydesk.{p.stem}" for p in PACKAGE.glob("cli_*.py")),
)

CHECKS = ("copydesk.checks",)
# copydesk modules that read or write files, load a model, or run the stages
IO_MODULES = (
    "copydesk.ingest", "copydesk.cache", "copydesk.pipeline", "copydesk.distribute", "copydesk.suppress",
    "copydesk.workspace", "copydesk.atomic", "copydesk.nlp", "copydesk.starter", "copydesk.entities",
    *FRONT_ENDS,
)
# modules of the standard library (and the usual third-party ones) that do I/O
IO_LIBRARIES = frozenset({
    "os", "io", "pathlib", "shutil", "sqlite3", "subprocess", "tempfile", "glob", "socket", "urllib",
    "http", "requests", "multiprocessing", "pickle", "shelve", "csv", "json", "yaml", "spacy",
})


def sources(package: Path = PACKAGE) -> dict[str, str]:
    """{module name: source} of every module of the package."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path.read_text(encoding="utf-8")
    return out


def _is_package(name: str, modules: Mapping[str, str]) -> bool:
    return any(m.startswith(name + ".") for m in modules)


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of the import nodes under `if TYPE_CHECKING:` (not imported at run time)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skipped


def imports(name: str, source: str, modules: Mapping[str, str]) -> set[str]:
    """The modules `name` imports at run time: copydesk modules by full name, others by
    their top-level name."""
    tree = ast.parse(source)
    skipped = _type_checking_only(tree)
    package = name if _is_package(name, modules) else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            out.add(base)
            # "from . import checks": the names may be modules themselves
            out |= {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules}
    return {m if m.startswith("copydesk") else m.split(".")[0] for m in out if m}


def graph(modules: Mapping[str, str]) -> dict[str, set[str]]:
    """Module -> what it imports; importing a submodule runs its packages' __init__ too."""
    edges: dict[str, set[str]] = {}
    for name, source in modules.items():
        targets = imports(name, source, modules)
        for target in list(targets):
            parts = target.split(".")
            targets |= {".".join(parts[:i]) for i in range(2, len(parts)) if ".".join(parts[:i]) in modules}
        edges[name] = targets
    return edges


def _under(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def forbidden_chains(edges: Mapping[str, set[str]], sources_: Iterable[str], forbidden: Iterable[str]) -> list[str]:
    """Each import chain from a module under `sources_` to one under `forbidden`, as
    "a -> b -> c" (the shortest per source module)."""
    forbidden = tuple(forbidden)
    chains = []
    for start in sorted(m for m in edges if _under(m, sources_)):
        seen, queue = {start: [start]}, [start]
        while queue:
            current = queue.pop(0)
            if current != start and _under(current, forbidden):
                chains.append(" -> ".join(seen[current]))
                break
            for nxt in sorted(edges.get(current, ())):
                if nxt in edges and nxt not in seen:
                    seen[nxt] = [*seen[current], nxt]
                    queue.append(nxt)
    return chains


def io_in_checks(modules: Mapping[str, str], checks: Iterable[str] = CHECKS) -> list[str]:
    """Direct I/O in the checks: an I/O library imported, or open() called."""
    problems = []
    for name, source in modules.items():
        if not _under(name, checks):
            continue
        problems += [f"{name} imports {lib}" for lib in sorted(imports(name, source, modules) & IO_LIBRARIES)]
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
                problems.append(f"{name}:{node.lineno} calls open()")
    return problems


MODULES = sources()
EDGES = graph(MODULES)


def test_the_contract_sees_the_whole_package() -> None:
    # a wrong path or parse would make every contract below pass vacuously
    assert {"copydesk.cli", "copydesk.ingest.read", "copydesk.checks.name_variant", "copydesk.report"} <= set(MODULES)
    assert "copydesk.ingest.read" in EDGES["copydesk.ingest"]
    assert forbidden_chains(EDGES, ["copydesk.cli"], ["copydesk.pipeline"])  # the CLI does run the stages
    assert "copydesk.cli_house" in FRONT_ENDS


def test_stages_never_import_the_command_line_or_the_report_writers() -> None:
    assert forbidden_chains(EDGES, STAGES, FRONT_ENDS) == []


def test_checks_import_no_io_module() -> None:
    assert forbidden_chains(EDGES, CHECKS, IO_MODULES) == []
    assert io_in_checks(MODULES) == []


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        # a stage reaching a report writer through a module that itself is allowed
        ("copydesk.resolve_helper", "from .formats.sarif import to_sarif\n",
         "copydesk.resolve -> copydesk.resolve_helper -> copydesk.formats"),
        # a lazy import inside a function counts
        ("copydesk.resolve_helper", "def f():\n    from copydesk.cli import main\n",
         "copydesk.resolve -> copydesk.resolve_helper -> copydesk.cli"),
    ],
)
def test_a_stage_importing_a_front_end_would_fail_the_contract(name: str, source: str, expected: str) -> None:
    modules = dict(MODULES)
    modules[name] = source
    modules["copydesk.resolve"] = MODULES["copydesk.resolve"] + "\nfrom . import resolve_helper\n"
    assert expected in forbidden_chains(graph(modules), STAGES, FRONT_ENDS)


def test_a_check_doing_io_would_fail_the_contract() -> None:
    modules = dict(MODULES)
    modules["copydesk.checks.bad"] = (
        "from __future__ import annotations\nimport pathlib\nfrom ..ingest import read_article\n"
        "def rule():\n    return open('x').read()\n"
    )
    assert "copydesk.checks.bad -> copydesk.ingest" in forbidden_chains(graph(modules), CHECKS, IO_MODULES)
    assert io_in_checks(modules) == ["copydesk.checks.bad imports pathlib", "copydesk.checks.bad:5 calls open()"]
    # an import only for type annotations is not an import at run time
    modules["copydesk.checks.bad"] = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..ingest import ArticleError\n"
    )
    assert forbidden_chains(graph(modules), CHECKS, IO_MODULES) == []
