"""The access matrix: every URL pattern of the portal, for every role.

A new URL pattern without an expectation here fails `test_every_pattern_has_an_expectation`. Expectations:
"200", "403", "404", "405", "401", "login" (redirect to the login page), "start" (redirect to Mijn kring),
"301"/"302" (any redirect of that kind). Objects of another organisation must answer 404, never 403.
"""

import re

from django.contrib import admin
from django.urls import URLResolver, get_resolver

import pytest

from kring.models import User
from pastperformance.models import Vragenlijst
from tests.conftest import ROLLEN, client_for
from tests.factories import (
    AanmeldingFactory,
    ActiepuntFactory,
    ActiviteitFactory,
    AfspraakFactory,
    AgendafeedFactory,
    AgendapuntFactory,
    BeoordelingsplanFactory,
    BeoordelingsrondeFactory,
    BewijsstukFactory,
    BezwaarFactory,
    BijeenkomstFactory,
    BijlageFactory,
    GebiedFactory,
    GraafrustFactory,
    IndicatorFactory,
    InteresseFactory,
    InzetregelFactory,
    KennisitemFactory,
    KoppelkansFactory,
    LidmaatschapFactory,
    OpgaveFactory,
    OrganisatieFactory,
    PoolaanbodFactory,
    ProjectFactory,
    ProjectimportFactory,
    RapportFactory,
    SignaalFactory,
    ThemadoelFactory,
    UserFactory,
    VerplichtingFactory,
    VerwijderverzoekFactory,
    WaardetabelFactory,
    WerkgroepFactory,
    concept_vragenlijst,
    definitieve_ronde,
    onthulde_ronde,
    open_ronde,
)

