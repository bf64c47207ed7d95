"""Walking ids teaches an outsider nothing (DESIGN §5: another organisation's object answers 404, not 403).

Two outsiders — staff of another contractor (`on_ander`) and staff of another gemeente — ask every URL pattern that
names an object for each object of that kind they may not see, and for ids that do not exist (0, the next free id, ids
past 2³¹ and 2⁶³), with GET and with POST. Every answer must be the answer a missing object gets: 404, or — where the
role is refused before any object is looked up — the same 403 (or 405) for every id. Never 200, never a redirect,
never a server error.

The list of patterns comes from the URL resolver, so a new URL with an object in it fails
`test_every_object_pattern_is_classified` until it is listed here. Who may see what is written down below from the
rules in DESIGN §5, not taken from the selectors under test. The world is the access matrix's (`context`, which grows
with every new URL) plus a few objects it lacks: a closed pool offer, a gemeente-internal kennisitem.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Max, Q
from django.test import Client

import pytest

from kring.models import Organisatie, User
from tests import test_access_matrix as matrix
from tests.factories import KennisitemFactory, OrganisatieFactory, PoolaanbodFactory, UserFactory
from tests.test_access_matrix import MATRIX, all_patterns, fill_route

# The access matrix's world: an object for every URL, owned by the personas' organisations (a fixture).
context = matrix.context

pytestmark = pytest.mark.django_db

# Route parameters that name no object: a file format, a target status, a direction, allauth's keys and provider.
GEEN_OBJECT = {"formaat", "status", "richting", "key", "uidb36", "provider_id"}


def niets(user: User) -> Q:
    """The outsider sees none of these (pages for beheerders or for the stuurgroep only)."""
    return Q(pk__in=[])


def eigen(pad: str) -> Callable[[User], Q]:
    """Objects of the outsider's own organisation (reached through `pad`)."""
    return lambda user: Q(**{pad: user.organisatie_id})


def partij(plan: str) -> Callable[[User], Q]:
    """Objects of a contract the outsider's organisation is a party to: as the project's gemeente or the contractor."""
    return lambda user: (
        Q(**{f"{plan}project__gemeente_id": user.organisatie_id})
        | Q(**{f"{plan}opdrachtnemer_id": user.organisatie_id})
    )


def kennisitem_zichtbaar(pad: str = "") -> Callable[[User], Q]:
    """openbaar and leden: every member; werkgroep: its running members; gemeente: gemeente staff; and one's own."""

    def regel(user: User) -> Q:
        werkgroepen = user.lidmaatschappen.filter(tot__isnull=True).values("werkgroep_id")
        zichtbaar = (
            Q(**{f"{pad}zichtbaarheid__in": ["openbaar", "leden"]})
            | Q(**{f"{pad}zichtbaarheid": "werkgroep", f"{pad}werkgroep__in": werkgroepen})
            | Q(**{f"{pad}auteur": user})
        )
        if user.is_gemeente:
            zichtbaar |= Q(**{f"{pad}zichtbaarheid": "gemeente"})
        return zichtbaar

    return regel


def profiel_zichtbaar(user: User) -> Q:
    """One's own organisation's profile; gemeente staff every contractor's; contractors no one else's."""
    zichtbaar = Q(pk=user.organisatie_id)
    if user.is_gemeente:
        zichtbaar |= Q(soort=Organisatie.Soort.OPDRACHTNEMER)
    return zichtbaar


def pool_zichtbaar(user: User) -> Q:
    """Open offers are for every member; a closed one only for who offered, placed or showed interest."""
    o = user.organisatie_id
    return Q(status="open") | Q(kandidaat__opdrachtnemer_id=o) | Q(geplaatst_bij_id=o) | Q(interesse__organisatie_id=o)


@dataclass(frozen=True)
class Doel:
    model: str
    zichtbaar: Callable[[User], Q]


