"""Acceptance: no query path shows a rating before the reveal — views, exports, reports, feeds, mails, the audit log and
the admin (issue 6, Acceptance).

One open round in which three ratings are submitted and the contractor's self-rating is a draft, each with a unique
marker in every text. Then every page is requested as every kind of person: each URL pattern of `pastperformance`
(its <pk>s filled with the ids of the plan, rounds, ratings, organisations, ...; GET, GET as htmx, and an empty POST),
the `projecten` pages of the project, every page without parameters (Mijn kring, reports, herinneringen, mijn gegevens
and its JSON, the audit log and its CSV, feeds), the pastperformance admin, every PDF report kind's HTML for every id,
and the reminder mails of the coming days. Nobody may see a marker of a rating of another organisation. Patterns are
walked from the URLconf, so a page added later is covered without changing this test.

Then the round is revealed (deadline passed, the self-rating still a draft) and the same walk must show each party the
other side's markers (so this test can fail), while the draft and another contractor stay blind."""

import datetime
import re
from collections import defaultdict

from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

import pytest

from kring.models import Rapport
from kring.rapportsoorten import RAPPORTSOORTEN, GegevensOntbreken
from kring.services.herinneringen import herinneringen_send
from pastperformance.models import Beoordeling, Beoordelingsronde, Bezwaar, Richting, Score
from pastperformance.services.beoordelen import ScoreInvoer, beoordeling_bewaar
from pastperformance.services.rondes import ronde_onthul
from tests.conftest import client_for
from tests.factories import (
    BeoordelingsplanFactory,
    OrganisatieFactory,
    UserFactory,
    give_totp,
    onthulde_ronde,
    open_ronde,
)
from tests.test_access_matrix import all_patterns, fill_route

Status = Beoordelingsronde.Status

MARKERS = {
    Richting.OG_ON: "MARKER-OG-ON-7f3a",
    Richting.ON_OG: "MARKER-ON-OG-2b9c",
    Richting.ZELF_OG: "MARKER-ZELF-OG-5d1e",
    Richting.ZELF_ON: "MARKER-ZELF-ON-9c4f",
}
# Unusual scores per direction, so a score shown as a number would also stand out in an export.
SCORES = {Richting.OG_ON: (2, 10), Richting.ON_OG: (3, 9), Richting.ZELF_OG: (10, 1), Richting.ZELF_ON: (1, 9)}
PARAMETERLOOS = re.compile(r"<|\(\?P")


