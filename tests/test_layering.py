"""Imports only point downwards: Qt only in ui/ (and the export adapter), git only in storage/."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "charter_app"
QT_ALLOWED = ("ui/", "export/qt_")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layer_rules(path: Path) -> None:
    relative = path.relative_to(PACKAGE).as_posix()
    imported = imported_modules(path)
    roots = {name.split(".")[0] for name in imported}
    if not relative.startswith(QT_ALLOWED):
        assert "PySide6" not in roots, f"{relative} imports Qt"
    if not relative.startswith("storage/"):
        assert "git" not in roots, f"{relative} imports GitPython"
    if relative.startswith(("core/", "diffing/", "rendering/")):
        upward = [n for n in imported if n.startswith(("charter_app.storage", "charter_app.ui"))]
        assert not upward, f"{relative} imports a higher layer: {upward}"


def test_core_storage_and_cli_do_not_load_qt() -> None:
    code = (
        "import sys, charter_app.core.operations, charter_app.storage.repository, "
        "charter_app.cli, charter_app.diffing, charter_app.rendering; "
        "print([m for m in sys.modules if m.startswith('PySide6')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
