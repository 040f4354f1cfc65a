"""The companion's ASGI application: its routes, its static files and its guard.

No route takes a path, a file name, a revision or a setting from the phone: pages name a
principle by id or an amendment by number, looked up in the workshop's snapshot; nothing reaches
the file system, git, another charter or the desktop's settings.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from charter_app.i18n import _, wording
from charter_app.web.context import Context, language_of, refusal_page
from charter_app.web.forms import Forms
from charter_app.web.pages import Pages
from charter_app.web.security import App, Guard, Receive, Scope, Send
from charter_app.web.templating import STATIC

KINDS = "comment|reply|amendment|position|dots"


class Language:
    """Answer each request in the phone's language (a context value: other phones and the
    window keep theirs)."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with wording(language_of(scope)):
            await self.app(scope, receive, send)


class CachedStatic(StaticFiles):
    """Our style sheet and script: cached by the phone for an hour (each page stays light)."""

    def file_response(self, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        response = super().file_response(*args, **kwargs)
        response.headers["cache-control"] = "public, max-age=3600"
        return response


def build_app(context: Context) -> Starlette:
    pages, forms = Pages(context), Forms(context)

    async def not_found(request: Request, _error: Exception) -> Response:
        return context.refusal(
            request, 404, _("There is no such page."), _("Go back to the charter.")
        )

    routes = [
        Route("/", pages.home),
        Route("/s/{token}", pages.link),
        Route("/code", forms.code, methods=["POST"]),
        Route("/join", pages.join),
        Route("/join", forms.join, methods=["POST"]),
        Route("/read", pages.charter),
        Route("/p/{id}", pages.principle),
        Route("/a/{id}", pages.amendment),
        Route("/mine", pages.mine),
        Route("/live", pages.live),
        Route("/preferences", forms.preferences, methods=["POST"]),
        Route("/send/{kind:str}", forms.contribute, methods=["POST"]),
        Mount("/static", CachedStatic(directory=str(STATIC)), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(Language),
            Middleware(
                Guard,
                allowed_hosts=lambda: context.allowed_hosts,
                limits=context.limits,
                identify=context.identify,
                refuse=refusal_page,
            ),
        ],
        exception_handlers={404: not_found, 405: not_found},
    )
    return app
