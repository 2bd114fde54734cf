"""The layers of docs/architecture.md, held against the code's own imports.

Each module of the package belongs to one layer by its folder; a module may import its
own layer and the layers below it, never one above. The pure domain layer also imports
nothing that reaches the clock, the environment, files, a database or a terminal, and a
command module never imports another command module (commands share through the layers
below, or through cli/context.py and cli/options.py, which are not commands).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "yuesong_cli"

# Lowest first. errors.py and messages.py are the base every layer may use; system/ is
# what the operating system differs in (files, permissions, the console), below the
# store and the output, which both write files.
LAYERS = ("base", "domain", "system", "store", "ledger", "output", "cli")

# What the pure layer must not import: I/O, the clock, the environment, the terminal.
IMPURE = {
    "os", "sys", "sqlite3", "sqlite_utils", "rich", "typer", "click", "platformdirs",
    "pendulum", "time", "pathlib", "shutil", "subprocess", "tempfile", "getpass", "socket",
    "zoneinfo", "io", "multiprocessing", "concurrent", "logging", "openpyxl",
}
# Calls in the pure layer that read the clock.
CLOCK_CALLS = {"now", "today", "utcnow", "time", "monotonic"}

# Command modules that are infrastructure of the cli layer, not commands.
CLI_SHARED = {"app", "context", "options", "exporting", "__init__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in LAYERS:
        return parts[1]
    return "base"


def imports_of(path: Path, module_of_path: str | None = None) -> list[tuple[int, str]]:
    """Every module ``path`` imports, with its line, lazy imports inside functions and
    relative imports (resolved against the module's package, ``module_of_path`` if the
    file lies elsewhere) too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = (module_of_path or module_name(path)).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            if module.startswith("yuesong_cli"):
                # `from yuesong_cli.domain import audit` may import a module of that package.
                found.extend((node.lineno, f"{module}.{a.name}") for a in node.names)
    return found


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__main__.py")


def test_every_module_is_in_a_known_layer() -> None:
    folders = {p.parent.name for p in SOURCES if p.parent != PACKAGE}
    assert folders <= set(LAYERS), folders
    top = {p.stem for p in SOURCES if p.parent == PACKAGE}
    assert top == {"__init__", "errors", "messages"}, top


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: module_name(p))
def test_no_module_imports_a_layer_above_its_own(path: Path) -> None:
    own = LAYERS.index(layer_of(module_name(path)))
    upward = [
        f"line {line}: {name}"
        for line, name in imports_of(path)
        if name.startswith("yuesong_cli.") and LAYERS.index(layer_of(name)) > own
    ]
    assert upward == []


@pytest.mark.parametrize(
    "path", [p for p in SOURCES if layer_of(module_name(p)) == "output"],
    ids=lambda p: module_name(p),
)
def test_output_is_handed_values_and_reads_no_store(path: Path) -> None:
    """Output builds pages from the report values the ledger returns (it may name their
    types), never from the store or a database."""
    reads = [
        f"line {line}: {name}"
        for line, name in imports_of(path)
        if layer_of(name) == "store" and name.startswith("yuesong_cli.")
        or name.split(".")[0] in ("sqlite3", "sqlite_utils")
    ]
    assert reads == []


@pytest.mark.parametrize(
    "path", [p for p in SOURCES if layer_of(module_name(p)) in ("base", "domain")],
    ids=lambda p: module_name(p),
)
def test_the_pure_layer_reaches_no_clock_environment_file_or_terminal(path: Path) -> None:
    impure = [
        f"line {line}: {name}"
        for line, name in imports_of(path)
        if name.split(".")[0] in IMPURE
    ]
    assert impure == []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    clock = [
        f"line {node.lineno}: {ast.unparse(node.func)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCK_CALLS
    ]
    assert clock == []
    opened = [
        f"line {node.lineno}" for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and node.func.id in ("open", "input", "print")
    ]
    assert opened == []


@pytest.mark.parametrize(
    "path", [p for p in SOURCES if p.parent.name == "cli" and p.stem not in CLI_SHARED],
    ids=lambda p: module_name(p),
)
def test_a_command_imports_no_other_command(path: Path) -> None:
    own = module_name(path)
    others = [
        f"line {line}: {name}"
        for line, name in imports_of(path)
        if name.startswith("yuesong_cli.cli.")
        and name != own
        and name.split(".")[2] not in CLI_SHARED
    ]
    assert others == []


def test_the_checks_catch_what_they_are_meant_to(tmp_path: Path) -> None:
    """The walker sees top-level, lazy, relative and from-package imports alike."""
    sample = tmp_path / "probe.py"
    sample.write_text(
        "import os\nfrom yuesong_cli.store import db\nfrom ..ledger import duelist\n"
        "from . import dates\n"
        "def f():\n    from yuesong_cli.cli.due import due\n    import rich.console\n",
        encoding="utf-8",
    )
    names = sorted(name for _line, name in imports_of(sample, "yuesong_cli.domain.probe"))
    assert names == sorted([
        "os", "yuesong_cli.store", "yuesong_cli.store.db", "yuesong_cli.ledger",
        "yuesong_cli.ledger.duelist", "yuesong_cli.domain", "yuesong_cli.domain.dates",
        "yuesong_cli.cli.due", "yuesong_cli.cli.due.due", "rich.console",
    ])
    assert layer_of("yuesong_cli.cli.due") == "cli"
    assert layer_of("yuesong_cli.errors") == "base"
    assert layer_of("yuesong_cli.store.db") == "store"
