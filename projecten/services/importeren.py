"""Writes of the planning import. An upload is checked and kept with its preview; nothing touches the projects until
the import is committed, and then every row goes in one transaction or none does.

Committing checks the file again against the projects as they are then. New projects are created and existing ones
(matched by gemeente and projectnummer) updated with bulk queries, so 5,000 rows cost a bounded number of queries; the
history of the tracked fields is written with the same function as a manual change (wijzigingen_vastleggen), so
contractors who follow a project hear of an imported change like any other."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import audit_log, json_waarde
from kring.models import Organisatie, User
from projecten.importformaat import controleer_bestand, lees_tabel
from projecten.models import Project, Projectimport, Projectwijziging
from projecten.permissions import mag_importeren_voor
from projecten.selectors.importeren import (
    FOUT,
    GEWIJZIGD,
    NIEUW,
    Importcontrole,
    importcontrole,
    projectimport_controle,
)
from projecten.services.projecten import volgstand, wijzigingen_vastleggen
from projecten.tasks import detect_koppelkansen
from werkgroepen.uploads import opruimen_bij_fout, veilige_naam

Status = Projectimport.Status

# The status flow of an import: (from, to) -> the audit action. An upload starts as voorvertoning or fouten.
OVERGANGEN = {
    (Status.VOORVERTONING, Status.VERWERKT): "projectimport.verwerkt",
    # Checked again at commit: the projects changed since the preview and a row no longer fits.
    (Status.VOORVERTONING, Status.FOUTEN): "projectimport.afgekeurd",
    # A newer upload for the same gemeente replaces the preview.
    (Status.VOORVERTONING, Status.VERLOPEN): "projectimport.vervallen",
}
NIET_TE_VERWERKEN = {
    Status.VERWERKT: gettext_lazy("Deze import is al verwerkt."),
    Status.FOUTEN: gettext_lazy(
        "Dit bestand bevat fouten en wordt niet verwerkt. Verbeter het en upload het opnieuw."
    ),
    Status.VERLOPEN: gettext_lazy(
        "Deze import is vervallen omdat er later een nieuwer bestand is geüpload. Verwerk dat bestand."
    ),
}
BULK = 500  # rows per INSERT or UPDATE (the database may take fewer at a time)


def _wissel(projectimport: Projectimport, naar: str) -> str:
    """Set the new status following OVERGANGEN; gives the audit action."""
    actie = OVERGANGEN.get((projectimport.status, naar))
    if actie is None:
        raise ValidationError(NIET_TE_VERWERKEN.get(projectimport.status, _("Deze stap is niet mogelijk.")))
    projectimport.status = naar
    return actie


def _eis_recht(door: User, gemeente: Organisatie) -> None:
    if not mag_importeren_voor(door, gemeente):
        raise PermissionDenied


@transaction.atomic
def projectimport_create(
    *, gemeente: Organisatie, bestand: UploadedFile, door: User, request: HttpRequest | None = None
) -> Projectimport:
    """Check an uploaded planning and keep it with its preview (status voorvertoning, or fouten with the errors per
    row). A file that cannot be read as a planning (type, size, macros, columns) is refused with a ValidationError in
    Dutch and nothing is kept. An earlier preview of the same gemeente lapses."""
    _eis_recht(door, gemeente)
    if gemeente.soort != Organisatie.Soort.GEMEENTE:
        raise ValidationError(_("Alleen een gemeente heeft projecten in de pijplijn."))
    naam = veilige_naam(bestand.name)
    controleer_bestand(bestand, naam)
    controle = importcontrole(gemeente=gemeente, tabel=lees_tabel(bestand, naam))
    for oud in Projectimport.objects.select_for_update().filter(gemeente=gemeente, status=Status.VOORVERTONING):
        actie = _wissel(oud, Status.VERLOPEN)
        oud.save(update_fields=["status"])
        audit_log(actie=actie, actor=door, obj=oud, voor={"status": Status.VOORVERTONING}, na={"status": oud.status})
    aantallen = controle.aantallen
    projectimport = Projectimport(
        gemeente=gemeente,
        bestandsnaam=naam,
        status=Status.FOUTEN if aantallen[FOUT] else Status.VOORVERTONING,
        aantal_rijen=len(controle.regels),
        aantal_nieuw=aantallen[NIEUW],
        aantal_gewijzigd=aantallen[GEWIJZIGD],
        fouten=controle.fouten_json,
        aangemaakt_door=door,
    )
    storage = projectimport.bestand.storage
    with opruimen_bij_fout(storage) as opgeslagen:
        bestand.seek(0)
        projectimport.bestand.save(naam, bestand, save=False)
        opgeslagen.append(projectimport.bestand.name)
        projectimport.full_clean()
        projectimport.save()
        audit_log(
            actie="projectimport.geupload",
            actor=door,
            obj=projectimport,
            na={"status": projectimport.status, "rijen": projectimport.aantal_rijen, **aantallen},
            request=request,
        )
    return projectimport


def projectimport_verwerken(
    *, projectimport: Projectimport, door: User, request: HttpRequest | None = None
) -> Projectimport:
    """Commit every row of a previewed import in one transaction: create the new projects, update the existing ones
    with history (the row's reason, or "import <bestandsnaam>"). When the check finds errors now, nothing is written
    to the projects and the import gets status fouten (check the status of what is returned)."""
    try:
        return _verwerk(projectimport=projectimport, door=door, request=request)
    except IntegrityError as fout:
        # Someone created or changed a project with the same number at the same moment; the transaction rolled back.
        raise ValidationError(
            _(
                "De import is niet verwerkt: de projecten zijn op hetzelfde moment door iemand anders gewijzigd. Er is "
                "niets veranderd; probeer het opnieuw."
            )
        ) from fout


@transaction.atomic
def _verwerk(*, projectimport: Projectimport, door: User, request: HttpRequest | None) -> Projectimport:
    # Locked, so a double click or a second tab waits and then finds the import processed.
    projectimport = (
        Projectimport.objects.select_for_update(of=("self",)).select_related("gemeente").get(pk=projectimport.pk)
    )
    _eis_recht(door, projectimport.gemeente)
    if projectimport.status != Status.VOORVERTONING:
        raise ValidationError(NIET_TE_VERWERKEN[projectimport.status])
    controle = projectimport_controle(projectimport=projectimport)
    aantallen = controle.aantallen
    if aantallen[FOUT]:
        actie = _wissel(projectimport, Status.FOUTEN)
        projectimport.fouten = controle.fouten_json
        projectimport.save(update_fields=["status", "fouten"])
        audit_log(
            actie=actie, actor=door, obj=projectimport, na={"rijen_met_fouten": aantallen[FOUT]}, request=request
        )
        return projectimport
    voor, na = _schrijf(controle, gemeente=projectimport.gemeente, door=door, bestandsnaam=projectimport.bestandsnaam)
    actie = _wissel(projectimport, Status.VERWERKT)
    projectimport.aantal_nieuw = aantallen[NIEUW]
    projectimport.aantal_gewijzigd = aantallen[GEWIJZIGD]
    projectimport.verwerkt_op = timezone.now()
    projectimport.fouten = []
    projectimport.save(update_fields=["status", "aantal_nieuw", "aantal_gewijzigd", "verwerkt_op", "fouten"])
    audit_log(actie=actie, actor=door, obj=projectimport, voor=voor, na=na, request=request)
    gemeente_id = projectimport.gemeente_id
    # New dates and areas may make new koppelkansen; the daily run would find them too, but a day later.
    transaction.on_commit(lambda: detect_koppelkansen.delay(gemeente_id))
    return projectimport


def _schrijf(controle: Importcontrole, *, gemeente: Organisatie, door: User, bestandsnaam: str) -> tuple[dict, dict]:
    """Create and update the projects of a checked import in bulk; gives the audit's before and after: per changed
    project (by number) its changed fields, and the numbers of the new projects."""
    nu = timezone.now()
    standaardreden = _("import %(bestand)s") % {"bestand": bestandsnaam}
    nieuw = [
        Project(gemeente=gemeente, aangemaakt_op=nu, gewijzigd_op=nu, **regel.waarden)
        for regel in controle.van_soort(NIEUW)
    ]
    Project.objects.bulk_create(nieuw, batch_size=BULK)
    gewijzigd, velden, geschiedenis = [], {"gewijzigd_op"}, []
    voor: dict[str, dict] = {}
    na: dict[str, dict] = {}
    for regel in controle.van_soort(GEWIJZIGD):
        project = regel.project
        volg_voor = volgstand(project)
        for wijziging in regel.wijzigingen:
            voor.setdefault(project.nummer, {})[wijziging.veld] = json_waarde(getattr(project, wijziging.veld))
            setattr(project, wijziging.veld, regel.waarden[wijziging.veld])
            na.setdefault(project.nummer, {})[wijziging.veld] = json_waarde(regel.waarden[wijziging.veld])
            velden.add(wijziging.veld)
        project.gewijzigd_op = nu
        gewijzigd.append(project)
        geschiedenis += wijzigingen_vastleggen(
            project=project, voor=volg_voor, na=volgstand(project), reden=regel.reden or standaardreden, door=door
        )
    Project.objects.bulk_update(gewijzigd, sorted(velden), batch_size=BULK)
    Projectwijziging.objects.bulk_create(geschiedenis, batch_size=BULK)
    return {"gewijzigd": voor}, {"nieuw": [project.nummer for project in nieuw], "gewijzigd": na}
