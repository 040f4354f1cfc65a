"""The principle pages: each text parsed, compared with the previous version and rendered, in a
second process too when the charter is large.

Most of a large site's time is here (a word diff and a page per principle and version), and the
pages do not depend on one another: chunks of principles are offered to one worker process from
the back while this process takes them from the front, as the diffing package does for long
texts. The pages are the same bytes whoever made them. A pool that cannot start leaves the work
to this process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace

from charter_app.core.comparing import Compared, status_of
from charter_app.core.model import Charter, Principle
from charter_app.diffing.nogc import cyclic_gc_paused
from charter_app.export.blocks import Block, Heading, Paragraph, markdown_blocks, nested_headings
from charter_app.export.blocks import plain as plain_text
from charter_app.export.comparison import compared_row
from charter_app.export.site.model import (
    Change,
    ParticipationView,
    PrinciplePage,
    PrincipleSource,
    Site,
    VersionView,
)
from charter_app.i18n import _, wording

PARALLEL_MIN_PRINCIPLES = 300
"""Pages of a site (principles times versions) from which a second process pays: starting one
costs about half a second."""
CHUNK = 50
_START_METHOD = "spawn"  # safe in a process running threads (the Qt application)

Made = tuple[PrinciplePage, bytes]
"""A principle's page: what it shows, and its HTML."""


@dataclass(frozen=True)
class Context:
    """What every principle page of one version needs besides its own principle. It crosses
    to the worker process with each chunk, so the site and the version come without their
    texts (:func:`context`)."""

    site: Site
    version: VersionView
    language: str
    menu: tuple[tuple[str, str], ...]


def context(
    site: Site, version: VersionView, language_code: str, menu: Sequence[tuple[str, str]]
) -> Context:
    """The light context of ``version``'s principle pages."""
    light_site = replace(site, versions=(), participation=ParticipationView((), (), (), 0))
    light_version = replace(
        version,
        charter=Charter(version.charter.title, language=version.charter.language),
        preamble=(),
        sources=(),
        deleted=(),
        principles=(),
    )
    return Context(light_site, light_version, language_code, tuple(menu))


Item = tuple[PrincipleSource, Principle | None, Principle | None]
"""A principle to make, with the principles before and after it (for the page's links)."""


def principle_page(source: PrincipleSource) -> PrinciplePage:
    """The principle's text as blocks (with its sections) and what changed since before."""
    body, sections = _body(source.principle.body)
    change = None
    if source.compared:
        change = _change(source)
    return PrinciplePage(
        source.principle, body, sections, change, source.amendments, source.workshops
    )


def _body(markdown: str) -> tuple[tuple[Block, ...], tuple[tuple[str, str], ...]]:
    """The principle's blocks, its headings given citable anchors (``s-1``...) and levels that
    follow one another from 3 (the page's h1 is the principle, its h2 the page's parts)."""
    blocks: list[Block] = []
    sections: list[tuple[str, str]] = []
    for block in nested_headings(markdown_blocks(markdown)):
        if isinstance(block, Heading):
            anchor = f"s-{len(sections) + 1}"
            sections.append((anchor, plain_text(block.spans)))
            block = replace(block, anchor=anchor)
        blocks.append(block)
    return tuple(blocks), tuple(sections)


def _change(source: PrincipleSource) -> Change:
    old, new = source.previous, source.principle
    if old is None:
        return Change("new", amendments=source.change_amendments)
    status = status_of(old, new)
    if status == "unchanged":
        return Change("unchanged")
    if status == "renumbered":  # the text is the same: say so, no diff
        line = _("Text unchanged; number {old} becomes {new}.").format(
            old=old.number, new=new.number
        )
        return Change("renumbered", notes=(line,))
    cells, _coarse = compared_row(Compared(status, old, new), ())
    notes = tuple(plain_text(b.spans) for b in cells[3] if isinstance(b, Paragraph))
    return Change("changed", cells[1], cells[2], notes, source.change_amendments)


def _items(version: VersionView) -> list[Item]:
    sources = version.sources
    return [
        (
            source,
            sources[index - 1].principle if index > 0 else None,
            sources[index + 1].principle if index + 1 < len(sources) else None,
        )
        for index, source in enumerate(sources)
    ]


def make_chunk(context: Context, items: Sequence[Item]) -> list[Made]:
    """The pages of ``items``, principles of ``context.version``."""
    from charter_app.export.site.pages import Renderer

    with wording(context.language), cyclic_gc_paused():
        renderer = Renderer(context.site, context.menu)
        made = []
        for source, before, after in items:
            page = principle_page(source)
            html = renderer.render(
                f"{context.version.key}/principles/{page.principle.id}.html",
                "principle.html",
                version=context.version,
                page=page,
                before=before,
                after=after,
            )
            made.append((page, html))
        return made


def chunk_count(versions: Sequence[VersionView]) -> int:
    """How many chunks :func:`make_all` makes of ``versions`` (one progress step each)."""
    return sum(-(-len(version.sources) // CHUNK) for version in versions)


def make_all(
    versions: Sequence[VersionView], contexts: Sequence[Context], step: Callable[[], None]
) -> list[list[Made]]:
    """Every principle page of ``versions`` (with their ``contexts``), one list per version."""
    every = [_items(version) for version in versions]
    chunks = [
        (number, items[start : start + CHUNK])
        for number, items in enumerate(every)
        for start in range(0, len(items), CHUNK)
    ]
    results: dict[int, list[Made]] = {}
    total = sum(len(items) for items in every)
    executor = None
    if total >= PARALLEL_MIN_PRINCIPLES:
        try:
            executor = ProcessPoolExecutor(1, multiprocessing.get_context(_START_METHOD))
        except (OSError, ValueError):
            executor = None
    futures: dict[int, Future[list[Made]]] = {}
    try:
        if executor is not None:
            try:
                for index in range(len(chunks) - 1, -1, -1):
                    number, items = chunks[index]
                    futures[index] = executor.submit(make_chunk, contexts[number], items)
            except RuntimeError:  # the pool could not start
                futures.clear()
        for index, (number, items) in enumerate(chunks):
            future = futures.get(index)
            if future is not None and not future.cancel():
                break  # the worker has it (or had it): the rest is the worker's
            step()
            results[index] = make_chunk(contexts[number], items)
        for index, future in futures.items():
            if index not in results:
                step()
                number, items = chunks[index]
                try:
                    results[index] = future.result()
                except Exception:  # a worker that died: do its share here
                    results[index] = make_chunk(contexts[number], items)
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
    grouped: list[list[Made]] = [[] for _ in versions]
    for index, (number, _chunk) in enumerate(chunks):
        grouped[number] += results[index]
    return grouped
