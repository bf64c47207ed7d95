"""Gemeenten, opdrachtnemers (valid, unique KvK numbers) and their people, with one password hash for everyone."""

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from allauth.account.models import EmailAddress

from kring.bulk.basis import DOMEIN, Omgeving
from kring.bulk.namen import ACHTERNAMEN, PLAATSEN, VAKKEN, VOORNAMEN
from kring.models import Organisatie, User

WACHTWOORD = "Kringbulk-2026!"  # noqa: S105 (printed on purpose; the command refuses to run in production)
# KvK numbers of the bulk companies: eight digits from here on, a fixed step apart (the demo uses 904xxxxx).
KVK_BEGIN = 61_000_000
KVK_STAP = 17


@dataclass
class Organisaties:
    gemeenten: list[Organisatie]
    bedrijven: list[Organisatie]
    # Relative size per organisation id: bigger gemeenten have more projects, bigger companies win more work.
    gewicht: dict[int, float]
    # Active people per organisation id (raters, coordinators, authors); the first is tekenbevoegd.
    mensen: dict[int, list[User]] = field(default_factory=dict)
    # Quality per organisation id, the mean score the other side gives it.
    kwaliteit: dict[int, float] = field(default_factory=dict)


def _ascii(tekst: str) -> str:
    tekst = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return "".join(teken for teken in tekst.lower() if teken.isalnum())


def maak_organisaties(omg: Omgeving) -> Organisaties:
    rng = omg.rng
    gemeenten = [
        Organisatie(
            naam=f"Gemeente {PLAATSEN[i % len(PLAATSEN)]}-{i + 1}",
            soort=Organisatie.Soort.GEMEENTE,
            plaats=PLAATSEN[i % len(PLAATSEN)],
            lid_sinds=datetime.date(2019 + i % 4, 1 + i % 12, 1),
        )
        for i in range(omg.aantal("gemeenten"))
    ]
    bedrijven = []
    for i in range(omg.aantal("bedrijven")):
        plaats = rng.choice(PLAATSEN)
        bedrijven.append(
            Organisatie(
                naam=f"{rng.choice(VAKKEN)} {plaats} {i + 1} B.V.",
                soort=Organisatie.Soort.OPDRACHTNEMER,
                kvk_nummer=f"{KVK_BEGIN + i * KVK_STAP:08d}",
                plaats=plaats,
                lid_sinds=datetime.date(2019, 3, 1) + datetime.timedelta(days=rng.randint(0, 5 * 365)),
            )
        )
    omg.opslaan(Organisatie, gemeenten + bedrijven)
    gewicht = {org.pk: 0.5 + rng.random() for org in gemeenten}
    gewicht |= {org.pk: rng.paretovariate(1.6) for org in bedrijven}
    organisaties = Organisaties(gemeenten=gemeenten, bedrijven=bedrijven, gewicht=gewicht)
    organisaties.kwaliteit = {org.pk: rng.gauss(7.0, 0.7) for org in gemeenten + bedrijven}
    maak_mensen(omg, organisaties)
    return organisaties


def maak_mensen(omg: Omgeving, organisaties: Organisaties) -> None:
    """Everyone at least one person; the rest spread by size, about a third at the gemeenten. A few accounts are
    still requested or blocked; the first person of each organisation may sign, the first of each gemeente is in the
    stuurgroep."""
    rng = omg.rng
    alle = organisaties.gemeenten + organisaties.bedrijven
    totaal = max(omg.aantal("personen"), len(alle))
    per_org = {org.pk: 1 for org in alle}
    gewichten = [organisaties.gewicht[org.pk] * (12 if org.soort == "gemeente" else 1) for org in alle]
    for org in rng.choices(alle, weights=gewichten, k=totaal - len(alle)):
        per_org[org.pk] += 1
    wachtwoord = make_password(WACHTWOORD)  # once: hashing 3,000 times would take minutes
    mensen, nummer = [], 0
    for org in alle:
        for index in range(per_org[org.pk]):
            nummer += 1
            voornaam, achternaam = rng.choice(VOORNAMEN), rng.choice(ACHTERNAMEN)
            status = User.Status.ACTIEF
            if index > 0 and rng.random() < 0.03:
                status = rng.choice([User.Status.AANGEVRAAGD, User.Status.GEBLOKKEERD])
            mensen.append(
                User(
                    email=f"{_ascii(voornaam)}.{_ascii(achternaam)}.{nummer}{DOMEIN}",
                    naam=f"{voornaam} {achternaam}",
                    organisatie=org,
                    password=wachtwoord,
                    status=status,
                    is_tekenbevoegd=index == 0,
                    is_stuurgroep=index == 0 and org.soort == Organisatie.Soort.GEMEENTE,
                    aangemaakt_op=omg.moment(
                        min(omg.vandaag, org.lid_sinds + datetime.timedelta(days=rng.randint(0, 700)))
                    ),
                )
            )
    omg.opslaan(User, mensen)
    omg.opslaan(
        EmailAddress, (EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in mensen)
    )
    for user in mensen:
        if user.status == User.Status.ACTIEF:
            organisaties.mensen.setdefault(user.organisatie_id, []).append(user)
