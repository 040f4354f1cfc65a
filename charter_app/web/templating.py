"""The companion's Jinja2 templates: shipped inside the package, every value escaped."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from charter_app.i18n import _, current_language, ngettext
from charter_app.rendering import render

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""Beside this module in a checkout, a wheel and the packaged app (packaging/pyinstaller)."""
STATIC = Path(__file__).resolve().parent / "static"


def markdown(text: str) -> Markup:
    """A participant's or the charter's Markdown, through the project's safe renderer (raw
    HTML shown as text, images as placeholders, only http/https/mailto links)."""
    return Markup(render(text).html)  # noqa: S704 - the safe renderer's output, escaped there


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(_=_, ngettext=ngettext, language=current_language)
    env.filters["markdown"] = markdown
    return env


def page(template: str, /, **values: Any) -> str:
    return environment().get_template(template).render(**values)
