"""Reads of the werkgroepen themselves: the public overview and page, members and their balance, join requests.

Visitors see what a werkgroep is for and who leads it; active members also see its members and the balance of
gemeente and opdrachtnemers in it (DESIGN §4)."""

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.models import Organisatie, Themadoel, User
from kring.permissions import is_lid
from kring.selectors.leden import ROTATIE_JAREN, _jaren_terug, lopende_lidmaatschappen
from kring.selectors.overeenkomst import overeenkomst_huidig
from werkgroepen.models import Aanmelding, Lidmaatschap, Werkgroep
from werkgroepen.permissions import mag_werkgroep_bewerken, mag_werkgroepen_beheren

Rol = Lidmaatschap.Rol
# "Uit balans": one side has more than this many times the members of the other.
BALANS_FACTOR = 2


def werkgroep_list() -> QuerySet[Werkgroep]:
    """The werkgroepen that are open; public (DESIGN §5)."""
    return Werkgroep.objects.filter(gesloten_op__isnull=True)


def werkgroep_get(*, slug: str) -> Werkgroep:
    return get_object_or_404(Werkgroep, slug=slug)


def lopende_leden() -> QuerySet[Lidmaatschap]:
    """Who is in a werkgroep today: running memberships of active people (blocked accounts do not take part)."""
    return lopende_lidmaatschappen().filter(gebruiker__status=User.Status.ACTIEF)


def werkgroepen_van_trekker(user: User) -> QuerySet[Werkgroep]:
    """The werkgroepen `user` leads now (see permissions.is_trekker)."""
    if not is_lid(user):
        return Werkgroep.objects.none()
    return Werkgroep.objects.filter(
        Exists(lopende_lidmaatschappen().filter(werkgroep=OuterRef("pk"), gebruiker=user, rol=Rol.TREKKER))
    )


# --- Balance ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WerkgroepBalans:
    """Running memberships in one werkgroep per side (people of an overig organisation count apart), and the hints
    the kring acts on: both sides present, neither more than twice the other, and rotation after some years."""

    gemeente: int
    opdrachtnemer: int
    overig: int
    langer_dan_rotatie: int
    rotatie_jaren: int = ROTATIE_JAREN

    @property
    def totaal(self) -> int:
        return self.gemeente + self.opdrachtnemer + self.overig

    @property
    def hints(self) -> list[str]:
        hints = []
        if not self.gemeente:
            hints.append(_("geen gemeente"))
        if not self.opdrachtnemer:
            hints.append(_("geen opdrachtnemers"))
        kleinste, grootste = sorted([self.gemeente, self.opdrachtnemer])
        if kleinste and grootste > BALANS_FACTOR * kleinste:
            hints.append(_("uit balans"))
        if self.langer_dan_rotatie:
            hints.append(
                ngettext(
                    "%(aantal)d lidmaatschap loopt langer dan %(jaren)d jaar",
                    "%(aantal)d lidmaatschappen lopen langer dan %(jaren)d jaar",
                    self.langer_dan_rotatie,
                )
                % {"aantal": self.langer_dan_rotatie, "jaren": self.rotatie_jaren}
            )
        return hints


def _aantal_leden(**voorwaarden) -> Coalesce:
    """The number of `lopende_leden` of the outer werkgroep that meet `voorwaarden`, counted by the database."""
    aantal = (
        lopende_leden()
        .filter(werkgroep=OuterRef("pk"), **voorwaarden)
        .order_by()
        .values("werkgroep")
        .annotate(aantal=Count("pk"))
        .values("aantal")
    )
    return Coalesce(Subquery(aantal), 0)


def met_balans(werkgroepen: QuerySet[Werkgroep]) -> QuerySet[Werkgroep]:
    """Annotate the counts behind WerkgroepBalans: one query for any number of werkgroepen."""
    rotatiegrens = _jaren_terug(timezone.localdate(), ROTATIE_JAREN)
    return werkgroepen.annotate(
        balans_gemeente=_aantal_leden(gebruiker__organisatie__soort=Organisatie.Soort.GEMEENTE),
        balans_opdrachtnemer=_aantal_leden(gebruiker__organisatie__soort=Organisatie.Soort.OPDRACHTNEMER),
        balans_totaal=_aantal_leden(),
        balans_rotatie=_aantal_leden(van__lt=rotatiegrens),
    )


def balans_van(werkgroep: Werkgroep) -> WerkgroepBalans:
    """The balance of a werkgroep annotated by `met_balans`."""
    return WerkgroepBalans(
        gemeente=werkgroep.balans_gemeente,
        opdrachtnemer=werkgroep.balans_opdrachtnemer,
        overig=werkgroep.balans_totaal - werkgroep.balans_gemeente - werkgroep.balans_opdrachtnemer,
        langer_dan_rotatie=werkgroep.balans_rotatie,
    )