PUBLIEK = dict.fromkeys(ROLLEN, "200")
LEDEN = {"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "200")}
BEHEER = {"anoniem": "login", **dict.fromkeys(ROLLEN[1:5], "403"), "beheerder": "200"}
ALLEEN_ANONIEM = {"anoniem": "200", **dict.fromkeys(ROLLEN[1:], "start")}
LEDEN_REDIRECT = {"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "301")}


def rollen(anoniem, on_eigen, on_ander, gemeente, stuurgroep, beheerder):
    return dict(zip(ROLLEN, [anoniem, on_eigen, on_ander, gemeente, stuurgroep, beheerder], strict=True))


# route name (or the route itself where allauth gives none) -> (expectations, kwargs builder, method)
MATRIX = {
    "kring:home": (PUBLIEK, None, "get"),
    "kring:privacy": (PUBLIEK, None, "get"),
    "kring:toegankelijkheid": (PUBLIEK, None, "get"),
    "kring:health": (PUBLIEK, None, "get"),
    "kring:start": (LEDEN, None, "get"),
    # An approved member has nothing to wait for; the applicant's view of this page is tested in test_registratie.
    "kring:wachten": ({"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "start")}, None, "get"),
    "kring:profiel": (LEDEN, None, "get"),
    "kring:registraties": (BEHEER, None, "get"),
    "kring:registratie_goedkeuren": (
        {**BEHEER, "beheerder": "302"},
        lambda ctx: {"pk": ctx["aanvrager"].pk},
        "post",
    ),
    "kring:registratie_afwijzen": (BEHEER, lambda ctx: {"pk": ctx["aanvrager"].pk}, "get"),
    # -- leden
    "kring:leden": (LEDEN, None, "get"),
    "kring:leden_personen": (LEDEN, None, "get"),
    "kring:leden_organisaties_export": (BEHEER, lambda ctx: {"formaat": "xlsx"}, "get"),
    "kring:leden_personen_export": (BEHEER, lambda ctx: {"formaat": "csv"}, "get"),
    # A proposed organisation exists only for beheerders; a member organisation's page is open to every member
    # (tested in tests/kring/test_leden.py).
    "kring:leden_organisatie": (
        rollen("login", "404", "404", "404", "404", "200"),
        lambda ctx: {"pk": ctx["voorgestelde_organisatie"].pk},
        "get",
    ),
    "kring:gebruiker": (BEHEER, lambda ctx: {"pk": ctx["collega"].pk}, "get"),
    # An empty POST: blocking asks for a reason (the page again), reactivating an active account is refused with a
    # message, and no roles is a valid choice.
    "kring:gebruiker_blokkeren": (BEHEER, lambda ctx: {"pk": ctx["collega"].pk}, "post"),
    "kring:gebruiker_heractiveren": ({**BEHEER, "beheerder": "302"}, lambda ctx: {"pk": ctx["collega"].pk}, "post"),
    "kring:gebruiker_rollen": ({**BEHEER, "beheerder": "302"}, lambda ctx: {"pk": ctx["collega"].pk}, "post"),
    # -- intentieovereenkomst
    "kring:overeenkomst_lijst": (LEDEN, None, "get"),
    "kring:overeenkomst_nieuw": (BEHEER, None, "get"),
    # A concept is for the beheerders and the stuurgroep only; other members get 404 (no enumeration).
    "kring:overeenkomst_detail": (
        rollen("login", "404", "404", "404", "200", "200"),
        lambda ctx: {"pk": ctx["overeenkomst_concept"].pk},
        "get",
    ),
    # Nobody here is tekenbevoegd: the empty POST is refused with a message on the version's page.
    "kring:overeenkomst_ondertekenen": (
        {"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "302")},
        lambda ctx: {"pk": ctx["overeenkomst_open"].pk},
        "post",
    ),
    "kring:overeenkomst_bewerken": (BEHEER, lambda ctx: {"pk": ctx["overeenkomst_concept"].pk}, "get"),
    "kring:overeenkomst_verwijderen": (BEHEER, lambda ctx: {"pk": ctx["overeenkomst_concept"].pk}, "get"),
    "kring:overeenkomst_nieuwe_versie": (
        {**BEHEER, "beheerder": "302"},
        lambda ctx: {"pk": ctx["overeenkomst_open"].pk},
        "post",
    ),
    "kring:overeenkomst_status": (
        BEHEER,
        lambda ctx: {"pk": ctx["overeenkomst_concept"].pk, "status": "ter_ondertekening"},
        "get",
    ),
    # -- rapporten
    "kring:rapporten": (LEDEN, None, "get"),
    # Without data: back to Mijn rapporten with a message (a valid request is tested in test_rapporten).
    "kring:rapport_aanvragen": ({"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "302")}, None, "post"),
    # Reports are personal: only on_eigen, who requested it, sees it; everyone else (a beheerder too) gets 404.
    "kring:rapport_detail": (
        rollen("login", "200", "404", "404", "404", "404"),
        lambda ctx: {"pk": ctx["rapport"].pk},
        "get",
    ),
    "kring:rapport_status": (
        rollen("login", "200", "404", "404", "404", "404"),
        lambda ctx: {"pk": ctx["rapport"].pk},
        "get",
    ),
    "kring:rapport_download": (
        rollen("login", "200", "404", "404", "404", "404"),
        lambda ctx: {"pk": ctx["rapport"].pk},
        "get",
    ),
    # -- herinneringen
    "kring:herinneringen": (LEDEN, None, "get"),
    # -- privacy en auditlog
    "kring:mijn_gegevens": (LEDEN, None, "get"),
    "kring:mijn_gegevens_json": (LEDEN, None, "get"),
    "kring:verwijderverzoeken": (BEHEER, None, "get"),
    "kring:verwijderverzoek_afwijzen": (BEHEER, lambda ctx: {"pk": ctx["verwijderverzoek"].pk}, "get"),
    "kring:gebruiker_anonimiseren": (BEHEER, lambda ctx: {"pk": ctx["verwijderverzoek"].gebruiker_id}, "get"),
    "kring:auditlog": (BEHEER, None, "get"),
    "kring:auditlog_csv": (BEHEER, None, "get"),
    "werkgroepen:lijst": (PUBLIEK, None, "get"),
    # -- werkgroepen
    # on_eigen is a member of the werkgroep of `lidmaatschap_eigen` and asked to join that of `aanmelding_eigen`; both
    # are led by someone outside the personas (a persona as trekker would change other parts' expectations; trekkers
    # are tested in tests/werkgroepen). Werkgroepen and their members are visible to every member, so changing what
    # one may not is 403; a join request exists only for its applicant and those who judge it (404).
    "werkgroepen:nieuw": (BEHEER, None, "get"),
    "werkgroepen:aanmeldingen": (LEDEN, None, "get"),
    "werkgroepen:aanmelding_goedkeuren": (
        rollen("login", "404", "404", "404", "404", "302"),
        lambda ctx: {"pk": ctx["aanmelding_eigen"].pk},
        "post",
    ),
    "werkgroepen:aanmelding_afwijzen": (
        rollen("login", "404", "404", "404", "404", "200"),
        lambda ctx: {"pk": ctx["aanmelding_eigen"].pk},
        "get",
    ),
    "werkgroepen:aanmelding_intrekken": (
        rollen("login", "302", "404", "404", "404", "404"),
        lambda ctx: {"pk": ctx["aanmelding_eigen"].pk},
        "post",
    ),
    "werkgroepen:aanmelden": (LEDEN, lambda ctx: {"slug": ctx["werkgroep"].slug}, "get"),
    "werkgroepen:bewerken": (
        rollen("login", "403", "403", "403", "403", "200"),
        lambda ctx: {"slug": ctx["lidmaatschap_eigen"].werkgroep.slug},
        "get",
    ),
    "werkgroepen:sluiten": (BEHEER, lambda ctx: {"slug": ctx["werkgroep"].slug}, "get"),
    "werkgroepen:heropenen": (BEHEER, lambda ctx: {"slug": ctx["werkgroep_gesloten"].slug}, "get"),
    # An empty POST: the beheerder is asked to choose a role (back to the page with a message).
    "werkgroepen:lidmaatschap_rol": (
        rollen("login", "403", "403", "403", "403", "302"),
        lambda ctx: {"slug": ctx["lidmaatschap_eigen"].werkgroep.slug, "pk": ctx["lidmaatschap_eigen"].pk},
        "post",
    ),
    # Leaving is the member's own choice; ending someone else's membership is for the trekker and the beheerder.
    "werkgroepen:lidmaatschap_beeindigen": (
        rollen("login", "200", "403", "403", "403", "200"),
        lambda ctx: {"slug": ctx["lidmaatschap_eigen"].werkgroep.slug, "pk": ctx["lidmaatschap_eigen"].pk},
        "get",
    ),
    # -- uitvoeringsagenda
    # Every member reads the agenda and every activity; changing one is for the werkgroep's members (on_eigen), the
    # initiatiefnemer, the team and beheerders. The activity is visible to all, so a refusal is 403, not 404.
    "werkgroepen:uitvoeringsagenda": (LEDEN, None, "get"),
    "werkgroepen:uitvoeringsagenda_export": (LEDEN, lambda ctx: {"formaat": "xlsx"}, "get"),
    "werkgroepen:activiteit_nieuw": (rollen("login", "200", "403", "403", "403", "200"), None, "get"),
    "werkgroepen:activiteit": (LEDEN, lambda ctx: {"pk": ctx["activiteit"].pk}, "get"),
    "werkgroepen:activiteit_bewerken": (
        rollen("login", "200", "403", "403", "403", "200"),
        lambda ctx: {"pk": ctx["activiteit"].pk},
        "get",
    ),
    # gepland -> lopend for on_eigen; the beheerder then asks the same step again: refused with a message.
    "werkgroepen:activiteit_status": (
        rollen("login", "302", "403", "403", "403", "302"),
        lambda ctx: {"pk": ctx["activiteit"].pk, "status": "lopend"},
        "post",
    ),
    # An empty note: the activity's page again, with the error at the form.
    "werkgroepen:activiteit_voortgang": (
        rollen("login", "200", "403", "403", "403", "200"),
        lambda ctx: {"pk": ctx["activiteit"].pk},
        "post",
    ),
    # -- bijeenkomsten
    # Every member sees every meeting; on_eigen planned `bijeenkomst` (its organiser), the beheerder organises
    # everything; no persona leads a werkgroep, so only the beheerder may plan. A refusal on a visible meeting is 403.
    "werkgroepen:bijeenkomsten": (LEDEN, None, "get"),
    "werkgroepen:bijeenkomst_nieuw": (BEHEER, None, "get"),
    "werkgroepen:bijeenkomst": (LEDEN, lambda ctx: {"pk": ctx["bijeenkomst"].pk}, "get"),
    "werkgroepen:bijeenkomst_bewerken": (
        rollen("login", "200", "403", "403", "403", "200"),
        lambda ctx: {"pk": ctx["bijeenkomst"].pk},
        "get",
    ),
    "werkgroepen:bijeenkomst_agenda": (
        rollen("login", "200", "403", "403", "403", "200"),
        lambda ctx: {"pk": ctx["bijeenkomst"].pk},
        "get",
    ),
    # Without a choice: back to the meeting with a message, for every member.
    "werkgroepen:bijeenkomst_deelname": (
        {"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "302")},
        lambda ctx: {"pk": ctx["bijeenkomst"].pk},
        "post",
    ),
    "werkgroepen:bijeenkomst_aanwezigheid": (
        rollen("login", "200", "403", "403", "403", "200"),
        lambda ctx: {"pk": ctx["bijeenkomst"].pk},
        "get",
    ),
    "werkgroepen:bijeenkomst_verslag": (
        rollen("login", "200", "403", "403", "403", "200"),
        lambda ctx: {"pk": ctx["bijeenkomst"].pk},
        "get",
    ),
    "werkgroepen:bijeenkomst_status": (
        rollen("login", "200", "403", "403", "403", "200"),
        lambda ctx: {"pk": ctx["bijeenkomst"].pk, "status": "geannuleerd"},
        "get",
    ),
    "werkgroepen:agendapunt_bewerken": (
        rollen("login", "200", "403", "403", "403", "200"),
        lambda ctx: {"pk": ctx["agendapunt_vast"].pk},
        "get",
    ),
    # A fixed item cannot be removed, and an empty POST names no direction: both back to the agenda with a message.
    "werkgroepen:agendapunt_verwijderen": (
        rollen("login", "302", "403", "403", "403", "302"),
        lambda ctx: {"pk": ctx["agendapunt_vast"].pk},
        "post",
    ),
    "werkgroepen:agendapunt_verplaatsen": (
        rollen("login", "302", "403", "403", "403", "302"),
        lambda ctx: {"pk": ctx["agendapunt_vast"].pk},
        "post",
    ),
    "werkgroepen:actiepunten": (LEDEN, None, "get"),
    # on_eigen owns the actiepunt and marks it done (or finds it open); the beheerder then gets a message.
    "werkgroepen:actiepunt_gedaan": (
        rollen("login", "302", "403", "403", "403", "302"),
        lambda ctx: {"pk": ctx["actiepunt"].pk},
        "post",
    ),
    "werkgroepen:actiepunt_heropenen": (
        rollen("login", "302", "403", "403", "403", "302"),
        lambda ctx: {"pk": ctx["actiepunt"].pk},
        "post",
    ),
    # -- signalen en agenda-feed
    # Every member reads and raises klaagpaal items and hulpvragen; handling one is for the beheerders and the trekkers
    # of its werkgroep (none of the other personas), so they get 403 on an item they can see. Empty POSTs: the status
    # and answer forms come back with their errors; "op de agenda" goes back to the item with a message.
    "werkgroepen:signalen": (LEDEN, None, "get"),
    "werkgroepen:signaal_nieuw": (LEDEN, None, "get"),
    "werkgroepen:signaal": (LEDEN, lambda ctx: {"pk": ctx["signaal"].pk}, "get"),
    "werkgroepen:signaal_status": (BEHEER, lambda ctx: {"pk": ctx["signaal"].pk}, "post"),
    "werkgroepen:signaal_antwoord": (BEHEER, lambda ctx: {"pk": ctx["signaal"].pk}, "post"),
    "werkgroepen:signaal_agenderen": ({**BEHEER, "beheerder": "302"}, lambda ctx: {"pk": ctx["signaal"].pk}, "post"),
    "werkgroepen:bijeenkomst_ics": (LEDEN, lambda ctx: {"pk": ctx["bijeenkomst"].pk}, "get"),
    "werkgroepen:agendafeed": (LEDEN, None, "get"),
    # Calendar apps cannot log in: the secret address is the key, so with on_eigen's address everyone gets the feed.
    "werkgroepen:agendafeed_ics": (PUBLIEK, lambda ctx: {"token": ctx["agendafeed"].token}, "get"),
    # -- kennisbank
    # -- projecten
    # Every member reads every project (contractors see the pipeline). Creating and changing is for gemeente staff
    # (the stuurgroep persona works for the gemeente too) and beheerders; contractors get 403. `project_eigen` is of
    # the personas' gemeente; on `project_andere_gemeente` its edit pages do not exist for our gemeente (404), and the
    # beheerder's empty fase POST gets the page back with the error.
    "projecten:lijst": (LEDEN, None, "get"),
    "projecten:nieuw": (rollen("login", "403", "403", "200", "200", "200"), None, "get"),
    "projecten:detail": (LEDEN, lambda ctx: {"pk": ctx["project_andere_gemeente"].pk}, "get"),
    "projecten:bewerken": (
        rollen("login", "403", "403", "200", "200", "200"),
        lambda ctx: {"pk": ctx["project_eigen"].pk},
        "get",
    ),
    "projecten:fase": (
        rollen("login", "403", "403", "404", "404", "200"),
        lambda ctx: {"pk": ctx["project_andere_gemeente"].pk},
        "post",
    ),
    "projecten:gunnen": (
        rollen("login", "403", "403", "200", "200", "200"),
        lambda ctx: {"pk": ctx["project_eigen"].pk},
        "get",
    ),
    # -- kalender
    # The aanbestedingskalender and its feeds are public. Contractors follow projects (a POST toggles: back with a
    # message); gemeente staff, the stuurgroep (of the gemeente) and beheerders do not follow and get 403.
    "projecten:kalender": (PUBLIEK, None, "get"),
    "projecten:kalender_csv": (PUBLIEK, None, "get"),
    "projecten:kalender_ics": (PUBLIEK, None, "get"),
    "projecten:kalender_json": (PUBLIEK, None, "get"),
    "projecten:kalender_schema": (PUBLIEK, None, "get"),
    "projecten:interesse": (
        rollen("login", "302", "302", "403", "403", "403"),
        lambda ctx: {"pk": ctx["kalender_project"].pk},
        "post",
    ),
    "projecten:gevolgd": (rollen("login", "200", "200", "403", "403", "403"), None, "get"),
    # -- spreiding
    # The spreiding is for every member; the werkvoorraad is reported by contractors' staff; the voorstel is for
    # gemeente staff and beheerders. Adopting a move without a quarter: back to the voorstel with a message.
    "projecten:spreiding": (LEDEN, None, "get"),
    "projecten:werkvoorraad": (rollen("login", "200", "200", "403", "403", "403"), None, "get"),
    "projecten:spreidingsvoorstel": (rollen("login", "403", "403", "200", "200", "200"), None, "get"),
    "projecten:spreiding_overnemen": (
        rollen("login", "403", "403", "302", "302", "302"),
        lambda ctx: {"project_pk": ctx["spreiding_project"].pk},
        "post",
    ),
    # -- gebieden
    # Every member reads the gebieden, the matrix and the koppelkansen. Opgaven and graafrust of a gebied, and decisions
    # on its koppelkansen, are for staff of the gebied's gemeente (the stuurgroep persona works there too) and
    # beheerders; contractors get 403 (another gemeente's staff get 404: tests/projecten/test_gebieden_paginas.py).
    # Removing asks first (GET); an empty decision comes back with its errors.
    "projecten:gebieden": (LEDEN, None, "get"),
    "projecten:gebieden_matrix": (LEDEN, None, "get"),
    "projecten:gebied": (LEDEN, lambda ctx: {"pk": ctx["gebied_eigen"].pk}, "get"),
    "projecten:opgave_nieuw": (
        rollen("login", "403", "403", "200", "200", "200"),
        lambda ctx: {"pk": ctx["gebied_eigen"].pk},
        "get",
    ),
    "projecten:graafrust_nieuw": (
        rollen("login", "403", "403", "200", "200", "200"),
        lambda ctx: {"pk": ctx["gebied_eigen"].pk},
        "get",
    ),
    "projecten:opgave_bewerken": (
        rollen("login", "403", "403", "200", "200", "200"),
        lambda ctx: {"pk": ctx["opgave_eigen"].pk},
        "get",
    ),
    "projecten:opgave_verwijderen": (
        rollen("login", "403", "403", "200", "200", "200"),
        lambda ctx: {"pk": ctx["opgave_eigen"].pk},
        "get",
    ),
    "projecten:graafrust_verwijderen": (
        rollen("login", "403", "403", "200", "200", "200"),
        lambda ctx: {"pk": ctx["graafrust_eigen"].pk},
        "get",
    ),
    "projecten:koppelkansen": (LEDEN, None, "get"),
    "projecten:koppelkans": (LEDEN, lambda ctx: {"pk": ctx["koppelkans_eigen"].pk}, "get"),
    "projecten:koppelkans_besluit": (
        rollen("login", "403", "403", "200", "200", "200"),
        lambda ctx: {"pk": ctx["koppelkans_eigen"].pk},
        "post",
    ),
    # -- import
    # For gemeente staff (the gemeente and stuurgroep personas) and beheerders; contractors 403. The import belongs to
    # the gemeente persona's gemeente; another gemeente's answers 404 (tests/projecten/test_import_paginas.py).
    "projecten:import": (rollen("login", "403", "403", "200", "200", "200"), None, "get"),
    "projecten:import_sjabloon": (
        rollen("login", "403", "403", "200", "200", "200"),
        lambda ctx: {"formaat": "xlsx"},
        "get",
    ),
    "projecten:import_detail": (
        rollen("login", "403", "403", "200", "200", "200"),
        lambda ctx: {"pk": ctx["projectimport"].pk},
        "get",
    ),
    # Its row has an unknown gebied: committing records the error and goes back to the import, changing nothing.
    "projecten:import_verwerken": (
        rollen("login", "403", "403", "302", "302", "302"),
        lambda ctx: {"pk": ctx["projectimport"].pk},
        "post",
    ),
    # -- rondes
    # A plan and its rounds are for the two parties (the gemeente persona's gemeente, on_eigen's company; stuurgroep and
    # beheerder work at that gemeente too) and beheerders; another contractor gets 404. The contractor reads but does
    # not change the plan (403); on_eigen is not the plan's rater, so it may not open a round either. Opening the round
    # planned for 2099 is refused with a message (302 back); an empty reason to let a round lapse shows the page again.
    "pastperformance:index": (LEDEN, None, "get"),
    "pastperformance:plan_nieuw": (
        rollen("login", "403", "403", "200", "200", "200"),
        lambda ctx: {"project_pk": ctx["pp_plan"].project_id},
        "get",
    ),
    "pastperformance:plan": (
        rollen("login", "200", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["pp_plan"].pk},
        "get",
    ),
    "pastperformance:plan_bewerken": (
        rollen("login", "403", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["pp_plan"].pk},
        "get",
    ),
    "pastperformance:ronde": (
        rollen("login", "200", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["pp_ronde_open"].pk},
        "get",
    ),
    "pastperformance:ronde_openen": (
        rollen("login", "403", "404", "302", "302", "302"),
        lambda ctx: {"pk": ctx["pp_ronde_gepland"].pk},
        "post",
    ),
    "pastperformance:ronde_vervallen": (
        rollen("login", "403", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["pp_ronde_open"].pk},
        "post",
    ),
    # -- beoordelen
    # Only the rater's own organisation reaches a rating's page: on_eigen is the contractor's responsible rater (it
    # edits), its colleagues would read along; the gemeente's staff (stuurgroep and beheerder work there too) and
    # another contractor get 404 for the contractor's rating.
    "pastperformance:beoordelen": (
        rollen("login", "200", "404", "404", "404", "404"),
        lambda ctx: {"pk": ctx["beoordelen_ronde"].pk, "richting": "on_og"},
        "get",
    ),
    # -- bespreking
    # After the reveal the parties (the gemeente persona's gemeente, where stuurgroep and beheerder work too, and
    # on_eigen's company) and beheerders reach a round's pages; another contractor gets 404. Only the rated
    # organisation replies and objects (the gemeente's rating of on_eigen: the gemeente's staff get 403); only whoever
    # manages the plan makes a round definitief (this one is not discussed yet: back with a message). The panel is for
    # the beheerder, the decision for the two panel members (none of the personas). Extending the reply window and
    # publishing the lessons succeed for the first and answer with a message for the others (302).
    "pastperformance:bespreking": (
        rollen("login", "200", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["bespreking_ronde"].pk},
        "get",
    ),
    "pastperformance:afspraak_nieuw": (
        rollen("login", "200", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["bespreking_ronde"].pk},
        "get",
    ),
    "pastperformance:afspraken": (LEDEN, None, "get"),
    "pastperformance:afspraak_status": (
        rollen("login", "200", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["bespreking_afspraak"].pk},
        "get",
    ),
    "pastperformance:reactie": (
        rollen("login", "200", "404", "403", "403", "403"),
        lambda ctx: {"pk": ctx["bespreking_ronde"].beoordelingen.get(richting="og_on").pk},
        "get",
    ),
    "pastperformance:reactie_verlengen": (
        rollen("login", "302", "404", "302", "302", "302"),
        lambda ctx: {"pk": ctx["bespreking_ronde"].pk},
        "post",
    ),
    "pastperformance:ronde_definitief": (
        rollen("login", "403", "404", "302", "302", "302"),
        lambda ctx: {"pk": ctx["bespreking_ronde"].pk},
        "post",
    ),
    "pastperformance:bezwaar_nieuw": (
        rollen("login", "200", "404", "403", "403", "403"),
        lambda ctx: {"pk": ctx["bespreking_eindronde"].beoordelingen.get(richting="og_on").pk},
        "get",
    ),
    "pastperformance:bezwaren": (LEDEN, None, "get"),
    "pastperformance:bezwaar": (
        rollen("login", "200", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["bespreking_bezwaar"].pk},
        "get",
    ),
    "pastperformance:bezwaar_panel": (
        rollen("login", "403", "404", "403", "403", "200"),
        lambda ctx: {"pk": ctx["bespreking_bezwaar"].pk},
        "get",
    ),
    "pastperformance:bezwaar_besluit": (
        rollen("login", "403", "404", "403", "403", "403"),
        lambda ctx: {"pk": ctx["bespreking_bezwaar_bij_panel"].pk},
        "get",
    ),
    "pastperformance:addendum_nieuw": (
        rollen("login", "200", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["bespreking_definitief"].pk},
        "get",
    ),
    "pastperformance:lessen_publiceren": (
        rollen("login", "302", "404", "302", "302", "302"),
        lambda ctx: {"pk": ctx["bespreking_eindronde"].pk},
        "post",
    ),
    # -- profielen
    # Every member opens Profielen and the anonymous benchmark; only beheerders the calibration (it names raters).
    # A contractor's profile: its own staff, gemeente staff, stuurgroep and beheerders; another contractor 404.
    "pastperformance:profielen": (LEDEN, None, "get"),
    "pastperformance:profiel": (
        rollen("login", "200", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["personas"]["on_eigen"].organisatie_id},
        "get",
    ),
    "pastperformance:opdrachtgeverschap": (LEDEN, None, "get"),
    "pastperformance:kalibratie": (BEHEER, None, "get"),
    # The policy is off by default: the selection export does not exist for anyone (with the policy on it is tested in
    # tests/pastperformance/test_profielen_paginas.py).
    "pastperformance:selectie_export": (
        rollen("login", "404", "404", "404", "404", "404"),
        lambda ctx: {"formaat": "csv"},
        "get",
    ),
    # KPIs on a plan of the gemeente persona's gemeente (stuurgroep and beheerder work there) and on_eigen's company;
    # the measurement was entered by on_eigen, so only its company and beheerders delete it (confirmation page).
    "pastperformance:kpi_nieuw": (
        rollen("login", "200", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["profielen_kpi"].plan_id},
        "get",
    ),
    "pastperformance:kpi_verwijderen": (
        rollen("login", "200", "404", "403", "403", "200"),
        lambda ctx: {"pk": ctx["profielen_kpi"].pk},
        "get",
    ),
    # -- vragenlijsten
    # Only beheerders manage the questionnaires and the policy; the versions are no other member's objects, so 403.
    # The POSTs: a copy of the established og_on version, establishing and deleting the zelf_og concept (302 back).
    "pastperformance:vragenlijsten": (BEHEER, None, "get"),
    "pastperformance:vragenlijst": (BEHEER, lambda ctx: {"pk": ctx["vragenlijst_vastgesteld"].pk}, "get"),
    "pastperformance:vragenlijst_bewerken": (BEHEER, lambda ctx: {"pk": ctx["vragenlijst_concept"].pk}, "get"),
    "pastperformance:vragenlijst_nieuwe_versie": (
        {**BEHEER, "beheerder": "302"},
        lambda ctx: {"pk": ctx["vragenlijst_vastgesteld"].pk},
        "post",
    ),
    "pastperformance:vragenlijst_vaststellen": (
        {**BEHEER, "beheerder": "302"},
        lambda ctx: {"pk": ctx["vragenlijst_concept"].pk},
        "post",
    ),
    "pastperformance:vragenlijst_verwijderen": (
        {**BEHEER, "beheerder": "302"},
        lambda ctx: {"pk": ctx["vragenlijst_concept"].pk},
        "post",
    ),
    "pastperformance:beleid": (BEHEER, None, "get"),
    "werkgroepen:kennisbank": (PUBLIEK, None, "get"),
    "werkgroepen:kennisitem_nieuw": (LEDEN, None, "get"),
    # An item for the members of one werkgroep: on_eigen is one (not its author, not a trekker), the others are not
    # and get 404; a visitor is asked to log in, whether the item exists or not.
    "werkgroepen:kennisitem": (
        rollen("login", "200", "404", "404", "404", "200"),
        lambda ctx: {"pk": ctx["kennisitem"].pk},
        "get",
    ),
    "werkgroepen:kennisitem_bewerken": (
        rollen("login", "403", "404", "404", "404", "200"),
        lambda ctx: {"pk": ctx["kennisitem"].pk},
        "get",
    ),
    "werkgroepen:kennisitem_nuttig": (
        rollen("login", "302", "404", "404", "404", "302"),
        lambda ctx: {"pk": ctx["kennisitem"].pk},
        "post",
    ),
    "werkgroepen:kennisbijlage": (
        rollen("login", "200", "404", "404", "404", "200"),
        lambda ctx: {"pk": ctx["kennisbijlage"].pk},
        "get",
    ),
    "werkgroepen:detail": (PUBLIEK, lambda ctx: {"slug": ctx["werkgroep"].slug}, "get"),
    "admin_login_redirect": (dict.fromkeys(ROLLEN, "login"), None, "get"),
    # allauth: what a visitor and a logged-in member get on each account page.
    "account_login": (ALLEEN_ANONIEM, None, "get"),
    "account_signup": (ALLEEN_ANONIEM, None, "get"),
    "account_logout": ({"anoniem": "302", **dict.fromkeys(ROLLEN[1:], "200")}, None, "get"),
    "account_inactive": (PUBLIEK, None, "get"),
    "account_reauthenticate": (LEDEN, None, "get"),
    "account_email": (LEDEN, None, "get"),
    "account_email_verification_sent": (PUBLIEK, None, "get"),
    "account_change_password": (LEDEN, None, "get"),
    "account_set_password": ({"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "302")}, None, "get"),
    "account_reset_password": (PUBLIEK, None, "get"),
    "account_reset_password_done": (PUBLIEK, None, "get"),
    "account_reset_password_from_key": (PUBLIEK, lambda ctx: {"uidb36": "zz", "key": "ongeldige-sleutel"}, "get"),
    "account_reset_password_from_key_done": (PUBLIEK, None, "get"),
    "account_confirm_login_code": ({"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "start")}, None, "get"),
    "account_confirm_email": (PUBLIEK, lambda ctx: {"key": "ongeldige-sleutel"}, "get"),
    "mfa_index": (LEDEN, None, "get"),
    "mfa_authenticate": ({"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "start")}, None, "get"),
    # Changing a second factor asks for the password again first (allauth reauthentication).
    "mfa_reauthenticate": (rollen("login", "302", "302", "302", "302", "200"), None, "get"),
    "mfa_activate_totp": ({"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "302")}, None, "get"),
    "mfa_deactivate_totp": (rollen("login", "404", "404", "404", "404", "302"), None, "get"),
    "mfa_view_recovery_codes": ({"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "404")}, None, "get"),
    "mfa_generate_recovery_codes": ({"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "302")}, None, "get"),
    "mfa_download_recovery_codes": ({"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "404")}, None, "get"),
    "usersessions_list": (LEDEN, None, "get"),
    "socialaccount_connections": (LEDEN, None, "get"),
    "socialaccount_login_cancelled": (PUBLIEK, None, "get"),
    "socialaccount_login_error": ({"anoniem": "login", **dict.fromkeys(ROLLEN[1:], "401")}, None, "get"),
    "socialaccount_signup": (dict.fromkeys(ROLLEN, "login"), None, "get"),
    "account/social/login/cancelled/": (LEDEN_REDIRECT, None, "get"),
    "account/social/login/error/": (LEDEN_REDIRECT, None, "get"),
    "account/social/signup/": (LEDEN_REDIRECT, None, "get"),
    "account/social/connections/": (LEDEN_REDIRECT, None, "get"),
    # Without OIDC configured (the default) the provider's pages do not exist; see test_oidc for the configured case.
    "openid_connect_login": (dict.fromkeys(ROLLEN, "404"), lambda ctx: {"provider_id": "gemeente"}, "get"),
    "openid_connect_callback": (dict.fromkeys(ROLLEN, "404"), lambda ctx: {"provider_id": "gemeente"}, "get"),
    # -- verplichtingen
    # An obligation is for its contractor's staff (on_eigen), the project's gemeente (the gemeente persona's, where
    # stuurgroep and beheerder work too) and beheerders; another contractor gets 404. Only the gemeente makes and
    # changes obligations (a contractor 403) and exports the inzet for the werkgeversservicepunt.
    "sroi:index": (LEDEN, None, "get"),
    "sroi:voortgang": (LEDEN, None, "get"),
    "sroi:export": (rollen("login", "403", "403", "200", "200", "200"), lambda ctx: {"formaat": "csv"}, "get"),
    "sroi:verplichting_nieuw": (
        rollen("login", "403", "403", "200", "200", "200"),
        lambda ctx: {"project_pk": ctx["project_eigen"].pk},
        "get",
    ),
    "sroi:verplichting": (
        rollen("login", "200", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["sroi_verplichting"].pk},
        "get",
    ),
    "sroi:verplichting_bewerken": (
        rollen("login", "403", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["sroi_verplichting"].pk},
        "get",
    ),
    # -- inzet
    # Only staff of the obligation's contractor record inzet; the gemeente and beheerders see the obligation (403),
    # another contractor does not (404).
    "sroi:inzet_nieuw": (
        rollen("login", "200", "404", "403", "403", "403"),
        lambda ctx: {"pk": ctx["inzet_regel"].verplichting_id},
        "get",
    ),
    "sroi:inzet": (
        rollen("login", "200", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["inzet_regel"].pk},
        "get",
    ),
    # The coordinator (gemeente) and beheerders decide; an empty POST shows the line again with the error.
    "sroi:inzet_beoordelen": (
        rollen("login", "403", "404", "200", "403", "200"),
        lambda ctx: {"pk": ctx["inzet_regel"].pk},
        "post",
    ),
    "sroi:bewijs_download": (
        rollen("login", "200", "404", "200", "200", "200"),
        lambda ctx: {"pk": ctx["inzet_bewijs"].pk},
        "get",
    ),
    # Candidates belong to a contractor: its own staff see their codes, gemeente and beheerders have none (403).
    "sroi:kandidaten": (rollen("login", "200", "200", "403", "403", "403"), None, "get"),
    # -- pool
    # Open offers are for contractors, gemeente staff and beheerders; only a contractor offers its own candidates.
    "sroi:pool": (LEDEN, None, "get"),
    "sroi:pool_aanbieden": (rollen("login", "200", "200", "403", "403", "403"), None, "get"),
    "sroi:pool_aanbod": (LEDEN, lambda ctx: {"pk": ctx["pool_aanbod"].pk}, "get"),
    # on_eigen's own offer: refused with a message; on_ander shows interest (an empty message is fine). A closed
    # offer of another contractor answers 404 (tests/sroi/test_pool.py).
    "sroi:pool_interesse": (
        rollen("login", "302", "302", "403", "403", "403"),
        lambda ctx: {"pk": ctx["pool_aanbod"].pk},
        "post",
    ),
    # Only the offering contractor closes an offer; an empty POST shows the form with its errors.
    "sroi:pool_status": (
        rollen("login", "200", "403", "403", "403", "403"),
        lambda ctx: {"pk": ctx["pool_aanbod"].pk},
        "post",
    ),
    # -- waardetabellen
    # Only beheerders manage regions and value tables; tables are no organisation's objects, so others get 403. The
    # POSTs: establishing the concept and confirming the table marked 'nog te bevestigen' (302 back to the table).
    "sroi:waardetabellen": (BEHEER, None, "get"),
    "sroi:waardetabel_nieuw": (BEHEER, None, "get"),
    "sroi:regio_nieuw": (BEHEER, None, "get"),
    "sroi:regio_bewerken": (BEHEER, lambda ctx: {"pk": ctx["sroi_tabel"].regio_id}, "get"),
    "sroi:waardetabel": (BEHEER, lambda ctx: {"pk": ctx["sroi_tabel"].pk}, "get"),
    "sroi:waardetabel_bewerken": (BEHEER, lambda ctx: {"pk": ctx["sroi_concept"].pk}, "get"),
    "sroi:waardetabel_kopie": (BEHEER, lambda ctx: {"pk": ctx["sroi_tabel"].pk}, "get"),
    "sroi:waardetabel_vaststellen": (
        {**BEHEER, "beheerder": "302"},
        lambda ctx: {"pk": ctx["sroi_concept"].pk},
        "post",
    ),
    "sroi:waardetabel_bevestigen": (
        {**BEHEER, "beheerder": "302"},
        lambda ctx: {"pk": ctx["sroi_tabel"].pk},
        "post",
    ),
    # -- stuurgroep
    # The quarterly report: stuurgroep and beheerders only. Without a quarter: back to the dashboard with a message (a
    # valid request is tested in tests/kring/test_stuurgroep_kwartaalrapportage.py).
    "kring:kwartaalrapportage": (rollen("login", "403", "403", "403", "302", "302"), None, "post"),
    # Every member opens the dashboard and sees the sections they may see (tested in test_stuurgroep_dashboard).
    "kring:stuurgroep": (LEDEN, None, "get"),
    # -- indicatoren
    # Every member reads the indicators; only the stuurgroep and beheerders set them and enter manual values (GET shows
    # the forms and the delete confirmation; the POSTs are in tests/kring/test_stuurgroep_indicatoren.py).
    "kring:indicatoren": (LEDEN, None, "get"),
    "kring:indicator_nieuw": (rollen("login", "403", "403", "403", "200", "200"), None, "get"),
    "kring:indicator_bewerken": (
        rollen("login", "403", "403", "403", "200", "200"),
        lambda ctx: {"pk": ctx["indicator"].pk},
        "get",
    ),
    "kring:indicator_verwijderen": (
        rollen("login", "403", "403", "403", "200", "200"),
        lambda ctx: {"pk": ctx["indicator"].pk},
        "get",
    ),
    "kring:indicatorwaarde": (
        rollen("login", "403", "403", "403", "200", "200"),
        lambda ctx: {"pk": ctx["indicator"].pk},
        "get",
    ),
}


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            nested = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), nested)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern)


def all_patterns():
    return list(walk(get_resolver().url_patterns))


def fill_route(route: str, kwargs: dict) -> str:
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)
    return "/" + route


def matches(response, expected: str) -> bool:
    location = response.get("Location", "")
    return {
        "login": response.status_code == 302 and location.startswith("/account/login/"),
        "start": response.status_code == 302 and location == "/start/",
    }.get(expected, str(response.status_code) == expected)


def test_every_pattern_has_an_expectation():
    missing = [
        name or route
        for name, route in all_patterns()
        if not route.startswith("admin/") and (name or route) not in MATRIX
    ]
    assert not missing, f"URL patterns zonder verwachting in de toegangsmatrix: {missing}"
    unknown = set(MATRIX) - {name or route for name, route in all_patterns()}
    assert not unknown, f"Verwachtingen voor patronen die niet (meer) bestaan: {unknown}"


def test_a_pattern_without_expectation_fails_the_checks(settings):
    """The completeness checks bite: a named, an unnamed and an admin URL added without expectation are reported."""
    import sys
    import types

    from django.http import HttpResponse
    from django.urls import path

    import kring.urls

    urlconf = types.ModuleType("tests.urls_met_nieuwe_patronen")
    urlconf.urlpatterns = [
        *kring.urls.urlpatterns,
        path("nieuw/<int:pk>/", lambda request, pk: HttpResponse(), name="nieuw_zonder_verwachting"),
        path("naamloos/", lambda request: HttpResponse()),
        path("admin/extra/", lambda request: HttpResponse()),
    ]
    sys.modules[urlconf.__name__] = urlconf
    settings.ROOT_URLCONF = urlconf.__name__
    try:
        with pytest.raises(AssertionError, match="nieuw_zonder_verwachting") as fout:
            test_every_pattern_has_an_expectation()
        assert "naamloos/" in str(fout.value)
        with pytest.raises(AssertionError, match="admin/extra/"):
            test_admin_patterns_are_covered()
    finally:
        del sys.modules[urlconf.__name__]


def _werkgroepitem(lid):
    """A kennisitem for the members of one werkgroep, written by a colleague of `lid`; `lid` is a member (lid)."""
    werkgroep = LidmaatschapFactory(gebruiker=lid).werkgroep
    collega = LidmaatschapFactory(werkgroep=werkgroep, gebruiker__organisatie=lid.organisatie).gebruiker
    return KennisitemFactory(zichtbaarheid="werkgroep", werkgroep=werkgroep, auteur=collega)


@pytest.fixture
def context(personas):
    return {
        "personas": personas,
        "werkgroep": WerkgroepFactory(),
        "aanvrager": UserFactory(aangevraagd=True, organisatie=personas["on_eigen"].organisatie),
        # -- leden
        "voorgestelde_organisatie": OrganisatieFactory(voorgesteld=True),
        "collega": LidmaatschapFactory(gebruiker__organisatie=personas["on_eigen"].organisatie).gebruiker,
        # -- intentieovereenkomst
        "overeenkomst_concept": ThemadoelFactory(overeenkomst__status="concept").overeenkomst,
        "overeenkomst_open": ThemadoelFactory(overeenkomst__status="ter_ondertekening").overeenkomst,
        # -- rapporten
        "rapport": RapportFactory(aangevraagd_door=personas["on_eigen"], klaar=True),
        # -- herinneringen
        # -- privacy en auditlog
        "verwijderverzoek": VerwijderverzoekFactory(gebruiker__organisatie=personas["on_eigen"].organisatie),
        # -- werkgroepen
        "lidmaatschap_eigen": LidmaatschapFactory(
            gebruiker=personas["on_eigen"],
            werkgroep=LidmaatschapFactory(rol="trekker").werkgroep,
        ),
        "aanmelding_eigen": AanmeldingFactory(
            gebruiker=personas["on_eigen"], werkgroep=LidmaatschapFactory(rol="trekker").werkgroep
        ),
        "werkgroep_gesloten": WerkgroepFactory(gesloten_op="2024-06-30"),
        # -- uitvoeringsagenda
        "activiteit": ActiviteitFactory(werkgroep=LidmaatschapFactory(gebruiker=personas["on_eigen"]).werkgroep),
        # -- bijeenkomsten
        "bijeenkomst": BijeenkomstFactory(aangemaakt_door=personas["on_eigen"], werkgroep=WerkgroepFactory()),
        "agendapunt_vast": AgendapuntFactory(soort="arbeidsmarkt", bijeenkomst__aangemaakt_door=personas["on_eigen"]),
        "actiepunt": ActiepuntFactory(eigenaar=personas["on_eigen"]),
        # -- signalen en agenda-feed
        "signaal": SignaalFactory(indiener=personas["on_eigen"]),
        "agendafeed": AgendafeedFactory(gebruiker=personas["on_eigen"]),
        # -- kennisbank
        # -- projecten
        "project_eigen": ProjectFactory(gemeente=personas["gemeente"].organisatie),
        "project_andere_gemeente": ProjectFactory(),
        # -- kalender
        "kalender_project": InteresseFactory(project__gemeente=personas["gemeente"].organisatie).project,
        # -- spreiding
        "spreiding_project": ProjectFactory(gemeente=personas["gemeente"].organisatie),
        # -- gebieden
        "gebied_eigen": (gebied := GebiedFactory(gemeente=personas["gemeente"].organisatie)),
        "opgave_eigen": OpgaveFactory(gebied=gebied),
        "graafrust_eigen": GraafrustFactory(gebied=gebied),
        "koppelkans_eigen": KoppelkansFactory(gebied=gebied),
        # -- import
        "projectimport": ProjectimportFactory(
            gemeente=personas["gemeente"].organisatie, aangemaakt_door=personas["gemeente"]
        ),
        # -- rondes
        "pp_plan": (
            pp_plan := BeoordelingsplanFactory(
                project__gemeente=personas["gemeente"].organisatie, opdrachtnemer=personas["on_eigen"].organisatie
            )
        ),
        "pp_ronde_gepland": BeoordelingsrondeFactory(
            plan=pp_plan, opent_op="2099-01-01", onthulling_uiterlijk="2099-01-15"
        ),
        "pp_ronde_open": open_ronde(plan=pp_plan),
        # -- beoordelen
        "beoordelen_ronde": open_ronde(
            plan=BeoordelingsplanFactory(
                project__gemeente=personas["gemeente"].organisatie,
                opdrachtnemer=personas["on_eigen"].organisatie,
                beoordelaar_on=personas["on_eigen"],
            )
        ),
        # -- bespreking
        "bespreking_ronde": (
            bespreking_ronde := onthulde_ronde(
                plan=(
                    bespreking_plan := BeoordelingsplanFactory(
                        project__gemeente=personas["gemeente"].organisatie,
                        opdrachtnemer=personas["on_eigen"].organisatie,
                    )
                )
            )
        ),
        "bespreking_afspraak": AfspraakFactory(ronde=bespreking_ronde),
        "bespreking_definitief": (bespreking_definitief := definitieve_ronde(plan=bespreking_plan)),
        "bespreking_bezwaar": BezwaarFactory(beoordeling=bespreking_definitief.beoordelingen.get(richting="og_on")),
        "bespreking_bezwaar_bij_panel": BezwaarFactory(
            beoordeling=bespreking_definitief.beoordelingen.get(richting="on_og"),
            status="panel",
            panel_gemeente=UserFactory(organisatie=OrganisatieFactory(gemeente=True)),
            panel_kring=UserFactory(),
        ),
        "bespreking_eindronde": definitieve_ronde(plan=bespreking_plan, soort="eind", lessen="Samen plannen werkt."),
        # -- profielen
        "profielen_kpi": BeoordelingsplanFactory(
            project__gemeente=personas["gemeente"].organisatie, opdrachtnemer=personas["on_eigen"].organisatie
        ).kpi_metingen.create(
            soort="vertraging", dagen=5, peildatum="2026-01-05", ingevoerd_door=personas["on_eigen"]
        ),
        # -- vragenlijsten
        "vragenlijst_vastgesteld": Vragenlijst.objects.get(richting="og_on", status="vastgesteld"),
        "vragenlijst_concept": concept_vragenlijst("zelf_og"),
        # -- verplichtingen
        "sroi_verplichting": VerplichtingFactory(
            opdrachtnemer=personas["on_eigen"].organisatie,
            project__gemeente=personas["gemeente"].organisatie,
            coordinator=personas["gemeente"],
        ),
        # -- inzet
        "inzet_regel": (
            inzet_regel := InzetregelFactory(
                verplichting=VerplichtingFactory(
                    opdrachtnemer=personas["on_eigen"].organisatie,
                    project__gemeente=personas["gemeente"].organisatie,
                    coordinator=personas["gemeente"],
                )
            )
        ),
        "inzet_bewijs": BewijsstukFactory(inzetregel=inzet_regel),
        # -- pool
        "pool_aanbod": PoolaanbodFactory(kandidaat__opdrachtnemer=personas["on_eigen"].organisatie),
        # -- waardetabellen
        "sroi_tabel": (sroi_tabel := WaardetabelFactory(te_bevestigen=True)),
        "sroi_concept": WaardetabelFactory(regio=sroi_tabel.regio, geldig_vanaf="2025-07-01", status="concept"),
        # -- stuurgroep
        # -- indicatoren
        "indicator": IndicatorFactory(),
        "kennisitem": (kennisitem := _werkgroepitem(personas["on_eigen"])),
        "kennisbijlage": BijlageFactory(kennisitem=kennisitem),
    }


@pytest.mark.parametrize(
    ("key", "route"), [(name or route, route) for name, route in all_patterns() if not route.startswith("admin/")]
)
def test_access(key, route, context):
    expectations, build_kwargs, method = MATRIX[key]
    url = fill_route(route, build_kwargs(context) if build_kwargs else {})
    wrong = []
    for rol in ROLLEN:  # beheerder last: a POST may change state for the roles after it
        response = getattr(client_for(context["personas"][rol]), method)(url)
        if not matches(response, expectations[rol]):
            wrong.append(
                f"{rol}: verwacht {expectations[rol]}, kreeg {response.status_code} {response.get('Location', '')}"
            )
    assert not wrong, f"{method.upper()} {url}\n" + "\n".join(wrong)


def admin_expectation(route: str, model_admin) -> str:
    """What a beheerder gets on an admin route, following what each ModelAdmin allows."""
    if route.endswith("/add/"):
        return "200" if model_admin.has_add_permission(_Request()) else "403"
    if route.endswith("/delete/"):
        return "200" if model_admin.has_delete_permission(_Request()) else "403"
    if route.endswith("<path:object_id>/"):
        return "302"  # the bare object url redirects to its change page
    return "200"


class _Request:
    """has_*_permission of our ModelAdmins looks at the user only."""

    class user:  # noqa: N801
        is_staff = True
        is_active = True

        @staticmethod
        def has_perm(*args):
            return True


def admin_cases():
    """(pattern as registered, url to visit, what a beheerder gets, model whose object fills <object_id>)."""
    apps = "|".join(dict.fromkeys(model._meta.app_label for model in admin.site._registry))
    werkgroep_type = "werkgroepen.Werkgroep"
    cases = [
        ("admin/", "admin/", "200", None),
        ("admin/login/", "admin/login/", "login", None),  # answered by our redirect to allauth's login
        ("admin/logout/", "admin/logout/", "405", None),  # logging out takes a POST
        # Answered by our redirect to allauth's page (audited, mailed, other sessions end), for every member alike.
        ("admin/password_change/", "admin/password_change/", "302", None),
        ("admin/password_change/done/", "admin/password_change/done/", "200", None),
        ("admin/jsi18n/", "admin/jsi18n/", "200", None),
        ("admin/autocomplete/", "admin/autocomplete/", "403", None),  # without a field to complete
        (f"admin/^(?P<app_label>{apps})/$", "admin/kring/", "200", None),
        ("admin/r/<path:content_type_id>/<path:object_id>/", "admin/r/<ct>/<path:object_id>/", "302", werkgroep_type),
        ("admin/(?P<url>.*)$", "admin/bestaat-niet/", "404", None),
    ]
    for model, model_admin in admin.site._registry.items():
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        cases.append((base, base, "200", None))
        cases.append((base + "add/", base + "add/", admin_expectation(base + "add/", model_admin), None))
        for suffix in ["", "change/", "history/", "delete/"]:
            route = base + "<path:object_id>/" + suffix
            cases.append((route, route, admin_expectation(route, model_admin), model))
    return cases


def test_admin_patterns_are_covered():
    registered = {route for name, route in all_patterns() if route.startswith("admin/")}
    covered = {pattern for pattern, _, _, _ in admin_cases()}
    assert registered == covered, (
        f"Admin-patronen zonder verwachting: {sorted(registered - covered)}; verouderd: {sorted(covered - registered)}"
    )


@pytest.mark.parametrize(("pattern", "route", "beheerder_ziet", "model"), admin_cases())
def test_admin_access(pattern, route, beheerder_ziet, model, personas):
    from django.contrib.contenttypes.models import ContentType

    kwargs = {}
    if model == "werkgroepen.Werkgroep":
        from werkgroepen.models import Werkgroep

        model = Werkgroep
        kwargs["ct"] = ContentType.objects.get_for_model(Werkgroep).pk
        route = route.replace("<ct>", "<ct:ct>")
    if model is not None:
        kwargs["object_id"] = (model._default_manager.first() or _make(model, personas)).pk
    url = fill_route(route, kwargs)
    for rol in ROLLEN[:-1]:
        response = client_for(personas[rol]).get(url)
        naar_login = response.get("Location", "").startswith(("/admin/login/", "/account/login/"))
        if pattern == "admin/logout/" and rol != "anoniem":
            naar_login = response.get("Location") == "/admin/"  # Django sends a non-staff member back, logs nobody out
        if pattern == "admin/password_change/" and rol != "anoniem":
            naar_login = response.get("Location") == "/account/password/change/"
        assert response.status_code == 302 and naar_login, f"{rol} op {url}: {response.status_code}"
    response = client_for(personas["beheerder"]).get(url)
    assert matches(response, beheerder_ziet), f"beheerder op {url}: {response.status_code}"
    if pattern == "admin/password_change/":
        assert response["Location"] == "/account/password/change/"


def _make(model, personas):
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

    from kring.audit import audit_log
    from werkgroepen.models import Werkgroep

    if model is Werkgroep:
        return WerkgroepFactory()
    if model.__name__ == "AuditEvent":
        return audit_log(actie="test", actor=personas["beheerder"])
    if model is SocialApp:
        return SocialApp.objects.create(provider="openid_connect", provider_id="gemeente", name="Test", client_id="x")
    if model is SocialAccount:
        return SocialAccount.objects.create(user=personas["gemeente"], provider="gemeente", uid="abc")
    if model is SocialToken:
        app = SocialApp.objects.create(provider="openid_connect", provider_id="gemeente2", name="Test", client_id="y")
        account = SocialAccount.objects.create(user=personas["gemeente"], provider="gemeente2", uid="def")
        return SocialToken.objects.create(app=app, account=account, token="t")
    if model.__name__ == "UserSession":
        from allauth.usersessions.models import UserSession

        return UserSession.objects.create(user=personas["gemeente"], ip="127.0.0.1", session_key="k" * 32)
    if model.__name__ == "Thema":
        from tests.factories import ThemaFactory

        return ThemaFactory()
    if model.__name__ == "Tag":
        return model.objects.create(naam="bouwteam")
    # -- projecten
    if model.__name__ == "Gebied":
        from tests.factories import GebiedFactory

        return GebiedFactory()
    if model.__name__ == "Waardeklasse":
        from tests.factories import WaardeklasseFactory

        return WaardeklasseFactory()
    # -- pastperformance
    if model._meta.app_label == "pastperformance":
        return _pp_object(model)
    # -- sroi
    if model._meta.app_label == "sroi":
        return _sroi_object(model)
    return None


def _pp_object(model):
    """A past-performance row of `model` in a revealed round (the admin shows ratings only after the reveal)."""
    from pastperformance import models as pp
    from tests.factories import onthulde_ronde

    if model is pp.Beleid:
        return pp.Beleid.huidig()
    ronde = onthulde_ronde()
    beoordeling = ronde.beoordelingen.get(richting="og_on")
    maken = {
        pp.Beoordelingsplan: lambda: ronde.plan,
        pp.Beoordelingsronde: lambda: ronde,
        pp.Beoordeling: lambda: beoordeling,
        pp.Score: lambda: beoordeling.scores.first(),
        pp.Bespreking: lambda: pp.Bespreking.objects.create(ronde=ronde, datum="2026-03-02", samenvatting="Goed."),
        pp.Afspraak: lambda: pp.Afspraak.objects.create(
            ronde=ronde,
            omschrijving="Planning delen.",
            eigenaar_organisatie=ronde.plan.opdrachtnemer,
            deadline="2026-04-01",
        ),
        pp.Reactie: lambda: pp.Reactie.objects.create(beoordeling=beoordeling, eens=True, tekst="Herkenbaar."),
        pp.Bezwaar: lambda: pp.Bezwaar.objects.create(
            beoordeling=beoordeling, organisatie=ronde.plan.opdrachtnemer, gronden="Onjuist."
        ),
        pp.Addendum: lambda: pp.Addendum.objects.create(ronde=ronde, tekst="Aanvulling."),
        pp.KpiMeting: lambda: pp.KpiMeting.objects.create(
            plan=ronde.plan, soort="betaaltermijn", dagen=30, peildatum="2026-03-01"
        ),
        pp.Scoremaand: lambda: pp.Scoremaand.objects.create(richting="og_on", maand="2026-03-01", aantal=1, som=7),
        pp.Beoordelaarverdeling: lambda: pp.Beoordelaarverdeling.objects.create(richting="og_on", waarde=7, aantal=1),
    }
    return maken[model]()


def _sroi_object(model):
    """An SROI row of `model`: a line with evidence on an obligation, and a pool offer with interest."""
    import datetime

    from sroi import models as sroi
    from tests.factories import KandidaatFactory, VerplichtingFactory

    verplichting = VerplichtingFactory()
    kandidaat = KandidaatFactory(opdrachtnemer=verplichting.opdrachtnemer)
    regel = sroi.Inzetregel.objects.create(
        verplichting=verplichting,
        bouwblok=verplichting.waardetabel.bouwblokken.get(code="ww"),
        kandidaat=kandidaat,
        start=datetime.date(2026, 1, 5),
        eind=datetime.date(2026, 3, 31),
        uren_per_week=36,
    )
    aanbod = sroi.Poolaanbod.objects.create(
        kandidaat=kandidaat, bouwblok_code="ww", categorie="WW", beschikbaar_vanaf=datetime.date(2026, 4, 1)
    )
    maken = {
        sroi.Regio: lambda: verplichting.waardetabel.regio,
        sroi.Waardetabel: lambda: verplichting.waardetabel,
        sroi.Bouwblok: lambda: regel.bouwblok,
        sroi.Verplichting: lambda: verplichting,
        sroi.Kandidaat: lambda: kandidaat,
        sroi.Inzetregel: lambda: regel,
        sroi.Bewijsstuk: lambda: sroi.Bewijsstuk.objects.create(
            inzetregel=regel, bestand="sroi/bewijs/x", naam="bewijs.pdf", inhoudstype="application/pdf", grootte=1
        ),
        sroi.Waarschuwing: lambda: sroi.Waarschuwing.objects.create(
            verplichting=verplichting, soort="achterstand", toelichting="Achter.", sinds=datetime.date(2026, 1, 1)
        ),
        sroi.Poolaanbod: lambda: aanbod,
        sroi.Poolinteresse: lambda: sroi.Poolinteresse.objects.create(
            aanbod=aanbod, organisatie=verplichting.project.gemeente
        ),
    }
    return maken[model]()


def test_applicant_sees_only_the_waiting_page(db):
    aanvrager = UserFactory(aangevraagd=True)
    client = client_for(aanvrager)
    assert client.get("/wachten/").status_code == 200
    for url in ["/start/", "/profiel/", "/beheer/registraties/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/wachten/", url
    assert client.get("/").status_code == 200
    assert client.get("/account/2fa/").status_code == 200


def test_blocked_user_is_logged_out(db):
    user = UserFactory()
    client = client_for(user)
    User.objects.filter(pk=user.pk).update(status=User.Status.GEBLOKKEERD)
    response = client.get("/start/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
