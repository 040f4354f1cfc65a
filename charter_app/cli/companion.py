"""``charter workshop serve``: the running workshop served to participants' phones.

Prints the short address, the session code and the QR link (and writes the A4 poster when
asked), then serves until Ctrl+C or until the workshop ends; each contribution is announced on
one line. Contributions are published at once here; holding them for the facilitator's approval
is offered in the app, where they can be read and accepted.
"""

from __future__ import annotations

import argparse
import signal
import time
from pathlib import Path
from typing import Any

from charter_app.application.companion import Companion
from charter_app.application.written import Written
from charter_app.cli.common import author_of, open_session
from charter_app.i18n import _


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def cmd_serve(args: argparse.Namespace) -> int:
    from charter_app.web.server import CompanionServer, check_bind

    check_bind(args.bind)
    with open_session(args) as session:
        author = author_of(args, session.repository.load())
        companion = Companion.open(session, author, "published")
        if args.dots:
            companion.set_dots_open(True)
        server = CompanionServer(companion, bind=args.bind, port=args.port)
        workshop = companion.workshop
        assert workshop is not None

        def announce(written: Written[Any]) -> None:
            if written.summary:
                print(_("Recorded: {message}").format(message=written.summary), flush=True)

        stop_announcing = session.subscribe(announce)
        server.start()
        print(_("Workshop {number} is open to phones.").format(number=workshop.label))
        print(_("Address: http://{address}").format(address=server.address))
        print(_("Session code: {code}").format(code=companion.code_display))
        print(_("QR code link: {link}").format(link=server.link))
        if args.poster:
            from charter_app.web.poster import poster_pdf

            Path(args.poster).write_bytes(
                poster_pdf(session.repository.load().title, workshop.display, server.link,
                           server.address, companion.code_display)
            )  # fmt: skip
            print(_("Poster written to {path}.").format(path=args.poster))
        print(_("Press Ctrl+C to close it."), flush=True)

        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            while server.running:
                time.sleep(0.5)
                if companion.workshop is None:
                    print(_("The workshop has ended: phones are closed."), flush=True)
                    break
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.stop()
            stop_announcing()
            kept = companion.close()
            held = len([r for r in companion.receipts.values() if r.state == "held"])
            if held and kept is not None:
                print(_("{count} contributions were still waiting; they are kept in {path}.")
                      .format(count=held, path=kept))  # fmt: skip
            print(_("The companion is closed: every link and code stopped working."))
    return 0