RAPPORT = Doel("kring.Rapport", lambda user: Q(aangevraagd_door=user))
OVEREENKOMST = Doel("kring.Intentieovereenkomst", lambda user: ~Q(status="concept"))
GEBRUIKER = Doel("kring.User", niets)
PLAN = Doel("pastperformance.Beoordelingsplan", partij(""))
RONDE = Doel("pastperformance.Beoordelingsronde", partij("plan__"))
BEOORDELING = Doel("pastperformance.Beoordeling", partij("ronde__plan__"))
BEZWAAR = Doel("pastperformance.Bezwaar", partij("beoordeling__ronde__plan__"))
VERPLICHTING = Doel("sroi.Verplichting", partij(""))
INZET = Doel("sroi.Inzetregel", partij("verplichting__"))
POOL = Doel("sroi.Poolaanbod", pool_zichtbaar)
KENNISITEM = Doel("werkgroepen.Kennisitem", kennisitem_zichtbaar())
VRAGENLIJST = Doel("pastperformance.Vragenlijst", niets)
WAARDETABEL = Doel("sroi.Waardetabel", niets)

# Pattern -> the kind of object its id names and what of that kind an outsider may see.
DOELEN = {
    "kring:registratie_goedkeuren": GEBRUIKER,
    "kring:registratie_afwijzen": GEBRUIKER,
    "kring:leden_organisatie": Doel("kring.Organisatie", lambda user: Q(lid_sinds__isnull=False)),
    "kring:gebruiker": GEBRUIKER,
    "kring:gebruiker_blokkeren": GEBRUIKER,
    "kring:gebruiker_heractiveren": GEBRUIKER,
    "kring:gebruiker_rollen": GEBRUIKER,
    "kring:gebruiker_anonimiseren": GEBRUIKER,
    "kring:verwijderverzoek_afwijzen": Doel("kring.Verwijderverzoek", niets),
    "kring:overeenkomst_detail": OVEREENKOMST,
    "kring:overeenkomst_ondertekenen": OVEREENKOMST,
    "kring:overeenkomst_bewerken": Doel("kring.Intentieovereenkomst", niets),
    "kring:overeenkomst_verwijderen": Doel("kring.Intentieovereenkomst", niets),
    "kring:overeenkomst_nieuwe_versie": Doel("kring.Intentieovereenkomst", niets),
    "kring:overeenkomst_status": Doel("kring.Intentieovereenkomst", niets),
    "kring:rapport_detail": RAPPORT,
    "kring:rapport_status": RAPPORT,
    "kring:rapport_download": RAPPORT,
    # -- werkgroepen: a join request exists for its applicant and for who judges it (trekkers, beheerders)
    "werkgroepen:aanmelding_goedkeuren": Doel("werkgroepen.Aanmelding", niets),
    "werkgroepen:aanmelding_afwijzen": Doel("werkgroepen.Aanmelding", niets),
    "werkgroepen:aanmelding_intrekken": Doel("werkgroepen.Aanmelding", lambda user: Q(gebruiker=user)),
    "werkgroepen:kennisitem": KENNISITEM,
    "werkgroepen:kennisitem_bewerken": KENNISITEM,
    "werkgroepen:kennisitem_nuttig": KENNISITEM,
    "werkgroepen:kennisbijlage": Doel("werkgroepen.Bijlage", kennisitem_zichtbaar("kennisitem__")),
    # -- projecten: an import is its gemeente's
    "projecten:import_detail": Doel("projecten.Projectimport", eigen("gemeente_id")),
    "projecten:import_verwerken": Doel("projecten.Projectimport", eigen("gemeente_id")),
    # -- pastperformance: plans, rounds, ratings and all that hangs on them are for the two parties
    "pastperformance:plan": PLAN,
    "pastperformance:plan_bewerken": PLAN,
    "pastperformance:kpi_nieuw": PLAN,
    "pastperformance:ronde": RONDE,
    "pastperformance:ronde_openen": RONDE,
    "pastperformance:ronde_vervallen": RONDE,
    "pastperformance:beoordelen": RONDE,
    "pastperformance:bespreking": RONDE,
    "pastperformance:afspraak_nieuw": RONDE,
    "pastperformance:reactie_verlengen": RONDE,
    "pastperformance:ronde_definitief": RONDE,
    "pastperformance:addendum_nieuw": RONDE,
    "pastperformance:lessen_publiceren": RONDE,
    "pastperformance:afspraak_status": Doel("pastperformance.Afspraak", partij("ronde__plan__")),
    "pastperformance:reactie": BEOORDELING,
    "pastperformance:bezwaar_nieuw": BEOORDELING,
    "pastperformance:bezwaar": BEZWAAR,
    "pastperformance:bezwaar_panel": BEZWAAR,
    "pastperformance:bezwaar_besluit": BEZWAAR,
    "pastperformance:profiel": Doel("kring.Organisatie", profiel_zichtbaar),
    "pastperformance:kpi_verwijderen": Doel("pastperformance.KpiMeting", partij("plan__")),
    "pastperformance:vragenlijst": VRAGENLIJST,
    "pastperformance:vragenlijst_bewerken": VRAGENLIJST,
    "pastperformance:vragenlijst_nieuwe_versie": VRAGENLIJST,
    "pastperformance:vragenlijst_vaststellen": VRAGENLIJST,
    "pastperformance:vragenlijst_verwijderen": VRAGENLIJST,
    # -- sroi: an obligation, its inzet and evidence are for its contractor and the project's gemeente
    "sroi:verplichting": VERPLICHTING,
    "sroi:verplichting_bewerken": VERPLICHTING,
    "sroi:inzet_nieuw": VERPLICHTING,
    "sroi:inzet": INZET,
    "sroi:inzet_beoordelen": INZET,
    "sroi:bewijs_download": Doel("sroi.Bewijsstuk", partij("inzetregel__verplichting__")),
    "sroi:pool_aanbod": POOL,
    "sroi:pool_interesse": POOL,
    "sroi:pool_status": POOL,
    "sroi:regio_bewerken": Doel("sroi.Regio", niets),
    "sroi:waardetabel": WAARDETABEL,
    "sroi:waardetabel_bewerken": WAARDETABEL,
    "sroi:waardetabel_kopie": WAARDETABEL,
    "sroi:waardetabel_vaststellen": WAARDETABEL,
    "sroi:waardetabel_bevestigen": WAARDETABEL,
}

