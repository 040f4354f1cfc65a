"""YAML that never surprises: every scalar stays the string typed; aliases and tags are refused,
and a document too large to be a charter's file is refused before it is parsed."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from charter_app.errors import FormatError
from charter_app.i18n import _
from charter_app.storage import yamlcanonical

if TYPE_CHECKING:
    import yaml

# PyYAML is imported when first needed: what the app wrote itself is read without it (see
# yamlcanonical), so a command that only reads a charter does not load it.
MAX_YAML_CHARACTERS = 2 * 1024 * 1024
"""The largest YAML document read (charter.yaml, participants.yaml, an event, an amendment, a
principle's front matter). Parsing takes about a second per megabyte and a hundred times its
size in memory, on every command; 2 MB is some 17,000 participants, far beyond a charter."""
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


def load(text: str, path: Path | str, first_line: int = 1) -> Any:
    """Parse ``text`` into dicts, lists and strings only. ``first_line`` numbers error lines."""
    if len(text) > MAX_YAML_CHARACTERS:
        raise FormatError(
            path,
            None,
            _(
                "the file is too large to be read ({size} MB; a charter's file is at most "
                "{limit} MB)."
            ).format(size=f"{len(text) / 1e6:.0f}", limit=MAX_YAML_CHARACTERS // (1024 * 1024)),
            _(
                "Check that it is the right file: a charter's files are much smaller. Reduce it "
                "in a text editor, or set it aside with “charter repair”; nothing was changed."
            ),
        )
    for number, line in enumerate(text.split("\n") if "\t" in text else (), start=first_line):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise FormatError(
                path,
                number,
                _("a tab is used for indentation."),
                _("Replace the tab with spaces in a text editor; nothing was changed."),
            )
    # What the app wrote itself is read by a fast reader; anything else by the general loader.
    canonical = yamlcanonical.parse(text)
    if canonical is not None:
        return canonical
    import yaml

    try:
        node = yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        error_line = mark.line + first_line if mark is not None else None
        raise FormatError(
            path, error_line, _("this is not valid YAML ({problem}).").format(problem=error.problem)
        ) from None
    except yaml.YAMLError as error:
        raise FormatError(
            path, None, _("this is not valid YAML ({problem}).").format(problem=str(error))
        ) from None
    if node is None:
        return {}
    return _construct(node, path, first_line, set())


def _construct(node: yaml.Node, path: Path | str, first_line: int, seen: set[int]) -> Any:
    import yaml

    line = node.start_mark.line + first_line
    if id(node) in seen:
        raise FormatError(
            path,
            line,
            _("YAML anchors and aliases (& and *) are not allowed."),
            _("Write the value out in full; nothing was changed."),
        )
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        raise FormatError(
            path,
            line,
            _("YAML tags such as “{tag}” are not allowed.").format(tag=node.tag),
            _("Remove the tag and write a plain value; nothing was changed."),
        )
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path, first_line, seen) for item in node.value]
    assert isinstance(node, yaml.MappingNode)
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = _construct(key_node, path, first_line, seen)
        if not isinstance(key, str):
            raise FormatError(path, key_node.start_mark.line + first_line, _("a key must be text."))
        if key in mapping:
            raise FormatError(
                path,
                key_node.start_mark.line + first_line,
                _("the key “{key}” appears twice.").format(key=key),
            )
        mapping[key] = _construct(value_node, path, first_line, seen)
    return mapping


_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")
"""Characters YAML reads as line breaks (NEL, line and paragraph separators): outside double
quotes, where they are escaped (``\\N``, ``\\L``, ``\\P``), they would come back as a space or
a newline at the next save."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    import yaml

    if any(character in value for character in _OTHER_BREAKS):
        style: str | None = '"'
    elif "\n" in value:
        style = "|"
    elif dumper.resolve(yaml.ScalarNode, value, (True, False)) != (  # type: ignore[no-untyped-call]
        "tag:yaml.org,2002:str"
    ):
        style = '"'
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _loader() -> type[Any]:
    """The general loader (libyaml's when present): plain nodes, constructed by hand below."""
    import yaml

    loader: type[Any] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    return loader


@cache
def _dumper() -> type[Any]:
    """The dumper: quotes (with ") any string YAML 1.1 would read as something else (no, 010,
    12:30...), and indents lists under their key, as people write them by hand."""
    import yaml

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)

    Dumper.add_representer(str, _str_representer)
    return Dumper


def dump(data: Any) -> str:
    """YAML text in key order as given, block style, UTF-8 characters kept readable."""
    import yaml

    return yaml.dump(
        data,
        Dumper=_dumper(),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )
