"""Hostile input on every form: whatever is posted, the portal never answers with a server error and never keeps half
of it.

FORMULIEREN names every URL that accepts a POST, the role that may post there and where its form is: the page whose
Django forms and formsets (from the template context) the field strategies are derived from, the form class of a
button that has no page of its own, fields a view reads by hand, and for the writes of several objects a valid
submission and what must exist after it. A new POST view without an entry fails `test_elke_post_view_staat_erin`.

An example takes the form's own values (its initial values, or the entry's valid submission), replaces a share of
them by hostile values for the field's type, leaves some out and adds unknown fields. The property:
- the status is below 500;
- a refused submission (the form again, 4xx, a redirect with an error message) changes no row in any table (sessions
  and audit events of authentication aside);
- an accepted one (a redirect without an error message) writes an audit event when it changes content (rows written
  anew with the same values aside), stays within what PostgreSQL stores
  (SQLite enforces no length, range or NUL rule, so what would fail there only is caught here) and, for the writes of
  several objects, leaves every part in place.
Every entry with a valid submission is also posted once as it is (`test_geldige_invoer_slaagt_helemaal`), so the
completeness checks are known to run. The world is the access matrix's (its `context`), built once for this module;
every example runs in a savepoint that is rolled back, so all start from the same state."""

import copy
import datetime
import operator
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.db import connection, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.forms.formsets import BaseFormSet
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import tests.conftest as conftest
import tests.test_access_matrix as matrix
from kring.forms.kwartaalrapportage import KwartaalrapportageForm
from kring.forms.rapporten import RapportAanvraagForm
from projecten.forms.spreiding import OvernemenForm
from tests.factories import (
    PDF_BYTES,
    WACHTWOORD,
    BeoordelingsrondeFactory,
    ProjectFactory,
    ProjectimportFactory,
    UserFactory,
)
from werkgroepen.forms.werkgroepen import RolForm

WEG = object()  # a field left out of the submission

# --- Hostile values --------------------------------------------------------------------------------------------------

GEVAARLIJK = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\r\n",
    "\t\x0b\x0c\x1b[31m",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "[klik](javascript:alert(1))",
    "{{ request.user.password }}",
    "{% debug %}",
    "%(naam)s %s %d %n",
    "'; DROP TABLE kring_user; --",
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "../../../etc/passwd",
    "\u202egnp.exe",
    "\ufeff\u200b\u2028\u2029",
    "Z̴̡̛͉͈a̷̝͛l̶̰̎g̵̣̾o̸͖͝",
    "𝕳𝖊𝖑𝖑𝖔 🏗️👷‍♀️",
    "null",
    "None",
    "NaN",
    "-1",
    "0",
    "[]",
    '{"a": 1}',
)
GETALTEKST = (
    "1e309",
    "-1e309",
    "NaN",
    "sNaN",
    "Infinity",
    "-inf",
    "-0",
    "0",
    "-1",
    "1,5",
    "1.000.000,50",
    "0x1A",
    "١٢٣",
    "²",
    "9" * 40,
    "-" + "9" * 40,
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "1e-400",
    " 7 ",
    "7 8",
    "1_000",
    "€ 12",
    "12%",
    "1" * 5000,
)
DATUMTEKST = (
    "2024-02-30",
    "2023-02-29",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31-12-9999",
    "1-1-1",
    "2024-13-01",
    "2024-00-10",
    "2024-1-1T25:00",
    "-2024-01-01",
    "２０２４-０１-０１",
    "gisteren",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "2026-03-29T02:30",  # does not exist in Amsterdam (clocks go forward)
    "2026-10-25T02:30",  # happens twice in Amsterdam
)
KEUZETEKST = ("0", "-1", "999999999", "9223372036854775808", "1.5", "1e3", "null", "on", "<script>", "__all__")
BESTANDSNAMEN = (
    "planning.csv",
    "../../etc/passwd",
    "..\\..\\boot.ini",
    "rapport.pdf.exe",
    ".htaccess",
    "x" * 300 + ".pdf",
    "naam met spaties & tekens;.pdf",
    "null\x00byte.pdf",
    "𝕳.pdf",
    "",
)


def tekst(max_lengte: int | None = None) -> st.SearchStrategy[str]:
    """Text of every kind: unicode with control characters, markup and injections, and lengths around the limit."""
    grens = max_lengte or 200
    lengtes = sorted({grens - 1, grens, grens + 1, 5000, 100_000} - {-1, 0})
    return st.one_of(
        st.text(max_size=min(grens + 2, 300)),
        st.sampled_from(GEVAARLIJK),
        st.builds(operator.mul, st.sampled_from(("x", "é", "€", "𝕏", "<b>", "\u200b")), st.sampled_from(lengtes)),
    )


def getal() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers().map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats().map(repr),
        st.sampled_from(GETALTEKST),
        tekst(20),
    )


def datum() -> st.SearchStrategy[str]:
    return st.one_of(
        st.dates().map(datetime.date.isoformat),
        st.dates().map(lambda d: f"{d.day}-{d.month}-{d.year}"),
        st.sampled_from(DATUMTEKST),
        tekst(20),
    )


def moment() -> st.SearchStrategy[str]:
    return st.one_of(st.datetimes().map(lambda m: m.isoformat(timespec="minutes")), datum())


def tijd() -> st.SearchStrategy[str]:
    return st.one_of(st.times().map(lambda t: t.isoformat("minutes")), st.sampled_from(("24:00", "23:59:60", "-1:00")))


def _upload(naam: str, inhoud: bytes) -> SimpleUploadedFile:
    """Django refuses some names itself ("", ".."): those become a plain name (the upload parser sees them anyway)."""
    try:
        return SimpleUploadedFile(naam, inhoud)
    except SuspiciousFileOperation:
        return SimpleUploadedFile("bestand", inhoud)


def bestand() -> st.SearchStrategy[SimpleUploadedFile]:
    """Random bytes under a random name (tests/hostile/test_uploads tries real and lying file types)."""
    return st.builds(
        _upload, st.one_of(st.sampled_from(BESTANDSNAMEN), st.text(max_size=40)), st.binary(max_size=2048)
    )


def _keuzewaarden(veld: forms.Field) -> list[str]:
    waarden = []
    for waarde, label in getattr(veld, "choices", ()):
        if isinstance(label, list | tuple):  # a group of choices
            waarden += [str(w) for w, _ in label]
        else:
            waarden.append(str(waarde))
    return [w for w in waarden if w != ""]


def keuze(veld: forms.Field) -> st.SearchStrategy[str]:
    ongeldig = st.one_of(st.sampled_from(KEUZETEKST), tekst(30))
    geldig = _keuzewaarden(veld)
    return st.one_of(st.sampled_from(geldig), ongeldig) if geldig else ongeldig