# Patterns whose objects every member may see, so their ids reveal nothing; why, per group. What a role may do with
# them (200 or 403) is the access matrix's business. Ids that do not exist are still walked here (never a 500).
OPENBAAR = {
    # Werkgroepen and their members are public (DESIGN §4: the balance per werkgroep is shown to everyone).
    "werkgroepen:aanmelden": "werkgroepen zijn openbaar",
    "werkgroepen:bewerken": "werkgroepen zijn openbaar",
    "werkgroepen:sluiten": "werkgroepen zijn openbaar",
    "werkgroepen:heropenen": "werkgroepen zijn openbaar",
    "werkgroepen:detail": "werkgroepen zijn openbaar",
    "werkgroepen:lidmaatschap_rol": "ieder lid ziet de leden van een werkgroep",
    "werkgroepen:lidmaatschap_beeindigen": "ieder lid ziet de leden van een werkgroep",
    # The uitvoeringsagenda, meetings with their agenda and actiepunten, and the klaagpaal are open to every member:
    # the kring works in the open (DESIGN §4 werkgroepen).
    "werkgroepen:activiteit": "ieder lid leest de uitvoeringsagenda",
    "werkgroepen:activiteit_bewerken": "ieder lid leest de uitvoeringsagenda",
    "werkgroepen:activiteit_status": "ieder lid leest de uitvoeringsagenda",
    "werkgroepen:activiteit_voortgang": "ieder lid leest de uitvoeringsagenda",
    "werkgroepen:bijeenkomst": "ieder lid ziet iedere bijeenkomst",
    "werkgroepen:bijeenkomst_bewerken": "ieder lid ziet iedere bijeenkomst",
    "werkgroepen:bijeenkomst_agenda": "ieder lid ziet iedere bijeenkomst",
    "werkgroepen:bijeenkomst_deelname": "ieder lid ziet iedere bijeenkomst",
    "werkgroepen:bijeenkomst_aanwezigheid": "ieder lid ziet iedere bijeenkomst",
    "werkgroepen:bijeenkomst_verslag": "ieder lid ziet iedere bijeenkomst",
    "werkgroepen:bijeenkomst_status": "ieder lid ziet iedere bijeenkomst",
    "werkgroepen:bijeenkomst_ics": "ieder lid ziet iedere bijeenkomst",
    "werkgroepen:agendapunt_bewerken": "de agenda hoort bij de bijeenkomst",
    "werkgroepen:agendapunt_verwijderen": "de agenda hoort bij de bijeenkomst",
    "werkgroepen:agendapunt_verplaatsen": "de agenda hoort bij de bijeenkomst",
    "werkgroepen:actiepunt_gedaan": "actiepunten staan in het verslag",
    "werkgroepen:actiepunt_heropenen": "actiepunten staan in het verslag",
    "werkgroepen:signaal": "de klaagpaal is open voor ieder lid",
    "werkgroepen:signaal_status": "de klaagpaal is open voor ieder lid",
    "werkgroepen:signaal_antwoord": "de klaagpaal is open voor ieder lid",
    "werkgroepen:signaal_agenderen": "de klaagpaal is open voor ieder lid",
    # Every member reads every project, gebied, opgave and koppelkans (DESIGN §4 projecten: contractors see the
    # pipeline; the opgaven per wijk and koppelkansen are shared to combine works).
    "projecten:detail": "ieder lid ziet de pijplijn",
    "projecten:bewerken": "ieder lid ziet de pijplijn",
    "projecten:fase": "ieder lid ziet de pijplijn",
    "projecten:gunnen": "ieder lid ziet de pijplijn",
    "projecten:interesse": "ieder lid ziet de pijplijn",
    "projecten:spreiding_overnemen": "ieder lid ziet de pijplijn",
    "pastperformance:plan_nieuw": "ieder lid ziet de pijplijn",
    "sroi:verplichting_nieuw": "ieder lid ziet de pijplijn",
    "projecten:gebied": "gebieden en hun opgaven zijn voor ieder lid",
    "projecten:opgave_nieuw": "gebieden en hun opgaven zijn voor ieder lid",
    "projecten:graafrust_nieuw": "gebieden en hun opgaven zijn voor ieder lid",
    "projecten:opgave_bewerken": "gebieden en hun opgaven zijn voor ieder lid",
    "projecten:opgave_verwijderen": "gebieden en hun opgaven zijn voor ieder lid",
    "projecten:graafrust_verwijderen": "gebieden en hun opgaven zijn voor ieder lid",
    "projecten:koppelkans": "koppelkansen zijn voor ieder lid",
    "projecten:koppelkans_besluit": "koppelkansen zijn voor ieder lid",
    # The indicators of the themadoelen are on the indicators page and the dashboard of every member.
    "kring:indicator_bewerken": "ieder lid ziet de indicatoren",
    "kring:indicator_verwijderen": "ieder lid ziet de indicatoren",
    "kring:indicatorwaarde": "ieder lid ziet de indicatoren",
}

