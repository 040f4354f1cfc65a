"""What pyproject.toml cannot say: the wheel also carries the bundled example charters and the
app's resources (style sheets, icons), inside the package as ``charter_app/charters`` and
``charter_app/resources``, where :func:`charter_app.paths.bundled` finds them when no source
checkout surrounds the package. The repository keeps them at the top level."""

from setuptools import find_namespace_packages, setup

BUNDLED = {"charter_app.charters": "charters", "charter_app.resources": "resources"}


def folders(package: str, folder: str) -> list[str]:
    """``package`` (the folder ``folder``) and every folder under it, as packages: data folders
    are namespace packages."""
    found = find_namespace_packages(where=folder, exclude=["*__pycache__*"])
    return [package, *(f"{package}.{name}" for name in found)]


data = [name for package, folder in BUNDLED.items() for name in folders(package, folder)]

setup(
    packages=[*folders("charter_app", "charter_app"), *data],
    package_dir=BUNDLED,
    package_data={
        "charter_app": ["py.typed"],
        "charter_app.locale.fr.LC_MESSAGES": ["*.po"],
        # The public site's Jinja2 templates, style sheet and search script.
        "charter_app.export.site.templates": ["*.html", "*.css", "*.js"],
        # The phone companion's templates, style sheet and script.
        "charter_app.web": ["templates/*.html", "static/*.css", "static/*.js"],
        **{name: ["*"] for name in data},
    },
)
