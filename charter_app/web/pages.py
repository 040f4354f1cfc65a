"""The pages a phone reads: entering (QR link or short code), joining, the charter, one
principle, one amendment, "my contributions", and the small live-update answer."""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from charter_app.application.companion import Companion, Phone, State
from charter_app.application.snapshot import Snapshot
from charter_app.core.amendment_state import AmendmentStatus
from charter_app.core.dots import dots_left
from charter_app.core.model import ROLE_LABELS, Role
from charter_app.core.privacy_notice import PrivacyNotice, privacy_notice
from charter_app.core.supports import fold_supports
from charter_app.errors import NotFoundError
from charter_app.i18n import _
from charter_app.web import views
from charter_app.web.context import CLIENT_COOKIE, DOOR_COOKIE, Context, set_cookie


def state_label(state: str) -> str:
    labels = {
        State.PENDING: _("Being recorded"),
        State.UNSENT: _("Not recorded yet: send it again"),
        State.HELD: _("Waiting for the facilitator"),
        State.PUBLISHED: _("Recorded"),
        State.DECLINED: _("Not kept by the facilitator"),
    }
    return labels.get(State(state), state) if state in State._value2member_map_ else state


class Pages:
    """The GET routes (run in the server's thread pool: they may read the charter)."""

    def __init__(self, context: Context) -> None:
        self.context = context

    @property
    def companion(self) -> Companion:
        return self.context.companion

    def _joined(self, request: Request) -> Phone | Response:
        closed = self._closed(request)
        if closed is not None:
            return closed
        phone = self.context.phone(request)
        if phone is None:
            return RedirectResponse("/", 303)
        return phone

    def _closed(self, request: Request) -> Response | None:
        if self.companion.closed or self.companion.workshop is None:
            return self.context.refusal(
                request, 410,
                _("The workshop is over: contributions from phones are closed."),
                _("Thank you for taking part."),
            )  # fmt: skip
        return None

    # -- entering ----------

    def home(self, request: Request) -> Response:
        closed = self._closed(request)
        if closed is not None:
            return closed
        if self.context.phone(request) is not None:
            return RedirectResponse("/read", 303)
        if self.context.has_door(request):
            return RedirectResponse("/join", 303)
        return self.context.render(request, "home.html", error="")

    def link(self, request: Request) -> Response:
        """The QR code's link: its token opens the door."""
        closed = self._closed(request)
        if closed is not None:
            return closed
        if not self.companion.token_matches(str(request.path_params["token"])):
            return self.context.refusal(
                request, 403,
                _("This link is not (or no longer) valid."),
                _("Scan the QR code shown in the room now, or type the short code."),
            )  # fmt: skip
        return open_door(self.context, request)

    def join(self, request: Request) -> Response:
        closed = self._closed(request)
        if closed is not None:
            return closed
        if not self.context.has_door(request):
            return RedirectResponse("/", 303)
        return self.context.render(
            request, "join.html", roles=roles(), error="", name="", notice=notice(self.companion)
        )

    # -- reading ----------

    def charter(self, request: Request) -> Response:
        phone = self._joined(request)
        if not isinstance(phone, Phone):
            return phone
        snapshot = self.companion.snapshot_for(phone)
        counts = {p.id: snapshot.comment_count(p.id) for p in snapshot.charter.principles}
        amendments = snapshot.registered()
        return self.context.render(
            request, "charter.html", phone=phone, charter=snapshot.charter, counts=counts,
            amendments=amendments,
            dots=self._dots(phone),
        )  # fmt: skip

    def principle(self, request: Request) -> Response:
        phone = self._joined(request)
        if not isinstance(phone, Phone):
            return phone
        snapshot = self.companion.snapshot_for(phone)
        principle = snapshot.charter.principle(str(request.path_params["id"]))
        if principle is None:
            return self.context.refusal(
                request, 404, _("This principle is no longer in the charter."),
                _("Go back to the charter and choose it again."),
            )  # fmt: skip
        return self.context.render(
            request, "principle.html", phone=phone, principle=principle,
            rows=views.numbered(principle), threads=views.threads(snapshot, principle.id),
            amendments=snapshot.amendments_on(principle.id), dots=self._dots(phone),
            sent=self._sent(request, phone),
        )  # fmt: skip

    def amendment(self, request: Request) -> Response:
        phone = self._joined(request)
        if not isinstance(phone, Phone):
            return phone
        snapshot = self.companion.snapshot_for(phone)
        try:
            record = snapshot.ledger.find(str(request.path_params["id"]))
        except NotFoundError as error:
            return self.context.refusal(request, 404, error.message, error.hint)
        if record.status is AmendmentStatus.DRAFT:
            return self.context.refusal(request, 404, _("This amendment is not under discussion."))
        view = views.amendment_view(snapshot, record)
        mine = _my_position(snapshot, record.id, phone.participant)
        return self.context.render(
            request, "amendment.html", phone=phone, view=view, record=record,
            threads=views.threads(snapshot, record.id), mine=mine, dots=self._dots(phone),
            open_=record.status is AmendmentStatus.REGISTERED, sent=self._sent(request, phone),
        )  # fmt: skip

    def mine(self, request: Request) -> Response:
        phone = self._joined(request)
        if not isinstance(phone, Phone):
            return phone
        receipts = sorted(self.companion.mine(phone), key=lambda r: r.at, reverse=True)
        return self.context.render(
            request, "mine.html", phone=phone, receipts=receipts, state_label=state_label,
            dots=self._dots(phone),
        )  # fmt: skip

    def live(self, request: Request) -> Response:
        """What the script polls: a value that changes whenever something was written."""
        token = self.companion.snapshots.token
        version = f"{hash(token) & 0xFFFFFFFF:08x}-{self.companion.version}"
        closed = self.companion.closed or self.companion.workshop is None
        return JSONResponse({"v": version, "closed": closed}, headers={"cache-control": "no-store"})

    # -- helpers ----------

    def _dots(self, phone: Phone) -> tuple[int, int] | None:
        """(left, budget) while dot voting is open, else None."""
        if not self.companion.dots_open:
            return None
        snapshot = self.companion.snapshot_for(phone)
        return dots_left(snapshot.events, snapshot.register, phone.participant)

    def _sent(self, request: Request, phone: Phone) -> str:
        """What became of the submission this page was reached after (``?sent=key``)."""
        key = request.query_params.get("sent", "")
        receipt = self.companion.receipts.get(key) if key else None
        if receipt is None or receipt.phone != phone.id:
            return ""
        return state_label(receipt.state)


def notice(companion: Companion) -> PrivacyNotice:
    """What is collected, why, for how long and whom to ask, shown before a phone joins (the
    kiosk shows the same notice)."""
    return privacy_notice(companion.snapshots.get().charter)


def roles() -> list[tuple[str, str]]:
    return [(role.value, _(ROLE_LABELS[role])) for role in Role]


def open_door(context: Context, request: Request) -> Response:
    """Let this browser join: a door cookie signed for its client value."""
    client = context.client(request) or secrets.token_urlsafe(16)
    response = RedirectResponse("/join", 303)
    set_cookie(response, CLIENT_COOKIE, client)
    set_cookie(response, DOOR_COOKIE, context.companion.sign("door", client))
    return response


def _my_position(snapshot: Snapshot, amendment_id: str, participant: str) -> str:
    tally = fold_supports(snapshot.events, snapshot.charter.participants).get(amendment_id)
    position = tally.positions.get(participant) if tally else None
    return position.value if position is not None else ""