# Patterns whose parameter is a secret, not an id: walked in `test_unknown_feed_tokens_answer_404`.
GEHEIM = {"werkgroepen:agendafeed_ics"}


def object_patterns():
    """(key, route, names of the parameters that name an object) of every pattern outside the admin. The admin sends
    everyone but a beheerder to the login page before it looks anything up (test_access_matrix.test_admin_access)."""
    patronen = []
    for name, route in all_patterns():
        if route.startswith("admin/"):
            continue
        parameters = {p for p in _parameters(route) if p not in GEEN_OBJECT}
        if parameters:
            patronen.append((name or route, route, parameters))
    return patronen


def _parameters(route: str) -> list[str]:
    import re

    return re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)


def test_every_object_pattern_is_classified():
    bekend = set(DOELEN) | set(OPENBAAR) | GEHEIM
    patronen = {key for key, _, _ in object_patterns()}
    assert not patronen - bekend, (
        f"Patronen met een object zonder regel in de enumeratietest: {sorted(patronen - bekend)}"
    )
    assert not bekend - patronen, f"Regels voor patronen die niet (meer) bestaan: {sorted(bekend - patronen)}"
    assert not set(DOELEN) & set(OPENBAAR)


def test_a_new_object_pattern_fails_the_classification(settings):
    import sys
    import types

    from django.http import HttpResponse
    from django.urls import path

    import kring.urls

    urlconf = types.ModuleType("tests.urls_met_nieuw_object")
    urlconf.urlpatterns = [
        *kring.urls.urlpatterns,
        path("geheim/<int:pk>/", lambda request, pk: HttpResponse(), name="nieuw_object"),
    ]
    sys.modules[urlconf.__name__] = urlconf
    settings.ROOT_URLCONF = urlconf.__name__
    try:
        with pytest.raises(AssertionError, match="nieuw_object"):
            test_every_object_pattern_is_classified()
    finally:
        del sys.modules[urlconf.__name__]


