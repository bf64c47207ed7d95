"""The aanbestedingskalender as feeds: CSV (spreadsheet), iCalendar (subscribe in a calendar) and JSON with its JSON
Schema. Feeds are public and hold only the public fields: never the estimate, contact person or internal notes.

The JSON Schema is built from the model's choices, so a new procedure or soort werk appears in the schema the moment
it exists; `SCHEMA_VERSIE` changes when a field is added, renamed or removed."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from icalendar import STATUS, TRANSP, Calendar, Event

from kring.herinneringen import absolute_url
from kring.models import Organisatie
from projecten.kwartalen import huidig_kwartaal, kwartaal_code, kwartaal_einde, kwartaal_label, kwartaal_plus
from projecten.models import Gebied, Project, Waardeklasse, Zekerheid
from werkgroepen.ical import PRODID

SCHEMA_VERSIE = 1
KALENDER_NAAM = "Aanbestedingskalender MKB kring"
# How often a subscribed calendar should fetch the feed again: plans change by the week, not by the minute.
VERVERSEN = datetime.timedelta(hours=6)


def kalender_url() -> str:
    return absolute_url(reverse("projecten:kalender"))


def project_kalender_url(project: Project) -> str:
    """A public address of the project: the kalender narrowed to its gemeente and quarter, at its row (the project's
    own page is for members)."""
    code = kwartaal_code(project.aanbesteding_kwartaal)
    filters = urlencode({"gemeente": project.gemeente_id, "van": code, "tot": code})
    return f"{kalender_url()}?{filters}#project-{project.pk}"


# --- CSV -------------------------------------------------------------------------------------------------------------

CSV_KOPPEN = [
    _("Projectnummer"),
    _("Naam"),
    _("Gemeente"),
    _("Gebied"),
    _("Soort werk"),
    _("Kwartaal van aanbesteding"),
    _("Waardeklasse"),
    _("Procedure"),
    _("Contractvorm"),
    _("Zekerheid"),
]


def csv_rijen(projecten: Iterable[Project]) -> Iterable[list]:
    """The public fields, one row per project; kring.exports neutralises anything a spreadsheet would run."""
    for project in projecten:
        yield [
            project.nummer,
            project.naam,
            project.gemeente.naam,
            project.gebied.naam,
            project.get_soort_werk_display(),
            kwartaal_code(project.aanbesteding_kwartaal),
            project.waardeklasse.naam,
            project.get_procedure_display(),
            project.get_contractvorm_display(),
            project.get_zekerheid_display(),
        ]


# --- iCalendar -------------------------------------------------------------------------------------------------------


def project_uid(project: Project) -> str:
    """Stable per project, so a moved tender moves in every subscribed calendar instead of appearing twice."""
    host = urlsplit(settings.SITE_URL).hostname or "kringportaal"
    return f"aanbesteding-project-{project.pk}@{host}"


def _omschrijving(project: Project) -> str:
    return "\n".join(
        [
            f"{project.gemeente.naam}, {project.gebied.naam}",
            f"Soort werk: {project.get_soort_werk_display()}",
            f"Aanbesteding: {kwartaal_label(project.aanbesteding_kwartaal)}",
            f"Waardeklasse: {project.waardeklasse.naam}",
            f"Procedure: {project.get_procedure_display()}",
            f"Contractvorm: {project.get_contractvorm_display()}",
            f"Zekerheid: {project.get_zekerheid_display()}",
            "",
            f"Aanbestedingskalender: {project_kalender_url(project)}",
        ]
    )


def _event(project: Project, *, nu: datetime.datetime) -> Event:
    # All day, the whole quarter (DTEND is exclusive: the next quarter's first day). Only a firm plan is CONFIRMED.
    return Event.new(
        uid=project_uid(project),
        stamp=nu,
        start=project.aanbesteding_kwartaal,
        end=kwartaal_plus(project.aanbesteding_kwartaal, 1),
        summary=f"Aanbesteding {project.nummer} {project.naam}",
        description=_omschrijving(project),
        url=project_kalender_url(project),
        last_modified=project.gewijzigd_op.astimezone(datetime.UTC),
        categories=[str(project.get_soort_werk_display())],
        status=STATUS.CONFIRMED if project.zekerheid == Zekerheid.HOOG else STATUS.TENTATIVE,
        transparency=TRANSP.TRANSPARENT,
    )


def kalender_ics(projecten: Iterable[Project]) -> bytes:
    """One all-day event per project over its tender quarter, to subscribe to."""
    kalender = Calendar.new(
        prodid=PRODID,
        calscale="GREGORIAN",
        method="PUBLISH",
        name=KALENDER_NAAM,
        url=kalender_url(),
        refresh_interval=VERVERSEN,
    )
    kalender.add("x-published-ttl", VERVERSEN)  # Outlook and Google read this one
    nu = timezone.now().astimezone(datetime.UTC)
    for project in projecten:
        kalender.add_component(_event(project, nu=nu))
    return kalender.to_ical()


# --- JSON ------------------------------------------------------------------------------------------------------------


def _keuze(code: str, label) -> dict:
    return {"code": code, "label": str(label)}


def _bedrag(bedrag: Decimal | None) -> int | float | None:
    if bedrag is None:
        return None
    return int(bedrag) if bedrag == bedrag.to_integral_value() else float(bedrag)


def project_json(project: Project) -> dict:
    """One project as the JSON feed gives it; see `schema()`."""
    kwartaal = project.aanbesteding_kwartaal
    return {
        "id": project.pk,
        "nummer": project.nummer,
        "naam": project.naam,
        "gemeente": project.gemeente.naam,
        "gebied": {"code": project.gebied.code, "naam": project.gebied.naam},
        "soort_werk": _keuze(project.soort_werk, project.get_soort_werk_display()),
        "kwartaal": {
            "code": kwartaal_code(kwartaal),
            "label": kwartaal_label(kwartaal),
            "begin": kwartaal.isoformat(),
            "einde": kwartaal_einde(kwartaal).isoformat(),
        },
        "waardeklasse": {
            "code": project.waardeklasse.code,
            "naam": project.waardeklasse.naam,
            "vanaf": _bedrag(project.waardeklasse.ondergrens),
            "tot": _bedrag(project.waardeklasse.bovengrens),
        },
        "procedure": _keuze(project.procedure, project.get_procedure_display()),
        "contractvorm": _keuze(project.contractvorm, project.get_contractvorm_display()),
        "zekerheid": _keuze(project.zekerheid, project.get_zekerheid_display()),
        "url": project_kalender_url(project),
        "gewijzigd_op": timezone.localtime(project.gewijzigd_op).isoformat(timespec="seconds"),
    }


def kalender_json(projecten: Iterable[Project], *, filters: dict) -> dict:
    """The feed: what it is, when it was made, with which filters, and the projects."""
    rijen = [project_json(project) for project in projecten]
    return {
        "$schema": schema_url(),
        "schema_versie": SCHEMA_VERSIE,
        "titel": KALENDER_NAAM,
        "bron": kalender_url(),
        "gegenereerd_op": timezone.localtime().isoformat(timespec="seconds"),
        "filters": filters,
        "aantal": len(rijen),
        "projecten": rijen,
    }


def schema_url() -> str:
    return absolute_url(reverse("projecten:kalender_schema"))


def _keuze_schema(titel: str, choices) -> dict:
    return {
        "type": "object",
        "description": f"{titel}: een vaste code en het label zoals het portaal het toont.",
        "properties": {
            "code": {"type": "string", "enum": [code for code, _label in choices]},
            "label": {"type": "string"},
        },
        "required": ["code", "label"],
        "additionalProperties": False,
    }


KWARTAALCODE = r"^\d{4}-K[1-4]$"


def project_schema() -> dict:
    """The schema of one project in the feed; its descriptions are the field list on the kalender page."""
    return {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "description": "Vast nummer van het project in het portaal."},
            "nummer": {"type": "string", "description": "Projectnummer van de gemeente."},
            "naam": {"type": "string", "description": "Naam van het project."},
            "gemeente": {"type": "string", "description": "De gemeente die aanbesteedt."},
            "gebied": {
                "type": "object",
                "description": "Het gebied (de wijk): korte code en naam.",
                "properties": {"code": {"type": "string"}, "naam": {"type": "string"}},
                "required": ["code", "naam"],
                "additionalProperties": False,
            },
            "soort_werk": _keuze_schema("Soort werk", Project.SoortWerk.choices),
            "kwartaal": {
                "type": "object",
                "description": "Het kwartaal van aanbesteding: code (2027-K2), label, eerste en laatste dag.",
                "properties": {
                    "code": {"type": "string", "pattern": KWARTAALCODE},
                    "label": {"type": "string"},
                    "begin": {"type": "string", "format": "date"},
                    "einde": {"type": "string", "format": "date"},
                },
                "required": ["code", "label", "begin", "einde"],
                "additionalProperties": False,
            },
            "waardeklasse": {
                "type": "object",
                "description": "De waardeklasse (geen exacte raming): code, naam en grenzen in euro; tot is leeg (null) "
                "bij de hoogste klasse.",
                "properties": {
                    "code": {"type": "string"},
                    "naam": {"type": "string"},
                    "vanaf": {"type": "number", "minimum": 0},
                    "tot": {"type": ["number", "null"], "minimum": 0},
                },
                "required": ["code", "naam", "vanaf", "tot"],
                "additionalProperties": False,
            },
            "procedure": _keuze_schema("Procedure", Project.Procedure.choices),
            "contractvorm": _keuze_schema("Contractvorm", Project.Contractvorm.choices),
            "zekerheid": _keuze_schema("Zekerheid van de planning", Zekerheid.choices),
            "url": {
                "type": "string",
                "format": "uri",
                "description": "Het project op de openbare aanbestedingskalender.",
            },
            "gewijzigd_op": {
                "type": "string",
                "format": "date-time",
                "description": "Laatste wijziging van het project (ISO 8601, Nederlandse tijd).",
            },
        },
        "required": [
            "id",
            "nummer",
            "naam",
            "gemeente",
            "gebied",
            "soort_werk",
            "kwartaal",
            "waardeklasse",
            "procedure",
            "contractvorm",
            "zekerheid",
            "url",
            "gewijzigd_op",
        ],
        "additionalProperties": False,
    }


def schema() -> dict:
    """JSON Schema (draft 2020-12) of the JSON feed."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url(),
        "title": KALENDER_NAAM,
        "description": "De openbare aanbestedingskalender van de MKB kring: komende aanbestedingen van de gemeenten "
        f"per kwartaal. Alleen openbare gegevens. Bron: {kalender_url()}",
        "type": "object",
        "properties": {
            "$schema": {"type": "string", "format": "uri", "description": "Het adres van dit schema."},
            "schema_versie": {"const": SCHEMA_VERSIE, "description": "Versie van dit formaat."},
            "titel": {"type": "string"},
            "bron": {"type": "string", "format": "uri", "description": "De aanbestedingskalender op het portaal."},
            "gegenereerd_op": {"type": "string", "format": "date-time"},
            "filters": {
                "type": "object",
                "description": "De filters uit het adres, zoals het portaal ze begreep.",
                "additionalProperties": {"type": "string"},
            },
            "aantal": {"type": "integer", "minimum": 0, "description": "Het aantal projecten in deze feed."},
            "projecten": {"type": "array", "items": {"$ref": "#/$defs/project"}},
        },
        "required": ["$schema", "schema_versie", "titel", "bron", "gegenereerd_op", "filters", "aantal", "projecten"],
        "additionalProperties": False,
        "$defs": {"project": project_schema()},
    }