# --- Overview and page -----------------------------------------------------------------------------------------------


def _met_trekkers_en_themadoelen(werkgroepen: QuerySet[Werkgroep]) -> QuerySet[Werkgroep]:
    """Prefetch `trekkers` (running trekker memberships with person and organisation) and `huidige_themadoelen` (the
    themadoelen of the agreement that matters now, in their order)."""
    huidig = overeenkomst_huidig()
    themadoelen = (
        Themadoel.objects.filter(overeenkomst=huidig).select_related("overeenkomst").order_by("volgorde", "pk")
    )
    trekkers = (
        lopende_leden().filter(rol=Rol.TREKKER).select_related("gebruiker__organisatie").order_by("gebruiker__naam")
    )
    return werkgroepen.prefetch_related(
        Prefetch("lidmaatschappen", queryset=trekkers, to_attr="trekkers"),
        Prefetch("themadoelen", queryset=themadoelen, to_attr="huidige_themadoelen"),
    )


def _zichtbaar(*, user: User) -> QuerySet[Werkgroep]:
    """Every werkgroep (they are public) with trekkers and themadoelen; for members also the balance (`balans`, set
    by the callers) and whether they are in it (`ben_lid`)."""
    werkgroepen = _met_trekkers_en_themadoelen(Werkgroep.objects.all())
    if is_lid(user):
        eigen = lopende_leden().filter(werkgroep=OuterRef("pk"), gebruiker=user)
        werkgroepen = met_balans(werkgroepen).annotate(ben_lid=Exists(eigen))
    return werkgroepen


@dataclass(frozen=True)
class WerkgroepOverzicht:
    open: list[Werkgroep]
    gesloten: list[Werkgroep]


def werkgroep_overzicht(*, user: User) -> WerkgroepOverzicht:
    """All werkgroepen in their order, the open ones apart from the closed ones; see `_zichtbaar`."""
    werkgroepen = list(_zichtbaar(user=user))
    for werkgroep in werkgroepen:
        werkgroep.balans = balans_van(werkgroep) if is_lid(user) else None
    return WerkgroepOverzicht(
        open=[werkgroep for werkgroep in werkgroepen if not werkgroep.is_gesloten],
        gesloten=[werkgroep for werkgroep in werkgroepen if werkgroep.is_gesloten],
    )


@dataclass(frozen=True)
class WerkgroepPagina:
    """A werkgroep's page as `user` may see it. `leden`, `eigen_lidmaatschap` and `eigen_aanmelding` stay empty for
    visitors; `aanmeldingen` (open join requests) is filled for whoever may judge them."""

    werkgroep: Werkgroep
    ziet_leden: bool
    leden: list[Lidmaatschap]
    eigen_lidmaatschap: Lidmaatschap | None
    eigen_aanmelding: Aanmelding | None
    aanmeldingen: list[Aanmelding]
    mag_bewerken: bool
    mag_beheren: bool


def werkgroep_pagina(*, user: User, slug: str) -> WerkgroepPagina:
    werkgroep = get_object_or_404(_zichtbaar(user=user), slug=slug)
    leden, eigen_lidmaatschap, eigen_aanmelding, aanmeldingen = [], None, None, []
    mag_bewerken = mag_werkgroep_bewerken(user, werkgroep)
    ziet_leden = is_lid(user)
    if ziet_leden:
        werkgroep.balans = balans_van(werkgroep)
        leden = list(
            lopende_leden()
            .filter(werkgroep=werkgroep)
            .select_related("gebruiker__organisatie")
            .order_by(_rol_volgorde(), "gebruiker__naam", "pk")
        )
        eigen_lidmaatschap = next((lid for lid in leden if lid.gebruiker_id == user.pk), None)
        eigen_aanmelding = open_aanmeldingen().filter(werkgroep=werkgroep, gebruiker=user).first()
    if mag_bewerken:
        aanmeldingen = list(
            open_aanmeldingen().filter(werkgroep=werkgroep).exclude(gebruiker=user).select_related("werkgroep")
        )
    return WerkgroepPagina(
        werkgroep=werkgroep,
        ziet_leden=ziet_leden,
        leden=leden,
        eigen_lidmaatschap=eigen_lidmaatschap,
        eigen_aanmelding=eigen_aanmelding,
        aanmeldingen=aanmeldingen,
        mag_bewerken=mag_bewerken,
        mag_beheren=mag_werkgroepen_beheren(user),
    )


def _rol_volgorde() -> Case:
    """Trekkers first, then members, then advisers."""
    return Case(*(When(rol=rol, then=Value(plek)) for plek, rol in enumerate(Rol.values)), default=Value(len(Rol)))


