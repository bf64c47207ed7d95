"""Reads of the planning import: the imports a user may see, what a row may refer to, and the check of a file against
the projects as they are now: the preview, and the same check again when the import is committed.

A check costs a fixed number of queries however long the file is: the gemeente's gebieden, the waardeklassen and
its projects (with their contractors, for the fase rules) are read once each."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.models import Organisatie, User
from projecten.importformaat import (
    KOLOMMEN,
    Celfout,
    Keuzelijsten,
    Tabel,
    controleer_rij,
    controleer_samenhang,
    lees_tabel,
    weergave,
)
from projecten.models import Gebied, Project, Projectimport, Waardeklasse
from projecten.permissions import mag_projecten_importeren
from projecten.services.projecten import controleer_fase

NIEUW, GEWIJZIGD, ONGEWIJZIGD, FOUT = "nieuw", "gewijzigd", "ongewijzigd", "fout"
SOORTEN = {
    FOUT: gettext_lazy("Met fouten"),
    NIEUW: gettext_lazy("Nieuw"),
    GEWIJZIGD: gettext_lazy("Gewijzigd"),
    ONGEWIJZIGD: gettext_lazy("Ongewijzigd"),
}


def projectimport_list(*, user: User) -> QuerySet[Projectimport]:
    """The imports of the user's own gemeente, newest first; a beheerder sees those of every gemeente."""
    imports = Projectimport.objects.select_related("gemeente", "aangemaakt_door")
    if not mag_projecten_importeren(user):
        return imports.none()
    return imports if user.is_beheerder else imports.filter(gemeente_id=user.organisatie_id)


def projectimport_get(*, user: User, pk: int) -> Projectimport:
    """One import the user may see; another gemeente's is not found (404)."""
    return get_object_or_404(projectimport_list(user=user), pk=pk)


def importgemeenten(*, user: User) -> QuerySet[Organisatie]:
    """The gemeenten the user may import for: a beheerder any member gemeente, gemeente staff their own."""
    gemeenten = Organisatie.objects.leden().filter(soort=Organisatie.Soort.GEMEENTE)
    if not mag_projecten_importeren(user):
        return gemeenten.none()
    return gemeenten if user.is_beheerder else gemeenten.filter(pk=user.organisatie_id)


def keuzelijsten(*, gemeente: Organisatie) -> Keuzelijsten:
    return Keuzelijsten(
        gemeente=gemeente,
        gebieden=tuple(Gebied.objects.filter(gemeente=gemeente).order_by("naam")),
        waardeklassen=tuple(Waardeklasse.objects.all()),
    )


def sjabloon_keuzelijsten(*, user: User) -> Keuzelijsten:
    """What the template lists: the gebieden of the user's own gemeente, or for a beheerder those of every gemeente."""
    if user.is_beheerder or not user.is_gemeente:
        gebieden = Gebied.objects.filter(gemeente__in=importgemeenten(user=user)).select_related("gemeente")
        return Keuzelijsten(
            gemeente=None,
            gebieden=tuple(gebieden.order_by("gemeente__naam", "naam")),
            waardeklassen=tuple(Waardeklasse.objects.all()),
        )
    return keuzelijsten(gemeente=user.organisatie)


# --- The check of a file -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wijziging:
    """A field the row changes. The values are shown in words only for the rows on the page (`was`, `wordt`)."""

    veld: str
    oud: object
    nieuw: object

    @property
    def label(self) -> str:
        return capfirst(Project._meta.get_field(self.veld).verbose_name)

    @property
    def was(self) -> str:
        return weergave(self.veld, self.oud)

    @property
    def wordt(self) -> str:
        return weergave(self.veld, self.nieuw)


@dataclass
class Importregel:
    """One row of the file as the import would apply it."""

    rij: int
    nummer: str
    naam: str
    fouten: list[Celfout] = field(default_factory=list)
    waarden: dict = field(default_factory=dict)
    reden: str = ""
    project: Project | None = None
    wijzigingen: list[Wijziging] = field(default_factory=list)

    @property
    def soort(self) -> str:
        if self.fouten:
            return FOUT
        if self.project is None:
            return NIEUW
        return GEWIJZIGD if self.wijzigingen else ONGEWIJZIGD

    @property
    def soort_label(self) -> str:
        return str(SOORTEN[self.soort]).lower()

    def als_json(self) -> dict:
        """What the import keeps of a row with errors (Projectimport.fouten)."""
        return {
            "rij": self.rij,
            "nummer": self.nummer,
            "naam": self.naam,
            "fouten": [{"kolom": fout.kolom, "melding": fout.melding} for fout in self.fouten],
        }

    @classmethod
    def uit_json(cls, rij: dict) -> "Importregel":
        return cls(
            rij=rij["rij"],
            nummer=rij["nummer"],
            naam=rij["naam"],
            fouten=[Celfout(fout["kolom"], fout["melding"]) for fout in rij["fouten"]],
        )


@dataclass(frozen=True)
class Importcontrole:
    regels: tuple[Importregel, ...]

    def van_soort(self, soort: str) -> list[Importregel]:
        return [regel for regel in self.regels if regel.soort == soort]

    @property
    def aantallen(self) -> dict[str, int]:
        aantallen = dict.fromkeys(SOORTEN, 0)
        for regel in self.regels:
            aantallen[regel.soort] += 1
        return aantallen

    @property
    def fouten_json(self) -> list[dict]:
        return [regel.als_json() for regel in self.van_soort(FOUT)]


def _sleutel(waarde):
    """Objects compare by primary key: a gebied read from the file is the same row as the project's."""
    return getattr(waarde, "pk", waarde)


