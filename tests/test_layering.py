"""Imports only point downwards: a rank table of the layers, Qt only in ui/, git only in storage/.

The layers, bottom up (docs/DESIGN.md §2): the foundation (errors, translations, paths), the pure
``diffing``/``rendering``, the domain ``core``, ``storage`` (files and git), the ``application``
layer (every use case that writes), ``export``/``importing`` (documents out and in), and the
surfaces ``cli``, ``ui`` and ``web``. A module may import its own package and any lower rank;
never a higher rank, nor a sibling package of its own rank.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "charter_app"

RANKS = {
    "__init__": 0, "errors": 0, "i18n": 0, "paths": 0, "gitbinary": 0, "catalogues": 0, "lazy": 0,
    "diffing": 1, "rendering": 1,
    "core": 2,
    "storage": 3,
    "application": 4,
    "export": 5, "importing": 5,
    "web": 6,
    "cli": 7, "ui": 7,
}  # fmt: skip
"""The layer of each top-level module or package of ``charter_app``. The phone companion
(``web``) is a surface the two others host: ``charter workshop serve`` and the app's menu start
it, and it never calls them."""

ONLY_IN = {"PySide6": ("ui",), "git": ("storage",), "shiboken6": ("ui",)}
"""Third-party packages only one layer may import."""


def layer_of(relative: Path) -> str:
    first = relative.parts[0]
    return first.removesuffix(".py")


def imported(path: Path) -> list[tuple[str, int]]:
    """(module, line) of every import of ``path``, relative imports made absolute."""
    package = ".".join(("charter_app", *path.relative_to(PACKAGE).parent.parts))
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.append((module, node.lineno))
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_layer_has_a_rank() -> None:
    layers = {layer_of(path.relative_to(PACKAGE)) for path in modules()}
    assert layers <= set(RANKS), sorted(layers - set(RANKS))


def violations(relative: Path, imports: list[tuple[str, int]]) -> list[str]:
    """What is wrong with the imports of the module at ``relative`` (inside charter_app)."""
    layer = layer_of(relative)
    rank = RANKS[layer]
    wrong = []
    for module, line in imports:
        root = module.split(".")[0]
        if root in ONLY_IN and layer not in ONLY_IN[root]:
            wrong.append(f"line {line}: {module} outside {ONLY_IN[root]}")
        if root != "charter_app" or module == "charter_app":
            continue
        target = module.split(".")[1]
        if target == layer:
            continue
        target_rank = RANKS.get(target, 0)
        if target_rank > rank or (target_rank == rank and rank > 0):
            wrong.append(f"line {line}: {module} (rank {target_rank} from rank {rank})")
    return wrong


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_downwards(path: Path) -> None:
    relative = path.relative_to(PACKAGE)
    wrong = violations(relative, imported(path))
    assert not wrong, f"{relative}: " + "; ".join(wrong)


@pytest.mark.parametrize(
    ("module", "imports"),
    [
        ("core/x.py", "charter_app.storage.files"),  # upwards
        ("storage/x.py", "charter_app.application.session"),  # upwards
        ("export/x.py", "charter_app.importing.plan"),  # a sibling of the same rank
        ("ui/x.py", "charter_app.cli.common"),  # surfaces do not call each other
        ("web/x.py", "charter_app.ui.operations"),  # the companion never calls its hosts
        ("web/x.py", "charter_app.cli.common"),
        ("application/x.py", "git"),  # GitPython outside storage
        ("export/x.py", "PySide6.QtGui"),  # Qt outside ui
    ],
)
def test_the_rule_refuses(module: str, imports: str) -> None:
    assert violations(Path(module), [(imports, 1)])


def test_the_rule_allows_downwards_and_within() -> None:
    allowed = [("charter_app.storage.files", 1), ("charter_app.ui.workers", 2), ("git", 3)]
    assert not violations(Path("storage/x.py"), allowed[:1] + allowed[2:])
    assert not violations(Path("ui/x.py"), [("charter_app.application.session", 1), allowed[1]])


def test_core_storage_application_and_cli_do_not_load_qt() -> None:
    code = (
        "import sys, charter_app.core.operations, charter_app.storage.repository, "
        "charter_app.application.comments, charter_app.cli, charter_app.diffing, "
        "charter_app.rendering; "
        "print([m for m in sys.modules if m.startswith('PySide6')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
