"""The registry of personal data: per model that holds data about a person, how to find their rows and what to export.

The export for "Mijn gegevens" (AVG art. 15 and 20) reads exactly this registry, one query per source. A test walks every
model with a relation to the user model and fails when it is neither registered here nor excluded with a reason, so a
later model cannot be forgotten."""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from kring.models import User

# Anonymised accounts get an address in a reserved top-level domain (RFC 2606): unique and never deliverable.
ANONIEM_DOMEIN = "kringportaal.invalid"


def is_geanonimiseerd(gebruiker: User) -> bool:
    return gebruiker.email.endswith("@" + ANONIEM_DOMEIN)


@dataclass(frozen=True)
class Bron:
    """One source of personal data. `via` names the lookups (relations to the user, or `pk` for the user itself) that
    select the person's rows; `ook` adds rows found another way (the audit events about the person)."""

    sleutel: str
    titel: str
    model: str
    velden: tuple[str, ...]
    omschrijving: str
    via: tuple[str, ...] = ()
    ook: Callable[[User], Q] | None = None

    def queryset(self, gebruiker: User):
        voorwaarden = [Q(**{relatie: gebruiker.pk}) for relatie in self.via]
        if self.ook is not None:
            voorwaarden.append(self.ook(gebruiker))
        # Related lookups (organisatie__naam) are joined, so each source costs one query however many rows it has.
        return (
            apps.get_model(self.model)
            ._default_manager.filter(reduce(operator.or_, voorwaarden))
            .order_by("pk")
            .values(*self.velden)
        )


def audit_over_persoon(gebruiker: User) -> Q:
    return Q(object_type__app_label="kring", object_type__model="user", object_id=str(gebruiker.pk))