@pytest.fixture
def wereld(personas):
    """The round, its earlier definitief round with a bezwaar (whose panel sees that round only), and everyone."""
    gemeente, eigen = personas["gemeente"].organisatie, personas["on_eigen"].organisatie
    rater_og = UserFactory(organisatie=gemeente, naam="Beoordelaar Gemeente")
    rater_on = UserFactory(organisatie=eigen, naam="Beoordelaar Aannemer")
    plan = BeoordelingsplanFactory(
        project__gemeente=gemeente, opdrachtnemer=eigen, beoordelaar_og=rater_og, beoordelaar_on=rater_on
    )
    eerder = onthulde_ronde(plan=plan)
    Beoordelingsronde.objects.filter(pk=eerder.pk).update(status=Status.DEFINITIEF, definitief_op=timezone.now())
    andere_gemeente, andere_aannemer = OrganisatieFactory(gemeente=True), OrganisatieFactory()
    panel_gemeente = UserFactory(organisatie=andere_gemeente)
    panel_kring = UserFactory(organisatie=andere_aannemer)
    bezwaar = Bezwaar.objects.create(
        beoordeling=eerder.beoordelingen.get(richting=Richting.OG_ON),
        organisatie=eigen,
        gronden="Niet eens.",
        status=Bezwaar.Status.PANEL,
        panel_gemeente=panel_gemeente,
        panel_kring=panel_kring,
    )
    ronde = open_ronde(plan=plan)
    for richting, door in [
        (Richting.OG_ON, rater_og),
        (Richting.ZELF_OG, rater_og),
        (Richting.ON_OG, rater_on),
        (Richting.ZELF_ON, rater_on),
    ]:
        beoordeling = ronde.beoordelingen.get(richting=richting)
        marker, waarden = MARKERS[richting], SCORES[richting]
        scores = {
            criterium.pk: ScoreInvoer(
                waarde=waarden[i % 2],
                motivering=f"{marker} motivering {i}",
                voorgestelde_afspraak=f"{marker} afspraak {i}",
            )
            for i, criterium in enumerate(beoordeling.vragenlijst.criteria.all())
        }
        beoordeling_bewaar(
            beoordeling=beoordeling,
            scores=scores,
            algemene_toelichting=f"{marker} toelichting",
            indienen=richting != Richting.ZELF_ON,
            door=door,
        )
    ronde.refresh_from_db()
    assert ronde.status == Status.OPEN
    mensen = {
        "rater_og": rater_og,
        "gemeente": personas["gemeente"],
        "stuurgroep": personas["stuurgroep"],
        "beheerder": personas["beheerder"],  # a beheerder who works for the gemeente
        "rater_on": rater_on,
        "on_eigen": personas["on_eigen"],
        "on_ander": personas["on_ander"],
        "stuurgroep_ander": UserFactory(organisatie=andere_aannemer, stuurgroep=True),
        "gemeente_ander": UserFactory(organisatie=andere_gemeente),
        "beheerder_neutraal": (
            neutraal := UserFactory(organisatie=OrganisatieFactory(soort="overig"), beheerder=True)
        ),
        "panel_gemeente": panel_gemeente,
        "panel_kring": panel_kring,
    }
    give_totp(neutraal)  # beheerders must use a second factor (the admin asks for it)
    beoordelingen = list(Beoordeling.objects.filter(ronde__plan=plan))
    ids = {
        "rondes": [ronde.pk, eerder.pk],
        "plannen": [plan.pk],
        "projecten": [plan.project_id],
        "beoordelingen": [b.pk for b in beoordelingen],
        "profielen": [gemeente.pk, eigen.pk],
        "bezwaren": [bezwaar.pk],
        "vragenlijsten": sorted({b.vragenlijst_id for b in beoordelingen}),
        # the admin's model names
        "beoordeling": [b.pk for b in beoordelingen],
        "score": list(Score.objects.filter(beoordeling__ronde=ronde).values_list("pk", flat=True)),
        "beoordelingsronde": [ronde.pk, eerder.pk],
        "beoordelingsplan": [plan.pk],
        "bezwaar": [bezwaar.pk],
        "organisatie": [gemeente.pk, eigen.pk],
        "ronde": [ronde.pk, eerder.pk],
        "plan": [plan.pk],
    }
    # For a pastperformance page whose object this test does not know (yet): every id of the main objects.
    ids["alle"] = sorted(
        {ronde.pk, eerder.pk, plan.pk, plan.project_id, gemeente.pk, eigen.pk, bezwaar.pk}
        | {b.pk for b in beoordelingen if b.ronde_id == ronde.pk}
    )
    return {"ronde": ronde, "mensen": mensen, "ids": ids}


def kant(user, ronde) -> set[str]:
    """The directions whose rating `user`'s organisation made in `ronde`: the only ones it sees before the reveal."""
    return {b.richting for b in ronde.beoordelingen.all() if b.beoordelaar_organisatie_id == user.organisatie_id}


# --- The walk ---------------------------------------------------------------------------------------------------------


def _kandidaten(route: str, parameter: str, ids: dict) -> list:
    if parameter == "richting":
        return list(Richting.values)
    if parameter == "formaat":
        return ["csv", "xlsx", "json", "pdf"]
    segmenten = route.split("/")
    plek = next(i for i, segment in enumerate(segmenten) if re.search(rf"<(?:\w+:)?{parameter}>", segment))
    vorige = segmenten[plek - 1] if plek else ""
    if vorige in ids:
        return ids[vorige]
    return ids["alle"] if "pastperformance/" in route else []


