"""Bring a charter, or suggestions on one, in from the Markdown, DOCX and ODT files people have.

Three readers turn a file into one block model (:mod:`.blocks`), in which :mod:`.structure` finds
the title, preamble and principles for an :class:`~.plan.ImportPlan` that is shown, and only
written by :func:`~.plan.apply_plan` once confirmed.
"""