BRONNEN = (
    Bron(
        sleutel="account",
        titel="Uw account",
        model="kring.User",
        via=("pk",),
        velden=(
            "email",
            "naam",
            "organisatie__naam",
            "status",
            "status_reden",
            "is_stuurgroep",
            "is_beheerder",
            "is_tekenbevoegd",
            "aangemaakt_op",
            "last_login",
        ),
        omschrijving="Uw naam, e-mailadres, organisatie, rollen en de status van uw account: om u toegang te geven "
        "en te laten zien wie er in de kring meedoet. Uw wachtwoord staat alleen als onomkeerbare hash opgeslagen en "
        "zit niet in de download.",
    ),
    Bron(
        sleutel="e-mailadressen",
        titel="E-mailadressen",
        model="account.EmailAddress",
        via=("user",),
        velden=("email", "verified", "primary"),
        omschrijving="Uw e-mailadressen en of u ze bevestigd heeft: om in te loggen en u berichten te sturen.",
    ),
    Bron(
        sleutel="gekoppelde_accounts",
        titel="Gekoppelde accounts (single sign-on)",
        model="socialaccount.SocialAccount",
        via=("user",),
        velden=("provider", "uid", "date_joined", "last_login"),
        omschrijving="Het account van uw gemeente waarmee u inlogt (single sign-on), met de kenmerkende code die "
        "uw gemeente meestuurt. Toegangssleutels van de gemeente bewaren en tonen wij niet.",
    ),
    Bron(
        sleutel="tweede_factoren",
        titel="Tweede factoren",
        model="mfa.Authenticator",
        via=("user",),
        velden=("type", "created_at"),
        omschrijving="Welke tweede factor u gebruikt en sinds wanneer. De geheime sleutel en de herstelcodes "
        "staan er niet in: die blijven geheim, ook voor u.",
    ),
    Bron(
        sleutel="sessies",
        titel="Sessies",
        model="usersessions.UserSession",
        via=("user",),
        velden=("ip", "user_agent", "created_at", "last_seen_at"),
        omschrijving="Waar u ingelogd bent: IP-adres, browser en laatste activiteit, zodat u een onbekende sessie "
        "kunt herkennen en beëindigen.",
    ),
    Bron(
        sleutel="ondertekeningen",
        titel="Ondertekeningen van de intentieovereenkomst",
        model="kring.Ondertekening",
        via=("ondertekenaar",),
        velden=(
            "overeenkomst__titel",
            "overeenkomst__versie",
            "organisatie__naam",
            "naam_ondertekenaar",
            "functie",
            "ondertekend_op",
        ),
        omschrijving="De intentieovereenkomsten die u namens uw organisatie ondertekende, met de naam en functie "
        "zoals die onder de overeenkomst staan.",
    ),
    Bron(
        sleutel="rapporten",
        titel="Aangevraagde rapporten",
        model="kring.Rapport",
        via=("aangevraagd_door",),
        velden=("soort", "titel", "parameters", "status", "fout", "aangevraagd_op", "gestart_op", "klaar_op"),
        omschrijving="De rapporten (PDF) die u aanvroeg, zodat u ze kunt terugvinden.",
    ),
    Bron(
        sleutel="herinneringen",
        titel="Verstuurde herinneringen",
        model="kring.Herinnering",
        via=("ontvanger",),
        velden=("soort", "object_type__model", "object_id", "vervaldatum", "verstuurd_op", "in_overzicht"),
        omschrijving="De herinneringen die wij u stuurden, zodat u er geen twee keer een krijgt.",
    ),
    Bron(
        sleutel="herinneringsvoorkeuren",
        titel="Herinneringsvoorkeuren",
        model="kring.HerinneringVoorkeur",
        via=("gebruiker",),
        velden=("soort", "frequentie"),
        omschrijving="Hoe vaak u welke herinnering wilt krijgen.",
    ),
    Bron(
        sleutel="verwijderverzoeken",
        titel="Verwijderverzoeken",
        model="kring.Verwijderverzoek",
        via=("gebruiker",),
        velden=("toelichting", "status", "aangevraagd_op", "afgehandeld_op", "reden_afwijzing"),
        omschrijving="Uw verzoeken om uw gegevens te verwijderen en wat ermee gebeurde.",
    ),
    Bron(
        sleutel="werkgroep_lidmaatschappen",
        titel="Werkgroeplidmaatschappen",
        model="werkgroepen.Lidmaatschap",
        via=("gebruiker",),
        velden=("werkgroep__naam", "rol", "van", "tot"),
        omschrijving="De werkgroepen waarin u zit of zat, met uw rol en de periode.",
    ),
    Bron(
        sleutel="auditlog",
        titel="Auditlog",
        model="kring.AuditEvent",
        via=("actor",),
        ook=audit_over_persoon,
        velden=(
            "tijdstip",
            "actie",
            "actor_omschrijving",
            "object_type__model",
            "object_id",
            "object_omschrijving",
            "voor",
            "na",
            "ip_adres",
        ),
        omschrijving="Het logboek van wat u deed en wat er met uw account gebeurde (inloggen, wijzigingen, "
        "beslissingen), met tijdstip en IP-adres: om misbruik te herkennen en verantwoording af te leggen.",
    ),
    Bron(
        sleutel="beheerlogboek",
        titel="Logboek van het beheerscherm",
        model="admin.LogEntry",
        via=("user",),
        velden=("action_time", "content_type__model", "object_repr", "action_flag", "change_message"),
        omschrijving="Alleen voor beheerders: wat u in het beheerscherm wijzigde.",
    ),
    # -- werkgroepen
    # -- uitvoeringsagenda
    # -- bijeenkomsten
    # -- signalen en agenda-feed
    # -- kennisbank
)

BRON = {bron.sleutel: bron for bron in BRONNEN}

# Relations to the user that deliberately do not select rows for the export, with the reason.
UITGESLOTEN = {
    ("kring.Verwijderverzoek", "afgehandeld_door"): "Het verzoek is van een ander; dat u het afhandelde staat in het "
    "auditlog, dat wel in de download zit.",
    # -- werkgroepen
    # -- uitvoeringsagenda
    # -- bijeenkomsten
    # -- signalen en agenda-feed
    # -- kennisbank
}


def persoonsgegevens_verzamelen(gebruiker: User) -> dict:
    """Everything the registry finds about `gebruiker`, as JSON-ready lists per source (one query per source)."""
    return {
        "gegenereerd_op": timezone.now(),
        "toelichting": "Alle gegevens die het Kringportaal over u bewaart, per soort. Zie /privacy/ voor het waarom.",
        "gegevens": {
            bron.sleutel: [
                {veld.replace("__", "_"): waarde for veld, waarde in rij.items()} for rij in bron.queryset(gebruiker)
            ]
            for bron in BRONNEN
        },
    }