@pytest.fixture
def buitenstaanders(personas, context):
    """The two outsiders, and the objects `context` lacks: something of each kind they may not see."""
    gemeente_ander = UserFactory(
        naam="Gemeente Anders", organisatie=OrganisatieFactory(gemeente=True, naam="Gemeente Zwijndrecht (test)")
    )
    eigen = personas["on_eigen"].organisatie
    PoolaanbodFactory(kandidaat__opdrachtnemer=eigen, status="ingetrokken")
    KennisitemFactory(zichtbaarheid="gemeente", auteur=personas["gemeente"])
    return {"on_ander": personas["on_ander"], "gemeente_ander": gemeente_ander}


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _probes(model) -> list[int]:
    """Ids that do not exist: 0, the next free one, one far beyond, and ids past 32 and 64 bits."""
    hoogste = model._default_manager.aggregate(m=Max("pk"))["m"] or 0
    return [0, hoogste + 1, hoogste + 100_000, 2**31, 2**63 - 1, 10**20]


def _basis_kwargs(key, context) -> dict:
    """The other parameters of the route (a status, a direction, a werkgroep's slug) as the access matrix fills them."""
    _, bouw, _ = MATRIX[key]
    return bouw(context) if bouw else {}


def _antwoord(client, methode, url) -> str:
    response = getattr(client, methode)(url)
    if response.status_code in (301, 302):
        return f"{response.status_code} {response['Location']}"
    return str(response.status_code)


PATRONEN = [(key, route, parameters) for key, route, parameters in object_patterns() if key not in GEHEIM]


@pytest.mark.parametrize("app", sorted({key.split(":")[0] for key, _, _ in PATRONEN}))
def test_walking_ids_reveals_nothing(app, buitenstaanders, context):
    fouten = []
    leeg = []
    for key, route, parameters in (p for p in PATRONEN if p[0].split(":")[0] == app):
        # The id among the route's parameters; a werkgroep's slug beside it stays as the matrix fills it.
        parameter = next((p for p in ("pk", "project_pk") if p in parameters), next(iter(parameters)))
        basis = _basis_kwargs(key, context)
        doel = DOELEN.get(key)
        model = apps.get_model(doel.model) if doel else None
        for naam, user in buitenstaanders.items():
            client = _client(user)
            if doel is None:
                # Public objects: only ids that exist nowhere; they may not break anything.
                model_ids = []
                probes = [0, 2**31, 2**63 - 1, 10**20]
            else:
                verborgen = model._default_manager.exclude(doel.zichtbaar(user)).values_list("pk", flat=True)
                model_ids = sorted(set(verborgen))
                probes = _probes(model)
                if not model_ids:
                    leeg.append(f"{key} ({naam})")
            for methode in ("get", "post"):
                referentie = _antwoord(client, methode, fill_route(route, {**basis, parameter: probes[1]}))
                if referentie not in {"404", "403", "405"}:
                    fouten.append(f"{naam} {methode.upper()} {key} met een onbekend id: {referentie}")
                    continue
                for pk in [*probes, *model_ids]:
                    url = fill_route(route, {**basis, parameter: pk})
                    antwoord = _antwoord(client, methode, url)
                    if antwoord != referentie:
                        soort = "bestaand, verborgen" if pk in model_ids else "onbekend"
                        fouten.append(
                            f"{naam} {methode.upper()} {url} ({soort} id): {antwoord}, een onbekend id: {referentie}"
                        )
    assert not fouten, "\n".join(fouten)
    assert not leeg, f"Geen verborgen object om te proberen (vul de wereld aan): {leeg}"


def test_negative_ids_are_not_routed(personas):
    client = _client(personas["on_ander"])
    for url in ["/rapporten/-1/", "/sroi/verplichtingen/-1/", "/pastperformance/rondes/-1/"]:
        assert client.get(url).status_code == 404, url


def test_unknown_feed_tokens_answer_404(personas, context):
    """The calendar feed's secret address is its key: a wrong, shortened, lengthened or odd token finds nothing, for
    a visitor and for a member alike."""
    token = context["agendafeed"].token
    for client in [Client(raise_request_exception=False), _client(personas["on_ander"])]:
        assert client.get(f"/werkgroepen/feed/{token}.ics").status_code == 200
        for fout in [
            token[:-1],
            token + "a",
            token.upper() if token.upper() != token else token.lower(),
            "0",
            "x" * 500,
        ]:
            assert client.get(f"/werkgroepen/feed/{fout}.ics").status_code == 404, fout