def _invullingen(route: str, ids: dict) -> list[dict]:
    invullingen = [{}]
    for parameter in re.findall(r"<(?:\w+:)?(\w+)>", route):
        kandidaten = _kandidaten(route, parameter, ids)
        invullingen = [{**kwargs, parameter: waarde} for kwargs in invullingen for waarde in kandidaten]
    return invullingen


def te_bezoeken(ids: dict, *, grondig: bool = True) -> list[tuple[str, str]]:
    """(method, url) of every page in scope: pastperformance (GET, and when `grondig` also as htmx and an empty POST),
    the project's projecten pages, the kring's reports, every page without parameters, and the pastperformance admin
    (list and change pages)."""
    bezoeken = []
    for naam, route in all_patterns():
        if route.startswith("admin/"):
            if not route.startswith("admin/pastperformance/") or not (
                route.endswith("/") and ("<" not in route or route.endswith("/change/"))
            ):
                continue
        elif naam and naam.startswith("pastperformance:"):
            pass
        elif naam and (naam.startswith("projecten:") or naam.startswith("kring:rapport")):
            if "<" in route and not _invullingen(route, ids):
                continue
        elif PARAMETERLOOS.search(route):
            continue
        for kwargs in _invullingen(route, ids):
            url = fill_route(route, kwargs)
            bezoeken.append(("get", url))
            if grondig and naam and naam.startswith("pastperformance:"):
                bezoeken += [("htmx", url), ("post", url)]
    return bezoeken


def _verzoek(client, methode: str, url: str):
    if methode == "htmx":
        return client.get(url, HTTP_HX_REQUEST="true")
    if methode == "post":
        # Undone afterwards: an empty POST may rightly change something (clear a draft), and the walk goes on with the
        # same data for everyone.
        with transaction.atomic():
            response = client.post(url)
            transaction.set_rollback(True)
        return response
    return client.get(url)


