"""E-mails of the kring, rendered from templates/emails/. Each function sends one message (one SMTP transaction)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from kring.models import User
from kring.selectors.accounts import beheerders


def send(*, onderwerp: str, template: str, context: dict, to: list[str] | None = None, bcc: list[str] | None = None):
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + onderwerp,
        body=body,
        to=to or [],
        bcc=bcc or [],
        from_email=None,
    ).send()


def send_registration_to_beheerders(aanvrager: User) -> None:
    adressen = list(beheerders().values_list("email", flat=True))
    if not adressen:
        return
    send(
        onderwerp=f"Nieuwe registratie van {aanvrager.organisatie or 'een aanvrager'}",
        template="emails/registratie_beheerders.txt",
        context={"aanvrager": aanvrager, "wachtrij_url": settings.SITE_URL + reverse("kring:registraties")},
        bcc=adressen,
    )


def send_registration_decision(aanvrager: User) -> None:
    goedgekeurd = aanvrager.status == User.Status.ACTIEF
    send(
        onderwerp="Uw account is goedgekeurd" if goedgekeurd else "Uw registratie is niet goedgekeurd",
        template="emails/registratie_goedgekeurd.txt" if goedgekeurd else "emails/registratie_afgewezen.txt",
        context={"aanvrager": aanvrager, "login_url": settings.SITE_URL + reverse("account_login")},
        to=[aanvrager.email],
    )
