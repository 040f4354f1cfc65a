"""The application layer: every use case that writes a charter, shared by every surface.

The ``charter`` command line, the desktop app and the phone companion call these functions with
plain values and who is writing; each validates, writes immutable files, commits with the right
trailers through the charter's one writer (:mod:`charter_app.application.session`), and returns
a :class:`~charter_app.application.written.Written` saying what changed. No surface composes
files or commits itself.
"""
