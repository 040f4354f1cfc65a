"""The workshop companion: the laptop serves the running workshop to participants' phones.

A small ASGI application (Starlette, served by uvicorn) with Jinja2 templates that escape
everything, a style sheet and a script of our own (the pages work without the script), and no
resource from anywhere else. Phones read the charter as the projector shows it and send
comments, new wordings, positions and dots; every write goes through
:mod:`charter_app.application.companion`, which calls the use cases every surface shares.
See docs/COMPANION.md for the threat model and the choices made.
"""