def schema_velden() -> list[tuple[str, str, str]]:
    """(field, type, description) of a project in the feed, for the documentation on the kalender page."""
    velden = []
    for naam, eigenschap in project_schema()["properties"].items():
        soort = eigenschap["type"]
        if soort == "object":
            soort = "object (" + ", ".join(eigenschap["properties"]) + ")"
        velden.append((naam, soort, eigenschap.get("description", "")))
    return velden


def voorbeeld() -> dict:
    """A feed with one made-up project, for the documentation on the kalender page (and checked against the schema
    in the tests, so the example never drifts from the format)."""
    gemeente = Organisatie(pk=1, naam="Gemeente Dordrecht", soort=Organisatie.Soort.GEMEENTE)
    project = Project(
        pk=42,
        nummer="DOR-2027-014",
        naam="Renovatie Visbrug",
        gemeente=gemeente,
        gebied=Gebied(gemeente=gemeente, code="binnenstad", naam="Binnenstad"),
        soort_werk=Project.SoortWerk.KUNSTWERKEN,
        aanbesteding_kwartaal=kwartaal_plus(huidig_kwartaal(), 2),
        waardeklasse=Waardeklasse(
            code="1-5-mln", naam="€ 1 mln – € 5 mln", ondergrens=Decimal(1_000_000), bovengrens=Decimal(5_000_000)
        ),
        procedure=Project.Procedure.NATIONAAL,
        contractvorm=Project.Contractvorm.BOUWTEAM,
        zekerheid=Zekerheid.HOOG,
        gewijzigd_op=timezone.now().replace(microsecond=0),
    )
    return kalender_json([project], filters={"gemeente": "1"})
