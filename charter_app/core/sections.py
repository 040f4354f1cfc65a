"""Operations on sections (titled parts grouping principles): each returns the new charter and
what changed, as :mod:`charter_app.core.operations` does for principles."""

from __future__ import annotations

from dataclasses import replace

from charter_app.core.model import MAX_SECTION_LEVEL, Charter, Section
from charter_app.core.operations import Change, slugify
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import _


def _require(charter: Charter, section_id: str) -> Section:
    section = charter.section(section_id)
    if section is None:
        raise NotFoundError(
            _("There is no section “{id}” in this charter.").format(id=section_id),
            _("List the sections to see their ids."),
        )
    return section


def _clean(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError(
            _("A section needs a title."), _("Type its title, for example “Chapitre 2 : …”.")
        )
    return title


def _level(level: int) -> int:
    if not 1 <= level <= MAX_SECTION_LEVEL:
        raise ValidationError(
            _("A section's level is 1 (a part), 2 (inside a part) or 3."),
        )
    return level


def add_section(
    charter: Charter, title: str, after_id: str | None = None, level: int = 1
) -> tuple[Charter, Change, Section]:
    """A new, empty section at the end of the section order, or after section ``after_id``."""
    title = _clean(title)
    section = Section(
        slugify(title, {s.id for s in charter.sections}, charter.language), title, _level(level)
    )
    sections = list(charter.sections)
    position = len(sections)
    if after_id is not None:
        _require(charter, after_id)
        position = [s.id for s in sections].index(after_id) + 1
        after_level = sections[position - 1].level
        if level <= after_level:  # a peer goes after the sections inside ``after_id`` too
            while position < len(sections) and sections[position].level > after_level:
                position += 1
    sections.insert(position, section)
    new = replace(charter, sections=tuple(sections))
    return new, Change(_("Add section: {title}").format(title=title), meta=True), section


def edit_section(
    charter: Charter, section_id: str, *, title: str | None = None, level: int | None = None
) -> tuple[Charter, Change]:
    """A new title or level; the id and the principles in it stay."""
    old = _require(charter, section_id)
    new_section = replace(
        old,
        title=_clean(title) if title is not None else old.title,
        level=_level(level) if level is not None else old.level,
    )
    if new_section == old:
        return charter, Change(_("No change"))
    sections = tuple(new_section if s.id == section_id else s for s in charter.sections)
    summary = (
        _("Rename section “{old}”: {title}").format(old=old.title, title=new_section.title)
        if new_section.title != old.title
        else _("Change the level of section “{title}”").format(title=old.title)
    )
    return replace(charter, sections=sections), Change(summary, meta=True)


def remove_section(charter: Charter, section_id: str) -> tuple[Charter, Change]:
    """Remove a section; its principles stay where they are and join the section before it
    (or, for the first section, the one after it; none when it was the only one)."""
    old = _require(charter, section_id)
    ids = [s.id for s in charter.sections]
    index = ids.index(section_id)
    heir = ids[index - 1] if index > 0 else (ids[1] if len(ids) > 1 else "")
    moved = tuple(p.id for p in charter.principles if p.section == section_id)
    principles = tuple(
        replace(p, section=heir) if p.section == section_id else p for p in charter.principles
    )
    sections = tuple(s for s in charter.sections if s.id != section_id)
    return replace(charter, sections=sections, principles=principles), Change(
        _("Remove section: {title}").format(title=old.title), principles=moved, meta=True
    )
