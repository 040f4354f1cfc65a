"""Packages whose names load their module when first asked for.

``diffing`` and ``rendering`` export names from several modules; importing them all up front
cost every command and the desktop's first paint the diff engine and markdown-it. A package
calls :func:`load_names_when_asked` with where each name lives; the name that is also a
module's name (``render``, ``merge3``) stays the function, whichever module loaded first.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any


def load_names_when_asked(
    package: str, homes: Mapping[str, str], function: str
) -> Callable[[str], Any]:
    """Make ``package`` load each name of ``homes`` (name -> module inside the package) when
    first asked for; returns the package's ``__getattr__``. ``function`` names the function
    that shares its module's name."""
    module = sys.modules[package]

    def load(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        setattr(module, name, value)
        return value

    class _Package(types.ModuleType):
        # Loading the module ``package.function`` sets it on the package: keep the function.
        def __setattr__(self, name: str, value: Any) -> None:
            if name == function and isinstance(value, types.ModuleType):
                return
            super().__setattr__(name, value)

    module.__class__ = _Package
    return load