def _tekst(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def gevonden_markers(user, ids: dict, *, grondig: bool = True) -> dict[str, set[str]]:
    """Per marker, where `user` saw it: page (method and url) or report HTML."""
    gezien = defaultdict(set)
    client = client_for(user)
    bezoeken = te_bezoeken(ids, grondig=grondig)
    for methode, url in bezoeken:
        tekst = _tekst(_verzoek(client, methode, url))
        for richting, marker in MARKERS.items():
            if marker in tekst:
                gezien[richting].add(f"{methode.upper()} {url}")
    for soort, soortdef in RAPPORTSOORTEN.items():
        for pk in ids.get(soortdef.parameter, ids["alle"]):
            try:
                obj = soortdef.object_voor(user=user, parameters={soortdef.parameter: pk})
            except GegevensOntbreken:
                continue
            # The HTML the PDF is made of, as the worker renders it for this requester.
            tekst = str(soortdef.titel(obj)) + render_to_string(soortdef.template, soortdef.inhoud(obj, user=user))
            for richting, marker in MARKERS.items():
                if marker in tekst:
                    gezien[richting].add(f"rapport {soort} {pk}")
    return gezien


def mails_per_ontvanger() -> dict[str, str]:
    teksten = defaultdict(str)
    for bericht in mail.outbox:
        inhoud = bericht.subject + bericht.body + "".join(str(alternatief[0]) for alternatief in bericht.alternatives)
        for ontvanger in bericht.to + bericht.cc + bericht.bcc:
            teksten[ontvanger.lower()] += inhoud
    return teksten


def _stuur_herinneringen(ronde) -> None:
    """The reminders of the round's days: opened, 7 and 2 days before the reveal, the reveal date itself."""
    vandaag = timezone.localdate()
    for dag in sorted(
        {
            vandaag,
            ronde.onthulling_uiterlijk - datetime.timedelta(days=7),
            ronde.onthulling_uiterlijk - datetime.timedelta(days=2),
        }
    ):
        if dag >= vandaag:
            herinneringen_send(vandaag=dag)


# --- The tests --------------------------------------------------------------------------------------------------------


# The walk for all twelve people took two minutes on PostgreSQL in one test; in three parts CI's workers share it.
@pytest.mark.parametrize("deel", range(3))
def test_niemand_ziet_een_beoordeling_van_een_ander_voor_de_onthulling(wereld, personas, deel):
    ronde, ids = wereld["ronde"], wereld["ids"]
    # Reports requested by everyone who may (the requests list and report pages show their titles).
    for user in wereld["mensen"].values():
        for soort, soortdef in RAPPORTSOORTEN.items():
            for pk in ids.get(soortdef.parameter, []):
                try:
                    obj = soortdef.object_voor(user=user, parameters={soortdef.parameter: pk})
                except GegevensOntbreken:
                    continue
                Rapport.objects.create(
                    soort=soort,
                    parameters=soortdef.parameters(obj.pk),
                    titel=soortdef.titel(obj)[:200],
                    aangevraagd_door=user,
                )
    ids["rapporten"] = list(Rapport.objects.values_list("pk", flat=True))
    mail.outbox.clear()
    _stuur_herinneringen(ronde)
    mails = mails_per_ontvanger()

    lekken = []
    for wie, user in list(wereld["mensen"].items())[deel::3]:
        verboden = set(MARKERS) - kant(user, ronde)
        gezien = gevonden_markers(user, ids)
        lekken += [f"{wie} zag {MARKERS[r]} op {sorted(gezien[r])[:5]}" for r in verboden if gezien[r]]
        lekken += [f"{wie} kreeg {MARKERS[r]} per mail" for r in verboden if MARKERS[r] in mails[user.email.lower()]]
        # The test reaches the rater's own organisation's ratings: otherwise it would prove nothing.
        if wie in ("rater_og", "rater_on"):
            assert all(gezien[r] for r in kant(user, ronde)), f"{wie} ziet de eigen beoordelingen nergens"
    assert not lekken, "\n".join(lekken)

    ronde.refresh_from_db()
    assert ronde.status == Status.OPEN
    assert Beoordeling.objects.filter(ronde=ronde, ingediend_op__isnull=False).count() == 3


def test_na_de_onthulling_zien_de_partijen_elkaars_beoordelingen(wereld):
    ronde, ids, mensen = wereld["ronde"], wereld["ids"], wereld["mensen"]
    # The deadline passed with the contractor's self-rating still a draft.
    ronde_onthul(ronde=ronde, vandaag=ronde.onthulling_uiterlijk)
    ronde.refresh_from_db()
    assert ronde.is_onthuld
    ingediend = {Richting.OG_ON, Richting.ON_OG, Richting.ZELF_OG}
    verwacht = {
        # The parties see every submitted rating; the draft only its own organisation.
        "rater_og": ingediend,
        "gemeente": ingediend,
        "stuurgroep": ingediend,
        "beheerder": ingediend,
        "rater_on": set(MARKERS),
        "on_eigen": set(MARKERS),
        # Beheerders see the revealed ratings too, never a draft of another organisation.
        "beheerder_neutraal": ingediend,
        # Neither another contractor, nor another gemeente, nor the panel of an earlier round.
        "on_ander": set(),
        "stuurgroep_ander": set(),
        "gemeente_ander": set(),
        "panel_gemeente": set(),
        "panel_kring": set(),
    }
    fout = []
    for wie, zichtbaar in verwacht.items():
        # GET only: the htmx and POST variants were walked before the reveal, where blindness is at stake.
        gezien = gevonden_markers(mensen[wie], ids, grondig=False)
        fout += [f"{wie} zag {MARKERS[r]} op {sorted(gezien[r])[:5]}" for r in set(MARKERS) - zichtbaar if gezien[r]]
        fout += [f"{wie} zag {MARKERS[r]} nergens" for r in zichtbaar if not gezien[r]]
    assert not fout, "\n".join(fout)