def lidmaatschap_get(*, werkgroep: Werkgroep, pk: int) -> Lidmaatschap:
    """A running membership of `werkgroep` (every member sees the members; what one may change is a permission)."""
    return get_object_or_404(
        lopende_leden().filter(werkgroep=werkgroep).select_related("werkgroep", "gebruiker__organisatie"), pk=pk
    )


def actieve_leden() -> QuerySet[User]:
    """People who take part in the kring now: active accounts of member organisations, by name (who a beheerder can
    appoint as trekker, who is invited to a meeting of the whole kring, who can own an actiepunt)."""
    return User.objects.filter(status=User.Status.ACTIEF, organisatie__in=Organisatie.objects.leden()).order_by(
        "naam", "pk"
    )


# --- Join requests ---------------------------------------------------------------------------------------------------


def open_aanmeldingen() -> QuerySet[Aanmelding]:
    """Join requests awaiting a decision, oldest first, with the applicant and their organisation."""
    return Aanmelding.objects.filter(status=Aanmelding.Status.AANGEVRAAGD).select_related("gebruiker__organisatie")


def _te_beoordelen(*, user: User) -> QuerySet[Aanmelding]:
    """Join requests (any status) for the werkgroepen `user` may judge: those they lead, all for a beheerder; never
    their own."""
    if mag_werkgroepen_beheren(user):
        aanmeldingen = Aanmelding.objects.all()
    else:
        open_werkgroepen = werkgroepen_van_trekker(user).filter(gesloten_op__isnull=True)
        aanmeldingen = Aanmelding.objects.filter(werkgroep__in=open_werkgroepen)
    return aanmeldingen.exclude(gebruiker=user).select_related("werkgroep", "gebruiker__organisatie")


def aanmeldingen_te_beoordelen(*, user: User) -> QuerySet[Aanmelding]:
    """Open join requests `user` may judge, oldest first."""
    return _te_beoordelen(user=user).filter(status=Aanmelding.Status.AANGEVRAAGD).order_by("aangevraagd_op", "pk")


def aanmelding_beoordelen_get(*, user: User, pk: int) -> Aanmelding:
    """A join request `user` may judge; 404 for anyone else (the applicant included). Already decided ones are found,
    so the service can say so."""
    return get_object_or_404(_te_beoordelen(user=user), pk=pk)


def eigen_aanmeldingen(*, user: User) -> QuerySet[Aanmelding]:
    """The join requests of `user`, newest first."""
    return (
        Aanmelding.objects.filter(gebruiker=user)
        .select_related("werkgroep", "gebruiker__organisatie")
        .order_by("-aangevraagd_op", "-pk")
    )


def eigen_aanmelding_get(*, user: User, pk: int) -> Aanmelding:
    return get_object_or_404(eigen_aanmeldingen(user=user), pk=pk)


def lopend_lidmaatschap(*, werkgroep: Werkgroep, gebruiker: User) -> Lidmaatschap | None:
    """The person's running membership of `werkgroep`, if any (also one that ends today)."""
    return lopende_lidmaatschappen().filter(werkgroep=werkgroep, gebruiker=gebruiker).order_by("-van").first()


def lidmaatschappen_zonder_einde(*, werkgroep: Werkgroep) -> QuerySet[Lidmaatschap]:
    """Memberships of `werkgroep` nobody has ended yet (those that closing the werkgroep ends)."""
    return Lidmaatschap.objects.filter(werkgroep=werkgroep, tot__isnull=True)


def heeft_lidmaatschap_zonder_einde(*, werkgroep: Werkgroep, gebruiker: User) -> bool:
    return lidmaatschappen_zonder_einde(werkgroep=werkgroep).filter(gebruiker=gebruiker).exists()


def sluitgevolgen(*, werkgroep: Werkgroep) -> dict[str, int]:
    """What closing `werkgroep` today changes, for the beheerder's confirmation."""
    return {
        "lidmaatschappen": lidmaatschappen_zonder_einde(werkgroep=werkgroep).count(),
        "aanmeldingen": open_aanmeldingen().filter(werkgroep=werkgroep).count(),
    }


def heeft_andere_trekker(*, lidmaatschap: Lidmaatschap) -> bool:
    """Whether the werkgroep keeps an active trekker without an end date when `lidmaatschap` stops leading it."""
    return (
        lidmaatschappen_zonder_einde(werkgroep=lidmaatschap.werkgroep_id)
        .filter(rol=Rol.TREKKER, gebruiker__status=User.Status.ACTIEF)
        .exclude(pk=lidmaatschap.pk)
        .exists()
    )
