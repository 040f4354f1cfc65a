"""Standalone HTML page: strict Content-Security-Policy, escaped title, nothing external."""

from __future__ import annotations

import re

import pytest

from charter_app.rendering import render_document


def test_page_has_a_strict_content_security_policy_before_any_content() -> None:
    page = render_document("Charte", "Texte", "fr")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None
    directives = [directive.strip() for directive in policy.group(1).split(";")]
    assert "default-src 'none'" in directives
    assert "style-src 'unsafe-inline'" in directives
    assert not any("script-src" in directive for directive in directives)
    assert page.index("Content-Security-Policy") < page.index("<title>")


def test_page_holds_the_fragment_language_and_escaped_title() -> None:
    page = render_document("Charte <script>alert(1)</script> & co", "# Principe\n\nTexte", "fr-BE")
    assert page.startswith("<!DOCTYPE html>\n")
    assert '<html lang="fr-BE">' in page
    assert "<title>Charte &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>" in page
    assert '<h1 data-line="0">Principe</h1>' in page


def test_page_loads_and_runs_nothing() -> None:
    page = render_document("t", "<script>x</script> ![i](https://e.org/i.png) <img src=x>", "en")
    assert "<script" not in page
    assert "<img" not in page
    assert "<link" not in page
    assert not re.search(r"\bsrc=", page.replace("&lt;img src=x&gt;", ""))


@pytest.mark.parametrize("lang", ["", 'fr" onload="x', "f", "fr_FR", "<fr>"])
def test_page_refuses_a_language_that_is_not_a_tag(lang: str) -> None:
    with pytest.raises(ValueError):
        render_document("t", "x", lang)
