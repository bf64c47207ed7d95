"""Removing an earlier bulk data set. Bulk people have an e-mail address at @bulk.example and every bulk organisation
has at least one of them (the set is written in one transaction), so those identify everything else.

The large tables go first with plain DELETE statements (no objects loaded); what is left is small enough for the ORM,
which also clears the references from hand-made rows (SET_NULL) and cascades the rest."""

from django.db.models import Q, QuerySet

from kring.bulk.basis import DOMEIN
from kring.models import Herinnering, Organisatie, User
from pastperformance.models import (
    Addendum,
    Afspraak,
    Beoordelaarverdeling,
    Beoordeling,
    Beoordelingsplan,
    Beoordelingsronde,
    Bespreking,
    Bezwaar,
    KpiMeting,
    Reactie,
    Score,
    Scoremaand,
)
from projecten.models import Gebied, Interesse, Opgave, Project, Projectwijziging, Werkvoorraad
from sroi.models import (
    Inzetregel,
    Kandidaat,
    Poolaanbod,
    Poolinteresse,
    Regio,
    Verplichting,
    Waardetabel,
    Waarschuwing,
)
from werkgroepen.models import Kennisitem, NuttigStem


def bulk_gebruikers() -> QuerySet[User]:
    return User.objects.filter(email__endswith=DOMEIN)


def bulk_organisaties() -> QuerySet[Organisatie]:
    return Organisatie.objects.filter(pk__in=bulk_gebruikers().values("organisatie_id"))


def _weg(queryset: QuerySet) -> int:
    """DELETE without loading objects or following relations: only for rows nothing else points at any more."""
    return queryset._raw_delete(queryset.db)


def wis(schrijf=print) -> dict[str, int]:
    """Remove the bulk data set; returns the number of rows per kind removed."""
    organisaties = list(bulk_organisaties().values_list("pk", flat=True))
    gebruikers = bulk_gebruikers().values("pk")
    geteld: dict[str, int] = {}
    if not organisaties:
        return geteld
    plannen = Q(plan__project__gemeente__in=organisaties) | Q(plan__opdrachtnemer__in=organisaties)
    rondes = Beoordelingsronde.objects.filter(plannen).values("pk")
    beoordelingen = Beoordeling.objects.filter(ronde__in=rondes).values("pk")
    verplichtingen = Verplichting.objects.filter(
        Q(project__gemeente__in=organisaties) | Q(opdrachtnemer__in=organisaties)
    ).values("pk")
    regels = Inzetregel.objects.filter(verplichting__in=verplichtingen).values("pk")
    projecten = Project.objects.filter(gemeente__in=organisaties).values("pk")
    kennisitems = Kennisitem.objects.filter(auteur__in=gebruikers).values("pk")
    stappen = [
        # The summary rows are rebuilt after seeding (samenvatting_herbereken).
        ("pastperformance.Scoremaand", Scoremaand.objects.all()),
        ("pastperformance.Beoordelaarverdeling", Beoordelaarverdeling.objects.all()),
        ("kring.Herinnering", Herinnering.objects.filter(ontvanger__in=gebruikers)),
        ("pastperformance.Score", Score.objects.filter(beoordeling__in=beoordelingen)),
        ("pastperformance.Reactie", Reactie.objects.filter(beoordeling__in=beoordelingen)),
        ("pastperformance.Addendum", Addendum.objects.filter(ronde__in=rondes)),
        ("pastperformance.Bezwaar", Bezwaar.objects.filter(beoordeling__in=beoordelingen)),
        ("pastperformance.Afspraak", Afspraak.objects.filter(ronde__in=rondes)),
        ("", Bespreking.aanwezigen.through.objects.filter(bespreking__ronde__in=rondes)),
        ("pastperformance.Bespreking", Bespreking.objects.filter(ronde__in=rondes)),
        ("pastperformance.Beoordeling", Beoordeling.objects.filter(ronde__in=rondes)),
        ("pastperformance.Beoordelingsronde", Beoordelingsronde.objects.filter(plannen)),
        ("pastperformance.KpiMeting", KpiMeting.objects.filter(plannen)),
        ("", Inzetregel.bonussen.through.objects.filter(inzetregel__in=regels)),
        ("sroi.Inzetregel", Inzetregel.objects.filter(verplichting__in=verplichtingen)),
        ("sroi.Waarschuwing", Waarschuwing.objects.filter(verplichting__in=verplichtingen)),
        ("sroi.Poolinteresse", Poolinteresse.objects.filter(aanbod__kandidaat__opdrachtnemer__in=organisaties)),
        ("sroi.Poolaanbod", Poolaanbod.objects.filter(kandidaat__opdrachtnemer__in=organisaties)),
        ("sroi.Kandidaat", Kandidaat.objects.filter(opdrachtnemer__in=organisaties)),
        ("werkgroepen.NuttigStem", NuttigStem.objects.filter(kennisitem__in=kennisitems)),
        ("", Kennisitem.themas.through.objects.filter(kennisitem__in=kennisitems)),
        ("", Kennisitem.tags.through.objects.filter(kennisitem__in=kennisitems)),
        ("projecten.Projectwijziging", Projectwijziging.objects.filter(project__in=projecten)),
        ("projecten.Interesse", Interesse.objects.filter(project__in=projecten)),
        ("projecten.Werkvoorraad", Werkvoorraad.objects.filter(organisatie__in=organisaties)),
        ("", Project.opdrachtnemers.through.objects.filter(project__in=projecten)),
    ]
    for label, queryset in stappen:
        aantal = _weg(queryset)
        if label:
            geteld[label] = aantal
    # Smaller now, or pointed at by hand-made rows: through the ORM.
    regios = Regio.objects.filter(gemeenten__in=organisaties).exclude(
        gemeenten__in=Organisatie.objects.exclude(pk__in=organisaties)
    )
    for label, queryset in [
        (
            "pastperformance.Beoordelingsplan",
            Beoordelingsplan.objects.filter(Q(project__gemeente__in=organisaties) | Q(opdrachtnemer__in=organisaties)),
        ),
        ("sroi.Verplichting", Verplichting.objects.filter(pk__in=verplichtingen)),
        ("werkgroepen.Kennisitem", Kennisitem.objects.filter(auteur__in=gebruikers)),
        ("projecten.Opgave", Opgave.objects.filter(gebied__gemeente__in=organisaties)),
        ("projecten.Project", Project.objects.filter(gemeente__in=organisaties)),
        ("projecten.Gebied", Gebied.objects.filter(gemeente__in=organisaties)),
        ("sroi.Waardetabel", Waardetabel.objects.filter(regio__in=list(regios.values_list("pk", flat=True)))),
        ("sroi.Regio", Regio.objects.filter(pk__in=list(regios.values_list("pk", flat=True)))),
        ("kring.User", User.objects.filter(email__endswith=DOMEIN)),
        ("kring.Organisatie", Organisatie.objects.filter(pk__in=organisaties)),
    ]:
        geteld[label] = queryset.delete()[1].get(label, 0)
    schrijf("Verwijderd: " + ", ".join(f"{aantal} {label}" for label, aantal in geteld.items() if aantal) + ".")
    return geteld