# The fields the rules between fields look at (importformaat.controleer_samenhang).
SAMENHANG = (
    "aanbesteding_kwartaal",
    "start_kwartaal",
    "verschuifbaar_vanaf",
    "verschuifbaar_tot",
    "waardeklasse",
    "raming",
)


SAMENHANG_KOLOMMEN = {kolom.kop for kolom in KOLOMMEN if kolom.veld in SAMENHANG}


def _stand(project: Project | None) -> dict:
    """Those fields of the project now; for a new project none."""
    return {veld: getattr(project, veld) if project is not None else None for veld in SAMENHANG}


def importcontrole(*, gemeente: Organisatie, tabel: Tabel) -> Importcontrole:
    """Every row of `tabel` checked for `gemeente`: its values, errors per cell, and for an existing project (matched
    by projectnummer) what changes. Nothing is written."""
    keuzes = keuzelijsten(gemeente=gemeente)
    projecten = {
        project.nummer: project
        for project in Project.objects.filter(gemeente=gemeente)
        .select_related("gebied", "waardeklasse")
        .prefetch_related("opdrachtnemers")
    }
    eerste_rij: dict[str, int] = {}
    regels = []
    for rijnummer, cellen in tabel.rijen:
        gelezen = controleer_rij(cellen, keuzes)
        nummer = gelezen.waarden.get("nummer") or ""
        regel = Importregel(
            rij=rijnummer,
            nummer=nummer,
            naam=gelezen.waarden.get("naam") or "",
            fouten=gelezen.fouten,
            waarden=gelezen.waarden,
            reden=gelezen.reden,
            project=projecten.get(nummer),
        )
        if nummer in eerste_rij:
            regel.fouten.append(
                Celfout(
                    "projectnummer",
                    _(
                        "Projectnummer ‘%(nummer)s’ staat ook in rij %(rij)s; een project mag maar één keer in het bestand."
                    )
                    % {"nummer": nummer, "rij": eerste_rij[nummer]},
                )
            )
        elif nummer:
            eerste_rij[nummer] = rijnummer
        _vergelijk(regel)
        regels.append(regel)
    return Importcontrole(regels=tuple(regels))


def _vergelijk(regel: Importregel) -> None:
    """The row against its project: the rules between fields on the combined values, the fase flow, and the changes
    (for a new project: the values it gets)."""
    project = regel.project
    # A cell that could not be read would only cause follow-on errors between fields.
    if not {fout.kolom for fout in regel.fouten} & SAMENHANG_KOLOMMEN:
        regel.fouten.extend(controleer_samenhang({**_stand(project), **regel.waarden}))
    if project is not None and "fase" in regel.waarden:
        try:
            controleer_fase(project, project.fase, regel.waarden["fase"], regel.reden)
        except ValidationError as fout:
            regel.fouten.extend(
                Celfout(veld, melding)  # "fase" or "reden": the field and its column share the name
                for veld, meldingen in fout.message_dict.items()
                for melding in meldingen
            )
    for veld, wordt in regel.waarden.items():
        if project is None and veld in ("nummer", "naam"):
            continue  # the preview names the row by them already
        was = getattr(project, veld) if project is not None else None
        if _sleutel(was) != _sleutel(wordt) and not (was in (None, "") and wordt in (None, "")):
            regel.wijzigingen.append(Wijziging(veld, was, wordt))


def projectimport_controle(*, projectimport: Projectimport) -> Importcontrole:
    """The stored file of `projectimport` checked against the projects as they are now. ValidationError (in Dutch)
    when the file can no longer be read."""
    try:
        with projectimport.bestand.open("rb") as bestand:
            tabel = lees_tabel(bestand, projectimport.bestandsnaam)
    except OSError as fout:
        raise ValidationError(
            _("Het bestand van deze import is niet meer beschikbaar. Upload de planning opnieuw.")
        ) from fout
    return importcontrole(gemeente=projectimport.gemeente, tabel=tabel)


# --- The preview page --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Importoverzicht:
    """What the page of one import shows: the rows (of the chosen kind), their numbers, and whether it can be
    committed now."""

    projectimport: Projectimport
    regels: list[Importregel]
    aantallen: dict[str, int]
    leesfouten: list[str]
    toon: str

    @property
    def keuzes(self) -> list[tuple[str, str, int]]:
        """The kinds of rows to show, with their numbers: (value of ?toon=, label, number)."""
        alle = ("", _("Alle rijen"), sum(self.aantallen.values()))
        return [alle, *((soort, str(label), self.aantallen[soort]) for soort, label in SOORTEN.items())]

    @property
    def mag_verwerken(self) -> bool:
        return (
            self.projectimport.status == Projectimport.Status.VOORVERTONING
            and not self.leesfouten
            and not self.aantallen[FOUT]
        )


def importoverzicht(*, projectimport: Projectimport, toon: str = "") -> Importoverzicht:
    """A preview is checked anew on every view, so it shows what committing would do now. Of an import with errors
    the rows kept at upload are shown; a processed or lapsed import shows only its numbers."""
    toon = toon if toon in SOORTEN else ""
    regels: list[Importregel] = []
    leesfouten: list[str] = []
    Status = Projectimport.Status
    if projectimport.status == Status.VOORVERTONING:
        try:
            regels = list(projectimport_controle(projectimport=projectimport).regels)
        except ValidationError as fout:
            leesfouten = fout.messages
    elif projectimport.status == Status.FOUTEN:
        regels = [Importregel.uit_json(rij) for rij in projectimport.fouten]
    aantallen = Importcontrole(regels=tuple(regels)).aantallen
    return Importoverzicht(
        projectimport=projectimport,
        regels=[regel for regel in regels if not toon or regel.soort == toon],
        aantallen=aantallen,
        leesfouten=leesfouten,
        toon=toon,
    )
