"""The short privacy notice shown where people take part: the kiosk, the phone companion.

Plain text with no markup (each surface lays it out), from the charter alone, so any surface can
show it: what is collected, why, for how long, whom to ask (GDPR articles 13 and 14, briefly).
"""

from __future__ import annotations

from dataclasses import dataclass

from charter_app.core.model import Charter
from charter_app.i18n import _, ngettext


@dataclass(frozen=True)
class PrivacyNotice:
    """The notice in four short paragraphs, each one line."""

    title: str
    collected: str
    why: str
    how_long: str
    whom: str

    @property
    def paragraphs(self) -> tuple[str, str, str, str]:
        return (self.collected, self.why, self.how_long, self.whom)

    def text(self) -> str:
        """The whole notice as plain text: the title, then one paragraph per line."""
        return "\n".join((self.title, *self.paragraphs))


def privacy_notice(charter: Charter) -> PrivacyNotice:
    """The notice for ``charter``, in the current language."""
    if charter.retention_months:
        how_long = ngettext(
            "Your name is kept until you ask for it to be erased, and at most {months} month "
            "after the charter you contributed to is adopted. Your contributions stay, "
            "without your name.",
            "Your name is kept until you ask for it to be erased, and at most {months} months "
            "after the charter you contributed to is adopted. Your contributions stay, "
            "without your name.",
            charter.retention_months,
        ).format(months=charter.retention_months)
    else:
        how_long = _(
            "Your name is kept until you ask for it to be erased. Your contributions stay, "
            "without your name."
        )
    whom = (
        _("To see, correct or erase what is kept about you, ask {contact}.").format(
            contact=charter.privacy_contact
        )
        if charter.privacy_contact
        else _("To see, correct or erase what is kept about you, ask the facilitator.")
    )
    return PrivacyNotice(
        title=_("Your personal data"),
        collected=_(
            "We keep the name or pseudonym you give, your role (resident, elected member, "
            "association, business or staff), your organisation if you give one, and what you "
            "write, support or vote on."
        ),
        why=_(
            "To show who proposed and discussed each part of the charter “{title}”, and to "
            "count how residents, associations and others took part."
        ).format(title=charter.title),
        how_long=how_long,
        whom=whom,
    )
