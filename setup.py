"""What pyproject.toml cannot say: the wheel also carries the bundled example charters and the
app's resources (style sheets, icons), inside the package as ``charter_app/charters`` and
``charter_app/resources``, where :func:`charter_app.paths.bundled` finds them when no source
checkout surrounds the package. The repository keeps them at the top level.

Building also compiles the translations (``charter_app/locale/*/LC_MESSAGES/charter.po``) into
the ``.mo`` files gettext reads: into the wheel, or beside their sources for an editable
install. The ``.mo`` files are never committed."""

import importlib.util
import sys
from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

BUNDLED = {"charter_app.charters": "charters", "charter_app.resources": "resources"}
HERE = Path(__file__).resolve().parent


def folders(package: str, folder: str) -> list[str]:
    """``package`` (the folder ``folder``) and every folder under it, as packages: data folders
    are namespace packages."""
    found = find_namespace_packages(where=folder, exclude=["*__pycache__*"])
    return [package, *(f"{package}.{name}" for name in found)]


def _catalogues():
    """charter_app/catalogues.py loaded on its own (standard library only): importing the
    package here would need its dependencies in the build environment."""
    spec = importlib.util.spec_from_file_location(
        "_charter_catalogues", HERE / "charter_app" / "catalogues.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class BuildWithCatalogues(build_py):
    """``build_py`` that also writes every ``.mo``: into the build folder for a wheel, beside
    the ``.po`` sources for an editable install (which reads the source folder)."""

    def run(self):
        super().run()
        locale = HERE / "charter_app" / "locale"
        target = None if self.editable_mode else Path(self.build_lib) / "charter_app" / "locale"
        _catalogues().compile_tree(locale, target)

    def get_outputs(self, include_bytecode=True):
        outputs = super().get_outputs(include_bytecode)
        if not self.editable_mode:
            for po_path in PO_FILES:
                relative = po_path.relative_to(HERE).with_suffix(".mo")
                outputs.append(str(Path(self.build_lib) / relative))
        return outputs


PO_FILES = sorted((HERE / "charter_app" / "locale").glob("*/LC_MESSAGES/charter.po"))
data = [name for package, folder in BUNDLED.items() for name in folders(package, folder)]

setup(
    packages=[*folders("charter_app", "charter_app"), *data],
    package_dir=BUNDLED,
    package_data={
        "charter_app": ["py.typed"],
        **{f"charter_app.locale.{po.parent.parent.name}.LC_MESSAGES": ["*.po"] for po in PO_FILES},
        # The public site's Jinja2 templates, style sheet and search script.
        "charter_app.export.site.templates": ["*.html", "*.css", "*.js"],
        # The phone companion's templates, style sheet and script.
        "charter_app.web": ["templates/*.html", "static/*.css", "static/*.js"],
        **{name: ["*"] for name in data},
    },
    cmdclass={"build_py": BuildWithCatalogues},
)