def vijandig(veld: forms.Field) -> st.SearchStrategy:
    """Hostile values for one form field, by its type."""
    if isinstance(veld, forms.FileField):
        meer = getattr(veld.widget, "allow_multiple_selected", False)
        return st.lists(bestand(), max_size=3) if meer else bestand()
    if isinstance(veld, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return st.lists(keuze(veld), max_size=4)
    if isinstance(veld, forms.ChoiceField | forms.ModelChoiceField):
        return keuze(veld)
    if isinstance(veld, forms.BooleanField | forms.NullBooleanField):
        return st.sampled_from(("on", "", "true", "false", "0", "1", "unknown", "<x>"))
    if isinstance(veld, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return getal()
    if isinstance(veld, forms.DateTimeField):
        return moment()
    if isinstance(veld, forms.DateField):
        return datum()
    if isinstance(veld, forms.TimeField):
        return tijd()
    return tekst(getattr(veld, "max_length", None))


# --- The fields of a form ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Veld:
    naam: str  # as posted (with the form's prefix)
    waarde: object  # what the form would post as it is: a text, a list of texts, or WEG
    vijandig: st.SearchStrategy
    keuzes: tuple = ()  # the valid choices of a choice field


EERSTE_KEUZE = object()  # in a valid submission: the first valid choice the form offers


def _postwaarde(bf: forms.BoundField):
    """What the browser would post for this field of an unbound form (its initial value)."""
    widget, waarde = bf.field.widget, bf.value()
    if isinstance(widget, forms.CheckboxInput):
        return "on" if widget.check_test(waarde) else WEG
    if isinstance(widget, forms.FileInput):
        return WEG
    opgemaakt = widget.format_value(waarde)
    if getattr(widget, "allow_multiple_selected", False):
        return [str(w) for w in (opgemaakt or [])]
    if isinstance(opgemaakt, list):
        opgemaakt = opgemaakt[0] if opgemaakt else ""
    return WEG if opgemaakt is None else str(opgemaakt)


def velden_van(form: forms.BaseForm) -> list[Veld]:
    uitkomst = []
    for bf in form:
        widget = bf.field.widget
        if isinstance(widget, forms.MultiWidget):
            delen = widget.decompress(bf.value()) if not isinstance(bf.value(), list) else bf.value()
            for suffix, sub, deel in zip(widget.widgets_names, widget.widgets, delen, strict=False):
                opgemaakt = sub.format_value(deel)
                uitkomst.append(Veld(bf.html_name + suffix, WEG if opgemaakt is None else str(opgemaakt), moment()))
        else:
            keuzes = tuple(_keuzewaarden(bf.field)) if isinstance(bf.field, forms.ChoiceField) else ()
            uitkomst.append(Veld(bf.html_name, _postwaarde(bf), vijandig(bf.field), keuzes))
    return uitkomst


def velden_van_formulieren(formulieren) -> list[Veld]:
    uitkomst = []
    for form in formulieren:
        if isinstance(form, BaseFormSet):
            uitkomst += [Veld(v.naam, v.waarde, getal()) for v in velden_van(form.management_form)]
            for deel in form.forms:
                uitkomst += velden_van(deel)
        else:
            uitkomst += velden_van(form)
    return uitkomst


def formulieren_in(response, namen: tuple[str, ...] = ()) -> list:
    """The forms and formsets in the context of a rendered page (those named, or all of them)."""
    contexten = response.context if isinstance(response.context, list) else [response.context]
    gevonden: dict[str, object] = {}
    for context in contexten:
        if context is None:
            continue
        for laag in getattr(context, "dicts", [context]):
            for sleutel, waarde in laag.items():
                gezocht = isinstance(waarde, forms.BaseForm | BaseFormSet) and (not namen or sleutel in namen)
                if gezocht and all(waarde is not eerder for eerder in gevonden.values()):
                    gevonden.setdefault(sleutel, waarde)
    ontbreekt = set(namen) - set(gevonden)
    assert not ontbreekt, f"formulieren {ontbreekt} staan niet op {response.wsgi_request.path}"
    return list(gevonden.values())


@st.composite
def invoer(draw, velden: list[Veld], hand: dict[str, st.SearchStrategy]):
    """A submission: all fields as the form has them, or a share of them hostile or left out, plus fields the view
    reads by hand and unknown ones. Shrinks towards the form as it is."""
    bewaard = draw(st.sampled_from((10, 8, 5, 0)))  # of ten fields, this many keep their value
    data = {}
    for veld in velden:
        kans = draw(st.integers(0, 9))
        waarde = veld.waarde if kans < bewaard else WEG if kans == 9 else draw(veld.vijandig)
        if waarde is not WEG:
            data[veld.naam] = waarde
    for naam, strategie in hand.items():
        waarde = draw(st.one_of(strategie, st.just(WEG)))
        if waarde is not WEG:
            data[naam] = waarde
    data.update(draw(st.dictionaries(st.text(min_size=1, max_size=12), tekst(50), max_size=2)))
    return data


# --- The table -------------------------------------------------------------------------------------------------------

ZELF = "zelf"  # the form is on the page of the URL itself


@dataclass(frozen=True)
class Formulier:
    """How to post to one URL.

    rol: who may post (a role of the matrix, or a function of the world giving the user); pagina: the URL name whose
    GET shows the form (ZELF, another name of the matrix, or None when the view has no form); formulieren: the context
    names of its forms (default: every form on the page); formulier: builds the form of a button without a page;
    hand: fields the view reads from request.POST itself; kwargs: the URL's arguments when not the matrix's; geldig:
    field values of a valid submission (EERSTE_KEUZE: the form's first valid choice); na: checks what an accepted
    submission wrote (nieuw_met, onderdelen); geweigerd_ok: statuses this role may get besides success and the form
    again (e.g. 404 without OIDC); weigering_schrijft: tables a refusal may write (a refusal that is itself
    recorded)."""

    rol: str | Callable
    pagina: str | None = ZELF
    formulieren: tuple[str, ...] = ()
    formulier: Callable | None = None
    hand: Callable[[dict], dict] | None = None
    kwargs: Callable[[dict], dict] | None = None
    pagina_kwargs: Callable[[dict], dict] | None = None
    geldig: Callable[[dict], dict] | None = None
    na: Callable | None = None
    geweigerd_ok: frozenset = frozenset()
    weigering_schrijft: frozenset = frozenset()


def knop(rol, **extra) -> Formulier:
    """A button: a POST without a form (the view reads nothing, or only what `hand` names)."""
    return Formulier(rol, pagina=None, **extra)


def terug(*waarden):
    return lambda ctx: {"terug": st.one_of(st.sampled_from(waarden), tekst(40))}


FORMULIEREN: dict[str, Formulier] = {}


def extra_wereld(wereld: dict) -> dict:
    """Objects some forms need to succeed, beside the matrix's: someone who may sign, a round that may open today,
    and a checked import without errors."""
    personas = wereld["personas"]
    gemeente = personas["gemeente"].organisatie
    gebied, klasse = wereld["gebied_eigen"], wereld["project_eigen"].waardeklasse
    planning = (
        "projectnummer;naam;gebied;soort werk;fase;waardeklasse\r\n"
        f"IMP-1;Kade Wantij;{gebied.code};wegen;ontwerp;{klasse.code}\r\n"
        f"IMP-2;Singel;{gebied.code};riolering;initiatief;{klasse.code}\r\n"
    )
    return {
        "tekenaar": UserFactory(organisatie=personas["on_eigen"].organisatie, is_tekenbevoegd=True),
        "pp_ronde_te_openen": BeoordelingsrondeFactory(
            plan=wereld["pp_plan"], opent_op=timezone.localdate(), onthulling_uiterlijk=_datum(14)
        ),
        "pp_project": (project := ProjectFactory(gemeente=gemeente, fase="uitvoering")),
        "pp_gegund": project.opdrachtnemers.add(personas["on_eigen"].organisatie),
        "import_geldig": ProjectimportFactory(
            gemeente=gemeente,
            aangemaakt_door=personas["gemeente"],
            bestand__data=planning.encode(),
            aantal_rijen=2,
            aantal_nieuw=2,
        ),
    }


def _ingevulde_themadoelen(wereld: dict, data: dict) -> int:
    """The themadoelen a submission adds: the forms with a name that are not marked for removal."""
    return sum(
        1
        for sleutel, naam in data.items()
        if sleutel.startswith("themadoelen-")
        and sleutel.endswith("-naam")
        and str(naam).strip()
        and not _aangevinkt(data.get(sleutel.removesuffix("naam") + "DELETE"))
    )


def _bestanden_in(veld: str) -> Callable:
    """The files a submission posts in `veld`: an accepted one keeps every one of them."""

    def aantal(wereld: dict, data: dict) -> int:
        waarde = data.get(veld, [])
        return sum(hasattr(deel, "read") for deel in (waarde if isinstance(waarde, list) else [waarde]))

    return aantal


def _aangevinkt(waarde) -> bool:
    """As Django's CheckboxInput reads a posted value."""
    if isinstance(waarde, str):
        return {"true": True, "false": False}.get(waarde.lower(), bool(waarde))
    return bool(waarde)


def _datum(dagen: int = 0) -> str:
    return (timezone.localdate() + datetime.timedelta(days=dagen)).isoformat()


def _moment(dagen: int, uur: int) -> str:
    return f"{_datum(dagen)}T{uur:02d}:00"


def _uit(sleutel: str, kolom: str = "pk"):
    return lambda ctx: getattr(ctx[sleutel], kolom)


def nieuw_met(hoofd: str, delen: dict | None = None) -> Callable:
    """A completeness check: an accepted submission made one new row in table `hoofd` and, per part table, at least
    `minimum` new rows whose `kolom` points at it ({tabel: (kolom, minimum)}; minimum may be a function of the world
    as before the submission, and the data)."""

    def na(wereld: dict, data: dict, gewijzigd: "Verschil") -> None:
        weg = {rij["id"] for rij in gewijzigd.weg.get(hoofd, [])}
        nieuw = [rij for rij in gewijzigd.nieuw.get(hoofd, []) if rij["id"] not in weg]
        assert len(nieuw) == 1, f"verwacht één nieuwe rij in {hoofd}, gevonden {len(nieuw)}"
        for tabel, (kolom, minimum) in (delen or {}).items():
            aantal = sum(rij[kolom] == nieuw[0]["id"] for rij in gewijzigd.nieuw.get(tabel, []))
            minimum = minimum(wereld, data) if callable(minimum) else minimum
            assert aantal >= minimum, (
                f"half bewaard: {aantal} rijen in {tabel} bij de nieuwe {hoofd}, {minimum} verwacht"
            )

    return na


def onderdelen(tabel: str, kolom: str, waarde: Callable, minimum) -> Callable:
    """A completeness check: at least `minimum` new rows in `tabel` whose `kolom` is `waarde(world)`."""

    def na(wereld: dict, data: dict, gewijzigd: "Verschil") -> None:
        doel = waarde(wereld)
        aantal = sum(rij[kolom] == doel for rij in gewijzigd.nieuw.get(tabel, []))
        verwacht = minimum(wereld, data) if callable(minimum) else minimum
        assert aantal >= verwacht, f"half bewaard: {aantal} nieuwe rijen in {tabel}, {verwacht} verwacht"

    return na


def _ctx(sleutel):
    return lambda ctx: {"pk": ctx[sleutel].pk}


def _panellid(ctx):
    return ctx["bespreking_bezwaar_bij_panel"].panel_gemeente


FORMULIEREN.update(
    {
        # -- kring: accounts, leden, overeenkomst
        "kring:profiel": Formulier("on_eigen"),
        "kring:registratie_goedkeuren": knop("beheerder"),
        "kring:registratie_afwijzen": Formulier("beheerder"),
        "kring:gebruiker_blokkeren": Formulier("beheerder", pagina="kring:gebruiker", formulieren=("blokkeer_form",)),
        "kring:gebruiker_heractiveren": knop("beheerder"),
        "kring:gebruiker_rollen": Formulier("beheerder", pagina="kring:gebruiker", formulieren=("rollen_form",)),
        "kring:overeenkomst_nieuw": Formulier(
            "beheerder",
            geldig=lambda ctx: {
                "titel": "Intentieovereenkomst MKB kring 2028",
                "ingangsdatum": "2028-01-01",
                "einddatum": "2031-12-31",
                "tekst": "De partijen werken samen aan een eerlijke spreiding van werk.",
                "themadoelen-0-naam": "Eerlijke spreiding",
                "themadoelen-0-omschrijving": "Werk gelijkmatig over het jaar verdelen.",
                "themadoelen-0-volgorde": "1",
            },
            na=nieuw_met(
                "kring_intentieovereenkomst", {"kring_themadoel": ("overeenkomst_id", _ingevulde_themadoelen)}
            ),
        ),
        "kring:overeenkomst_ondertekenen": Formulier(
            lambda ctx: ctx["tekenaar"],
            pagina="kring:overeenkomst_detail",
            formulieren=("tekenformulier",),
            pagina_kwargs=_ctx("overeenkomst_open"),
        ),
        "kring:overeenkomst_bewerken": Formulier("beheerder"),
        "kring:overeenkomst_verwijderen": Formulier("beheerder"),
        "kring:overeenkomst_nieuwe_versie": knop(
            "beheerder",
            na=nieuw_met(
                "kring_intentieovereenkomst",
                {
                    "kring_themadoel": (
                        "overeenkomst_id",
                        lambda ctx, data: ctx["overeenkomst_open"].themadoelen.count(),
                    )
                },
            ),
        ),
        "kring:overeenkomst_status": Formulier("beheerder"),
        "kring:rapport_aanvragen": Formulier("on_eigen", formulier=lambda ctx: RapportAanvraagForm()),
        "kring:kwartaalrapportage": Formulier("stuurgroep", formulier=lambda ctx: KwartaalrapportageForm()),
        "kring:indicator_nieuw": Formulier("stuurgroep"),
        "kring:indicator_bewerken": Formulier("stuurgroep"),
        "kring:indicator_verwijderen": Formulier("stuurgroep"),
        "kring:indicatorwaarde": Formulier("stuurgroep"),
        "kring:herinneringen": Formulier("on_eigen"),
        "kring:mijn_gegevens": Formulier("on_eigen"),
        "kring:verwijderverzoek_afwijzen": Formulier("beheerder"),
        "kring:gebruiker_anonimiseren": Formulier("beheerder"),
        # -- werkgroepen
        "werkgroepen:nieuw": Formulier(
            "beheerder",
            geldig=lambda ctx: {
                "naam": "Werkgroep Bodem",
                "slug": "bodem",
                "doel": "Kennis over bodem delen.",
                "omschrijving": "Over grond, bodem en water.",
                "gestart_op": _datum(),
                "trekker": EERSTE_KEUZE,
            },
            na=nieuw_met("werkgroepen_werkgroep", {"werkgroepen_lidmaatschap": ("werkgroep_id", 1)}),
        ),
        "werkgroepen:aanmelding_goedkeuren": knop("beheerder", hand=terug("aanmeldingen")),
        "werkgroepen:aanmelding_afwijzen": Formulier("beheerder", hand=terug("aanmeldingen")),
        "werkgroepen:aanmelding_intrekken": knop("on_eigen", hand=terug("aanmeldingen")),
        "werkgroepen:aanmelden": Formulier("on_ander"),
        "werkgroepen:bewerken": Formulier("beheerder"),
        "werkgroepen:sluiten": Formulier("beheerder"),
        "werkgroepen:heropenen": Formulier("beheerder"),
        "werkgroepen:lidmaatschap_rol": Formulier("beheerder", formulier=lambda ctx: RolForm()),
        "werkgroepen:lidmaatschap_beeindigen": Formulier("on_eigen"),
        "werkgroepen:activiteit_nieuw": Formulier("on_eigen"),
        "werkgroepen:activiteit_bewerken": Formulier("on_eigen"),
        "werkgroepen:activiteit_status": knop("on_eigen"),
        "werkgroepen:activiteit_voortgang": Formulier(
            "on_eigen", pagina="werkgroepen:activiteit", formulieren=("voortgang_form",)
        ),
        "werkgroepen:bijeenkomst_nieuw": Formulier(
            "beheerder",
            geldig=lambda ctx: {
                "titel": "Kringoverleg",
                "werkgroep": EERSTE_KEUZE,
                "begin": _moment(7, 10),
                "einde": _moment(7, 12),
                "locatie": "Stadskantoor",
            },
            # The fixed agenda of the kenniskring comes with every meeting.
            na=nieuw_met("werkgroepen_bijeenkomst", {"werkgroepen_agendapunt": ("bijeenkomst_id", 5)}),
        ),
        "werkgroepen:bijeenkomst_bewerken": Formulier("on_eigen"),
        "werkgroepen:bijeenkomst_agenda": Formulier("on_eigen"),
        "werkgroepen:bijeenkomst_deelname": knop(
            "on_ander", hand=lambda ctx: {"status": st.one_of(st.sampled_from(("aangemeld", "afgemeld")), tekst(20))}
        ),
        "werkgroepen:bijeenkomst_aanwezigheid": Formulier("on_eigen"),
        "werkgroepen:bijeenkomst_verslag": Formulier("on_eigen"),
        "werkgroepen:bijeenkomst_status": Formulier("on_eigen"),
        "werkgroepen:agendapunt_bewerken": Formulier("on_eigen"),
        "werkgroepen:agendapunt_verwijderen": knop("on_eigen"),
        "werkgroepen:agendapunt_verplaatsen": knop(
            "on_eigen", hand=lambda ctx: {"richting": st.one_of(st.sampled_from(("omhoog", "omlaag")), tekst(20))}
        ),
        "werkgroepen:actiepunt_gedaan": knop("on_eigen", hand=terug("bijeenkomst")),
        "werkgroepen:actiepunt_heropenen": knop("on_eigen", hand=terug("bijeenkomst")),
        "werkgroepen:signaal_nieuw": Formulier("on_eigen"),
        "werkgroepen:signaal_status": Formulier(
            "beheerder", pagina="werkgroepen:signaal", formulieren=("status_form",)
        ),
        "werkgroepen:signaal_antwoord": Formulier(
            "beheerder", pagina="werkgroepen:signaal", formulieren=("antwoord_form",)
        ),
        "werkgroepen:signaal_agenderen": knop("beheerder"),
        "werkgroepen:agendafeed": Formulier(
            "on_eigen", hand=lambda ctx: {"actie": st.one_of(st.sampled_from(("vernieuwen", "intrekken")), tekst(20))}
        ),
        "werkgroepen:kennisitem_nieuw": Formulier(
            "on_eigen",
            geldig=lambda ctx: {
                "soort": "document",
                "titel": "Handreiking bouwteam",
                "samenvatting": "Hoe een bouwteam begint.",
                "zichtbaarheid": "leden",
                "inhoud": "Eerst samen de planning maken.",
                "tags": "bouwteam, planning",
                "bijlagen": [SimpleUploadedFile("handreiking.pdf", PDF_BYTES, "application/pdf")],
            },
            na=nieuw_met(
                "werkgroepen_kennisitem",
                {"werkgroepen_bijlage": ("kennisitem_id", _bestanden_in("bijlagen"))},
            ),
        ),
        "werkgroepen:kennisitem_bewerken": Formulier("beheerder"),
        "werkgroepen:kennisitem_nuttig": knop("on_eigen"),
        # -- projecten
        "projecten:nieuw": Formulier(
            "gemeente",
            geldig=lambda ctx: {
                "nummer": "NIEUW-1",
                "naam": "Herinrichting Nieuwstraat",
                "gebied": _uit("gebied_eigen")(ctx),
                "soort_werk": "wegen",
                "fase": "initiatief",
                "waardeklasse": _uit("project_eigen", "waardeklasse_id")(ctx),
            },
            na=nieuw_met("projecten_project"),
        ),
        "projecten:bewerken": Formulier("gemeente"),
        "projecten:fase": Formulier(
            "gemeente",
            pagina="projecten:detail",
            formulieren=("fase_form",),
            kwargs=_ctx("project_eigen"),
            pagina_kwargs=_ctx("project_eigen"),
        ),
        "projecten:gunnen": Formulier("gemeente"),
        "projecten:interesse": knop(
            "on_eigen", hand=terug("/projecten/kalender/?fase=ontwerp", "kalender", "//elders.test/", "/a\r\nX: y")
        ),
        "projecten:werkvoorraad": Formulier("on_eigen"),
        "projecten:spreiding_overnemen": Formulier("gemeente", formulier=lambda ctx: OvernemenForm()),
        "projecten:opgave_nieuw": Formulier("gemeente"),
        "projecten:graafrust_nieuw": Formulier("gemeente"),
        "projecten:opgave_bewerken": Formulier("gemeente"),
        "projecten:opgave_verwijderen": Formulier("gemeente"),
        "projecten:graafrust_verwijderen": Formulier("gemeente"),
        "projecten:koppelkans_besluit": Formulier("gemeente", pagina="projecten:koppelkans"),
        "projecten:import": Formulier("gemeente"),
        # A preview without errors: both projects are written, or (when the check finds errors now) none and the
        # import is marked fouten, which is the refusal's own record.
        "projecten:import_verwerken": knop(
            "gemeente",
            kwargs=lambda ctx: {"pk": ctx["import_geldig"].pk},
            na=onderdelen(
                "projecten_project", "gemeente_id", lambda ctx: ctx["personas"]["gemeente"].organisatie_id, 2
            ),
            weigering_schrijft=frozenset({"projecten_projectimport", "kring_auditevent"}),
        ),
        # -- pastperformance
        "pastperformance:plan_nieuw": Formulier(
            "gemeente",
            kwargs=lambda ctx: {"project_pk": ctx["pp_project"].pk},
            geldig=lambda ctx: {
                "opdrachtnemer": EERSTE_KEUZE,
                "beoordelaar_og": EERSTE_KEUZE,
                "beoordelaar_on": EERSTE_KEUZE,
                "uitvoering_start": _datum(-30),
                "uitvoering_eind": _datum(300),
            },
            # The rounds follow from the execution dates.
            na=nieuw_met("pastperformance_beoordelingsplan", {"pastperformance_beoordelingsronde": ("plan_id", 2)}),
        ),
        "pastperformance:plan_bewerken": Formulier("gemeente"),
        # Opening makes the four ratings of the round, all or none.
        "pastperformance:ronde_openen": knop(
            "gemeente",
            kwargs=lambda ctx: {"pk": ctx["pp_ronde_te_openen"].pk},
            na=onderdelen("pastperformance_beoordeling", "ronde_id", _uit("pp_ronde_te_openen"), 4),
        ),
        "pastperformance:ronde_vervallen": Formulier(
            "gemeente", pagina="pastperformance:ronde", formulieren=("vervallen_form",)
        ),
        "pastperformance:beoordelen": Formulier(
            "on_eigen", hand=lambda ctx: {"actie": st.one_of(st.sampled_from(("concept", "indienen")), tekst(20))}
        ),
        "pastperformance:afspraak_status": Formulier("gemeente"),
        "pastperformance:bezwaar_panel": Formulier("beheerder"),
        "pastperformance:bezwaar_besluit": Formulier(_panellid),
        "pastperformance:reactie": Formulier("on_eigen"),
        "pastperformance:bezwaar_nieuw": Formulier("on_eigen"),
        "pastperformance:bespreking": Formulier("gemeente"),
        "pastperformance:afspraak_nieuw": Formulier("gemeente", hand=terug("afspraken", "ronde")),
        "pastperformance:reactie_verlengen": knop("gemeente"),
        "pastperformance:ronde_definitief": knop("gemeente"),
        "pastperformance:addendum_nieuw": Formulier("gemeente"),
        "pastperformance:lessen_publiceren": knop("gemeente"),
        "pastperformance:kpi_nieuw": Formulier("on_eigen"),
        "pastperformance:kpi_verwijderen": Formulier("on_eigen"),
        "pastperformance:vragenlijst_bewerken": Formulier("beheerder"),
        "pastperformance:vragenlijst_nieuwe_versie": knop(
            "beheerder",
            na=nieuw_met(
                "pastperformance_vragenlijst",
                {
                    "pastperformance_criterium": (
                        "vragenlijst_id",
                        lambda ctx, data: ctx["vragenlijst_vastgesteld"].criteria.count(),
                    )
                },
            ),
        ),
        "pastperformance:vragenlijst_vaststellen": knop("beheerder"),
        "pastperformance:vragenlijst_verwijderen": knop("beheerder"),
        "pastperformance:beleid": Formulier("beheerder"),
        # -- sroi
        "sroi:verplichting_nieuw": Formulier("gemeente"),
        "sroi:verplichting_bewerken": Formulier("gemeente"),
        "sroi:inzet_nieuw": Formulier(
            "on_eigen",
            geldig=lambda ctx: {
                "soort": "categorie",
                "categorie": EERSTE_KEUZE,
                "kandidaat_code": "KAND-9001",
                "uren_per_week": "36",
                "start": ctx["inzet_regel"].verplichting.looptijd_start.isoformat(),
                "eind": (ctx["inzet_regel"].verplichting.looptijd_start + datetime.timedelta(days=59)).isoformat(),
                "omschrijving": "Leerling grondwerk.",
                "bewijs": [SimpleUploadedFile("contract.pdf", PDF_BYTES, "application/pdf")],
            },
            na=nieuw_met("sroi_inzetregel", {"sroi_bewijsstuk": ("inzetregel_id", _bestanden_in("bewijs"))}),
        ),
        "sroi:inzet_beoordelen": Formulier("gemeente", pagina="sroi:inzet"),
        # Another contractor's candidate does not exist for this user (404).
        "sroi:pool_aanbieden": Formulier(
            "on_eigen", hand=lambda ctx: {"kandidaat": keuze(forms.IntegerField())}, geweigerd_ok=frozenset({404})
        ),
        "sroi:pool_interesse": Formulier("on_ander", pagina="sroi:pool_aanbod", formulieren=("interesse_form",)),
        "sroi:pool_status": Formulier("on_eigen", pagina="sroi:pool_aanbod", formulieren=("status_form",)),
        "sroi:waardetabel_nieuw": Formulier("beheerder"),
        "sroi:regio_nieuw": Formulier("beheerder"),
        "sroi:regio_bewerken": Formulier("beheerder"),
        "sroi:waardetabel_bewerken": Formulier("beheerder"),
        "sroi:waardetabel_kopie": Formulier(
            "beheerder",
            geldig=lambda ctx: {"naam": "Bouwblokken 2027", "geldig_vanaf": "2027-01-01"},
            na=nieuw_met(
                "sroi_waardetabel",
                {"sroi_bouwblok": ("waardetabel_id", lambda ctx, data: ctx["sroi_tabel"].bouwblokken.count())},
            ),
        ),
        "sroi:waardetabel_vaststellen": knop("beheerder"),
        "sroi:waardetabel_bevestigen": knop("beheerder"),
        # -- accounts (allauth)
        "account_login": Formulier(
            "anoniem", geldig=lambda ctx: {"login": ctx["personas"]["on_ander"].email, "password": WACHTWOORD}
        ),
        "account_logout": knop("on_eigen"),
        "account_signup": Formulier(
            "anoniem",
            geldig=lambda ctx: {
                "naam": "Nieuw Lid",
                "email": "nieuw-lid@bedrijf.test",
                "password1": "Een-lang-wachtwoord-2026",
                "password2": "Een-lang-wachtwoord-2026",
                "organisatie_keuze": "bestaand",
                "organisatie": EERSTE_KEUZE,
                "privacy": "on",
            },
            na=nieuw_met("kring_user", {"account_emailaddress": ("user_id", 1)}),
        ),
        "account_reauthenticate": Formulier("on_eigen"),
        "account_email": Formulier(
            "on_eigen",
            hand=lambda ctx: {
                actie: st.just("") for actie in ("action_add", "action_primary", "action_send", "action_remove")
            },
        ),
        "account_email_verification_sent": knop("anoniem", geweigerd_ok=frozenset({405})),
        "account_change_password": Formulier("on_eigen"),
        "account_set_password": knop("on_eigen"),
        "account_reset_password": Formulier("anoniem"),
        "account_reset_password_from_key": Formulier("anoniem"),
        "account_confirm_login_code": knop("anoniem"),
        "account_confirm_email": knop("anoniem", geweigerd_ok=frozenset({404})),  # the key does not exist
        "mfa_authenticate": knop("anoniem"),
        "mfa_reauthenticate": Formulier("beheerder"),
        "mfa_activate_totp": knop("on_eigen"),
        "mfa_deactivate_totp": knop("beheerder"),
        "mfa_generate_recovery_codes": knop("on_eigen"),
        "socialaccount_signup": knop("anoniem"),
        "socialaccount_connections": Formulier("on_eigen"),
        "account/social/login/cancelled/": knop("on_eigen"),
        "account/social/login/error/": knop("on_eigen"),
        "account/social/signup/": knop("on_eigen"),
        "account/social/connections/": knop("on_eigen"),
        "usersessions_list": Formulier("on_eigen"),
        # Without OIDC configured (the default) the provider's pages do not exist.
        "openid_connect_login": knop("anoniem", geweigerd_ok=frozenset({404})),
        "openid_connect_callback": knop("anoniem", geweigerd_ok=frozenset({404})),
    }
)


# --- The state of the database ---------------------------------------------------------------------------------------

# Written on any request of a logged-in user, and by design on a refused login: not a change of the submission.
TABELLEN_ZONDER_BELANG = {"django_session", "usersessions_usersession"}
AUDIT_BIJ_WEIGERING = ("auth.", "toegang.")  # audit events of authentication and refused access
PG_BEREIK = BaseDatabaseOperations.integer_field_ranges


def _wijzigteller() -> int | None:
    """A number that grows with every row written in this connection (cheap): SQLite counts changes, PostgreSQL per
    transaction. None: unknown, compare the tables."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT total_changes()")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables "
                "WHERE relname <> 'django_session'"
            )
        else:
            return None
        return cursor.fetchone()[0]


def _hashbaar(waarde):
    if isinstance(waarde, memoryview):
        return bytes(waarde)
    if isinstance(waarde, dict | list):
        return repr(waarde)
    return waarde


def momentopname() -> dict[str, tuple[list[str], Counter]]:
    """Every table: its columns and its rows (as a multiset)."""
    tabellen = {}
    with connection.cursor() as cursor:
        for tabel in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(tabel)}")  # noqa: S608 - our own table names
            kolommen = [kolom[0] for kolom in cursor.description]
            tabellen[tabel] = (kolommen, Counter(tuple(map(_hashbaar, rij)) for rij in cursor.fetchall()))
    return tabellen


@dataclass
class Verschil:
    """Per table the rows that came (nieuw, as dicts by column) and went (weg)."""

    nieuw: dict[str, list[dict]] = field(default_factory=dict)
    weg: dict[str, list[dict]] = field(default_factory=dict)

    def tabellen(self) -> set[str]:
        return set(self.nieuw) | set(self.weg)

    def __str__(self) -> str:
        return "; ".join(
            f"{tabel}: +{len(self.nieuw.get(tabel, []))} -{len(self.weg.get(tabel, []))}" for tabel in self.tabellen()
        )


def verschil(voor: dict, na: dict) -> Verschil:
    uitkomst = Verschil()
    for tabel, (kolommen, rijen_na) in na.items():
        rijen_voor = voor.get(tabel, ([], Counter()))[1]
        for doel, rijen in ((uitkomst.nieuw, rijen_na - rijen_voor), (uitkomst.weg, rijen_voor - rijen_na)):
            if rijen:
                doel[tabel] = [dict(zip(kolommen, rij, strict=True)) for rij in rijen.elements()]
    return uitkomst


def inhoudelijk(gewijzigd: Verschil) -> set[str]:
    """The tables whose content changed, not only the primary keys (rows written anew with the same values)."""
    tabellen = set()
    for tabel in gewijzigd.tabellen() - TABELLEN_ZONDER_BELANG:
        sleutel = connection.introspection.get_primary_key_column(connection.cursor(), tabel)
        nieuw, weg = (
            Counter(tuple(sorted((k, v) for k, v in rij.items() if k != sleutel)) for rij in rijen.get(tabel, []))
            for rijen in (gewijzigd.nieuw, gewijzigd.weg)
        )
        if nieuw != weg:
            tabellen.add(tabel)
    return tabellen


def _model_van_tabel() -> dict[str, type[models.Model]]:
    return {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}


def buiten_postgresql(verschil: Verschil) -> list[str]:
    """Values of new or changed rows that PostgreSQL would refuse (SQLite stores them): text over its max_length or
    with a NUL character, integers outside their column's range, amounts with more digits than the column has."""
    modellen, fouten = _model_van_tabel(), []
    for tabel, rijen in verschil.nieuw.items():
        model = modellen.get(tabel)
        if model is None:
            continue
        for veld in model._meta.concrete_fields:
            for rij in rijen:
                waarde = rij.get(veld.column)
                plek = f"{tabel}.{veld.column}"
                if isinstance(waarde, str) and "\x00" in waarde:
                    fouten.append(f"{plek} bevat een NUL-teken")
                if isinstance(waarde, str) and veld.max_length and len(waarde) > veld.max_length:
                    fouten.append(f"{plek} is {len(waarde)} tekens, de kolom {veld.max_length}")
                bereik = PG_BEREIK.get(veld.get_internal_type())
                if bereik and isinstance(waarde, int) and not bereik[0] <= waarde <= bereik[1]:
                    fouten.append(f"{plek} = {waarde} valt buiten {bereik}")
                if isinstance(veld, models.DecimalField) and waarde is not None:
                    try:
                        bedrag = Decimal(str(waarde))
                        past = bedrag.is_finite() and abs(bedrag) < 10 ** (veld.max_digits - veld.decimal_places)
                    except InvalidOperation:
                        past = False
                    if not past:
                        fouten.append(f"{plek} = {waarde} past niet in ({veld.max_digits}, {veld.decimal_places})")
    return fouten


# --- Posting ---------------------------------------------------------------------------------------------------------


def _gebruiker(wereld: dict, rol):
    if callable(rol):
        return rol(wereld)
    return wereld["personas"][rol]


def _route(naam: str) -> str:
    return next(route for patroon, route in matrix.all_patterns() if (patroon or route) == naam)


def url_van(naam: str, wereld: dict, kwargs: Callable | None = None) -> str:
    bouw = kwargs or matrix.MATRIX[naam][1]
    return matrix.fill_route(_route(naam), bouw(wereld) if bouw else {})


def client_voor(gebruiker) -> Client:
    client = Client(raise_request_exception=False)
    if gebruiker is not None:
        client.force_login(gebruiker, backend="django.contrib.auth.backends.ModelBackend")
    return client


class Opstelling:
    """What every example of one URL shares: the world, the client (logged in), the address and the fields. Not a
    dataclass: Hypothesis shows the arguments of a failing example field by field, and the world is too much."""

    def __init__(self, naam, formulier, wereld, client, url, velden, hand):
        self.naam, self.formulier, self.wereld, self.client = naam, formulier, wereld, client
        self.koekjes = copy.deepcopy(client.cookies)
        self.url, self.velden, self.hand = url, velden, hand

    def __repr__(self) -> str:
        return f"Opstelling({self.naam!r}, {self.url!r})"


def opstellen(naam: str, wereld: dict) -> Opstelling:
    formulier = FORMULIEREN[naam]
    client = client_voor(_gebruiker(wereld, formulier.rol))
    url = url_van(naam, wereld, formulier.kwargs)
    gevonden = []
    if formulier.formulier is not None:
        gevonden = [formulier.formulier(wereld)]
    elif formulier.pagina is not None:
        pagina = url if formulier.pagina == ZELF else url_van(formulier.pagina, wereld, formulier.pagina_kwargs)
        response = client.get(pagina)
        assert response.status_code == 200, f"{pagina} gaf {response.status_code} voor {formulier.rol}"
        gevonden = formulieren_in(response, formulier.formulieren)
    else:
        client.get(reverse("kring:home"))  # the first request of a session writes its clock; not part of an example
    velden = velden_van_formulieren(gevonden)
    if formulier.geldig is not None:
        geldig = formulier.geldig(wereld)
        velden = [Veld(v.naam, _geldige_waarde(geldig.pop(v.naam, v.waarde), v), v.vijandig) for v in velden]
        velden += [Veld(naam, waarde, tekst()) for naam, waarde in geldig.items()]
    hand = formulier.hand(wereld) if formulier.hand else {}
    return Opstelling(naam, formulier, wereld, client, url, velden, hand)


def _geldige_waarde(waarde, veld: Veld):
    if waarde is EERSTE_KEUZE:
        assert veld.keuzes, f"{veld.naam} biedt geen keuze"
        return veld.keuzes[0]
    return waarde


@dataclass
class Uitkomst:
    status: int
    geaccepteerd: bool
    verschil: Verschil
    meldingen: list[str]
    fout: str
    formfouten: str = ""


def post(opstelling: Opstelling, data: dict) -> Uitkomst:
    """Post `data` and give what happened; the database, the cache and the client's cookies are as before after."""
    cache.clear()  # rate limits and cached sessions start from the same state in every example
    for waarde in data.values():  # a file of the valid submission is posted again in every example
        for deel in waarde if isinstance(waarde, list) else [waarde]:
            if hasattr(deel, "seek"):
                deel.seek(0)
    opstelling.client.cookies = copy.deepcopy(opstelling.koekjes)
    gevangen = []

    def vang(sender, request=None, **kwargs):
        gevangen.append(traceback.format_exc())

    buiten = transaction.savepoint()
    try:
        voor_teller = _wijzigteller()
        binnen = transaction.savepoint()
        got_request_exception.connect(vang)
        try:
            response = opstelling.client.post(opstelling.url, data)
        finally:
            got_request_exception.disconnect(vang)
        meldingen = [
            str(m)
            for m in getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
            if m.level >= messages.WARNING
        ]
        gewijzigd = Verschil()
        if response.status_code < 500 and (voor_teller is None or _wijzigteller() != voor_teller):
            na = momentopname()
            transaction.savepoint_rollback(binnen)
            gewijzigd = verschil(momentopname(), na)
        geaccepteerd = 300 <= response.status_code < 400 and not meldingen
        formfouten = "; ".join(
            f"{form.prefix or ''}{dict(form.errors) if isinstance(form, forms.BaseForm) else form.errors}"
            for form in (formulieren_in(response) if response.context else [])
            if not isinstance(form, forms.BaseForm) or form.errors
        )
        return Uitkomst(response.status_code, geaccepteerd, gewijzigd, meldingen, "\n".join(gevangen), formfouten)
    finally:
        transaction.savepoint_rollback(buiten)


def weigering_toegestaan(gewijzigd: Verschil, schrijft: frozenset = frozenset()) -> bool:
    """What a refused submission may leave: sessions, audit events of authentication or refused access, and the
    tables an entry names (a refusal that is itself recorded)."""
    for tabel in gewijzigd.tabellen() - TABELLEN_ZONDER_BELANG - schrijft:
        if tabel != "kring_auditevent" or gewijzigd.weg.get(tabel):
            return False
        if not all(rij["actie"].startswith(AUDIT_BIJ_WEIGERING) for rij in gewijzigd.nieuw[tabel]):
            return False
    return True


def controleer(opstelling: Opstelling, data: dict, uitkomst: Uitkomst) -> None:
    formulier, waar = opstelling.formulier, f"POST {opstelling.url} ({opstelling.naam})"
    assert uitkomst.status < 500, f"{waar} gaf {uitkomst.status}\n{uitkomst.fout}"
    assert uitkomst.status not in {403, 404, 405} - formulier.geweigerd_ok, (
        f"{waar} gaf {uitkomst.status} voor {formulier.rol}: de tabel klopt niet (zo test hij niets)"
    )
    relevant = uitkomst.verschil.tabellen() - TABELLEN_ZONDER_BELANG
    if not uitkomst.geaccepteerd:
        assert weigering_toegestaan(uitkomst.verschil, formulier.weigering_schrijft), (
            f"{waar} weigerde ({uitkomst.status}, {uitkomst.meldingen}) maar veranderde toch: {uitkomst.verschil}"
        )
        return
    if not relevant:
        return
    assert "kring_auditevent" in uitkomst.verschil.nieuw or not inhoudelijk(uitkomst.verschil), (
        f"{waar} schreef zonder auditregel: {uitkomst.verschil}"
    )
    te_groot = buiten_postgresql(uitkomst.verschil)
    assert not te_groot, f"{waar} bewaarde wat PostgreSQL weigert: {te_groot}"
    if formulier.na is not None:
        formulier.na(opstelling.wereld, data, uitkomst.verschil)


# --- The world and the tests -----------------------------------------------------------------------------------------


def maak_wereld() -> dict:
    """The access matrix's world with its personas (the fixtures of tests/conftest.py and test_access_matrix, called
    as functions), plus what some forms need to succeed."""
    gemeente = conftest.gemeente_org.__wrapped__(None)
    personas = conftest.personas.__wrapped__(
        None, conftest.org_eigen.__wrapped__(None), conftest.org_ander.__wrapped__(None), gemeente
    )
    wereld = matrix.context.__wrapped__(personas)
    wereld.update(extra_wereld(wereld))
    return wereld


@pytest.fixture(scope="module")
def wereld(django_db_setup, django_db_blocker):
    """Built once for this module, in a transaction rolled back at its end; each test runs in a savepoint of it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield maak_wereld()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def opstelling(naam, wereld, db):
    return opstellen(naam, wereld)


def tabelverschil(tabel: dict) -> tuple[set[str], set[str]]:
    """(POST views without an entry in `tabel`, entries that are no POST view)."""
    post_routes = {
        naam or route
        for naam, route in matrix.all_patterns()
        if not route.startswith("admin/") and neemt_post(naam or route)
    }
    return post_routes - set(tabel), set(tabel) - post_routes


def test_elke_post_view_staat_erin():
    """Every URL whose view takes a POST has an entry, and every entry is a URL that takes a POST."""
    ontbreekt, verouderd = tabelverschil(FORMULIEREN)
    assert not ontbreekt, f"POST-views zonder formulierentest: {sorted(ontbreekt)}"
    assert not verouderd, f"In FORMULIEREN maar geen POST-view (meer): {sorted(verouderd)}"


def test_de_tabeltest_ziet_een_ontbrekende_view():
    zonder = {naam: f for naam, f in FORMULIEREN.items() if naam != "projecten:fase"}
    assert tabelverschil(zonder) == ({"projecten:fase"}, set())
    assert tabelverschil({**FORMULIEREN, "kring:home": knop("anoniem")}) == (set(), {"kring:home"})
    assert neemt_post("account_login") and not neemt_post("projecten:kalender")


def neemt_post(naam: str) -> bool:
    """Whether the view of this URL takes a POST: a class-based view with a post method, or a function view whose
    require_http_methods/require_POST allows it. A view that says nothing counts as taking one."""
    from django.urls import get_resolver

    callback = next(
        cb for patroon, _route, cb in _callbacks(get_resolver().url_patterns) if patroon == naam or _route == naam
    )
    klasse = getattr(callback, "view_class", None)
    if klasse is not None:
        return "post" in klasse.http_method_names and hasattr(klasse, "post")
    functie, gezien = callback, set()
    while functie is not None and id(functie) not in gezien:
        gezien.add(id(functie))
        for cel in getattr(functie, "__closure__", None) or ():
            try:
                inhoud = cel.cell_contents
            except ValueError:
                continue
            if isinstance(inhoud, list | tuple) and inhoud and all(isinstance(m, str) and m.isupper() for m in inhoud):
                return "POST" in inhoud
        functie = getattr(functie, "__wrapped__", None)
    return True


def _callbacks(patronen, prefix="", namespace=None):
    from django.urls import URLResolver

    for patroon in patronen:
        if isinstance(patroon, URLResolver):
            ns = patroon.namespace
            genest = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _callbacks(patroon.url_patterns, prefix + str(patroon.pattern), genest)
        else:
            naam = f"{namespace}:{patroon.name}" if namespace and patroon.name else patroon.name
            yield naam, prefix + str(patroon.pattern), patroon.callback


# A button has no form: only the fields its view reads by hand and unknown ones vary, so fewer examples do.
KNOPPEN = sorted(naam for naam, f in FORMULIEREN.items() if f.pagina is None and f.formulier is None)


@pytest.mark.parametrize("naam", sorted(set(FORMULIEREN) - set(KNOPPEN)))
@given(data=st.data())
def test_vijandige_invoer(naam, data, opstelling):
    invoer_ = data.draw(invoer(opstelling.velden, opstelling.hand), label="invoer")
    controleer(opstelling, invoer_, post(opstelling, invoer_))


@pytest.mark.parametrize("naam", KNOPPEN)
@hypothesis_settings(max_examples=max(5, hypothesis_settings().max_examples // 5))
@given(data=st.data())
def test_vijandige_knop(naam, data, opstelling):
    invoer_ = data.draw(invoer(opstelling.velden, opstelling.hand), label="invoer")
    controleer(opstelling, invoer_, post(opstelling, invoer_))


@pytest.mark.parametrize("naam", sorted(naam for naam, f in FORMULIEREN.items() if f.geldig is not None))
def test_geldige_invoer_slaagt_helemaal(naam, opstelling):
    """The valid submission of an entry is accepted and complete (so the hostile test also reaches that path)."""
    data = {v.naam: v.waarde for v in opstelling.velden if v.waarde is not WEG}
    uitkomst = post(opstelling, data)
    assert uitkomst.geaccepteerd, (
        f"{naam}: geldige invoer geweigerd ({uitkomst.status}, {uitkomst.meldingen}, {uitkomst.formfouten})"
    )
    assert uitkomst.verschil.tabellen() - TABELLEN_ZONDER_BELANG, f"{naam}: geaccepteerd maar niets bewaard"
    controleer(opstelling, data, uitkomst)


def test_de_controles_vangen_een_halve_opslag():
    """The checks themselves: a refusal that wrote, a part missing, a value PostgreSQL would refuse."""
    themadoel = {"id": 1, "overeenkomst_id": 9}
    assert not weigering_toegestaan(Verschil(nieuw={"kring_themadoel": [themadoel]}))
    assert weigering_toegestaan(
        Verschil(nieuw={"kring_auditevent": [{"actie": "auth.login_mislukt"}], "django_session": [{}]})
    )
    assert not weigering_toegestaan(Verschil(nieuw={"kring_auditevent": [{"actie": "overeenkomst.aangemaakt"}]}))
    na = nieuw_met("kring_intentieovereenkomst", {"kring_themadoel": ("overeenkomst_id", 2)})
    with pytest.raises(AssertionError, match="half bewaard"):
        na({}, {}, Verschil(nieuw={"kring_intentieovereenkomst": [{"id": 9}], "kring_themadoel": [themadoel]}))
    te_veel = buiten_postgresql(
        Verschil(nieuw={"kring_organisatie": [{"id": 1, "naam": "x" * 201, "plaats": "a\x00"}]})
    )
    assert te_veel == [
        "kring_organisatie.naam is 201 tekens, de kolom 200",
        "kring_organisatie.plaats bevat een NUL-teken",
    ]


# What the hostile examples found once, posted on purpose every time (the fixes stay in place).
GEVONDEN = [
    ("projecten:interesse", {"terug": "kalender"}),  # a bare word was read as a view name
    ("sroi:regio_nieuw", {"naam": "Drechtsteden", "gemeenten": ["9223372036854775808"]}),  # id out of SQLite's range
    ("sroi:waardetabel_bewerken", {"blokken-0-waarde": "sNaN"}),  # a signalling NaN in a formset row
    ("werkgroepen:agendapunt_bewerken", {"toelichting": "Nieuwe toelichting."}),  # changed without an audit event
]


@pytest.mark.parametrize(("naam", "anders"), GEVONDEN)
def test_gevonden_fouten_blijven_weg(naam, anders, opstelling):
    data = {**{v.naam: v.waarde for v in opstelling.velden if v.waarde is not WEG}, **anders}
    uitkomst = post(opstelling, data)
    controleer(opstelling, data, uitkomst)
    if naam == "werkgroepen:agendapunt_bewerken":
        assert uitkomst.geaccepteerd and "kring_auditevent" in uitkomst.verschil.nieuw


def test_een_formset_bouwt_niet_meer_formulieren_dan_zijn_grens(wereld, db):
    """The number of forms is the POST's own say: 100,000 builds at most the limit (it took 20 s for 1,000)."""
    from kring.forms.overeenkomst import MAX_THEMADOELEN

    client = client_voor(wereld["personas"]["beheerder"])
    response = client.post(reverse("kring:overeenkomst_nieuw"), {"themadoelen-TOTAL_FORMS": "100000"})
    assert response.status_code == 200
    formset = response.context["formset"]
    assert len(formset.forms) <= MAX_THEMADOELEN and formset.non_form_errors()
