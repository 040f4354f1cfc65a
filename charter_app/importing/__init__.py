"""Bring a charter, or suggestions on one, in from the text people already have (Markdown, DOCX, ODT).

Three readers turn a file into one block model (:mod:`.blocks`); :mod:`.structure` finds the
title, preamble and principles in it and returns an :class:`~.plan.ImportPlan` to confirm
before :func:`~.plan.apply_plan` writes anything.
"""
