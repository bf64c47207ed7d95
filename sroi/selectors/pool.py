"""Reads of the kandidatenpool (issue 7 outcome 5): offers by pseudonym and category only, never a name, BSN or date
of birth. Open offers are visible to everyone who may open the pool (`mag_pool_zien`); a closed one (geplaatst,
ingetrokken) only to the offering contractor, the organisations that showed interest in it, and beheerders. Anyone
else gets 404."""

from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from kring.models import Organisatie, User
from sroi.models import Bouwblok, Inzetregel, Kandidaat, Poolaanbod, Poolinteresse, Waardetabel
from sroi.permissions import is_aanbieder, mag_pool_zien


def pool_zichtbaar(*, user: User) -> QuerySet[Poolaanbod]:
    """The offers `user` may open: every open offer, and closed ones they were involved in (beheerders: all)."""
    if not mag_pool_zien(user):
        return Poolaanbod.objects.none()
    if user.is_beheerder:
        return Poolaanbod.objects.all()
    betrokken = Q(kandidaat__opdrachtnemer_id=user.organisatie_id) | Q(geplaatst_bij_id=user.organisatie_id)
    betrokken |= Exists(Poolinteresse.objects.filter(aanbod=OuterRef("pk"), organisatie_id=user.organisatie_id))
    return Poolaanbod.objects.filter(Q(status=Poolaanbod.Status.OPEN) | betrokken)


def pool_open(*, user: User, categorie: str = "") -> QuerySet[Poolaanbod]:
    """The open offers of all members, earliest available first, optionally of one category (bouwblok code); with
    the offering contractor, and whether `user`'s organisation showed interest already. One query."""
    aanbod = (
        pool_zichtbaar(user=user)
        .filter(status=Poolaanbod.Status.OPEN)
        .select_related("kandidaat__opdrachtnemer")
        .annotate(
            eigen_interesse=Exists(
                Poolinteresse.objects.filter(aanbod=OuterRef("pk"), organisatie_id=user.organisatie_id or 0)
            )
        )
        .order_by("beschikbaar_vanaf", "pk")
    )
    return aanbod.filter(bouwblok_code=categorie) if categorie else aanbod


def pool_eigen(*, user: User) -> list[Poolaanbod]:
    """The offers of `user`'s own contractor (all statuses, open first, newest first), with the number of
    organisations that showed interest and where a candidate was placed. One query; empty for non-contractors."""
    if not (mag_pool_zien(user) and user.is_opdrachtnemer):
        return []
    return list(
        Poolaanbod.objects.filter(kandidaat__opdrachtnemer_id=user.organisatie_id)
        .select_related("kandidaat", "geplaatst_bij")
        .annotate(aantal_interesse=Count("interesse"))
        .order_by(
            # open first, then the rest by date
            ExpressionWrapper(Q(status=Poolaanbod.Status.OPEN), output_field=BooleanField()).desc(),
            "-aangeboden_op",
            "-pk",
        )[:50]
    )


def pool_categorieen(*, user: User) -> list[tuple[str, str]]:
    """(code, name) of the categories that have an open offer now, for the filter. One query."""
    paren = (
        pool_zichtbaar(user=user)
        .filter(status=Poolaanbod.Status.OPEN)
        .values_list("bouwblok_code", "categorie")
        .order_by("categorie", "bouwblok_code")
        .distinct()
    )
    gezien: dict[str, str] = {}
    for code, naam in paren:
        gezien.setdefault(code, naam)
    return sorted(gezien.items(), key=lambda paar: paar[1].lower())


def aanbod_get(*, user: User, pk: int) -> Poolaanbod:
    """One offer `user` may open (404 otherwise), with its candidate, contractor and placement."""
    return get_object_or_404(
        pool_zichtbaar(user=user).select_related("kandidaat__opdrachtnemer", "geplaatst_bij"), pk=pk
    )


@dataclass(frozen=True)
class AanbodDetail:
    aanbod: Poolaanbod
    is_aanbieder: bool
    # For the offering contractor: every organisation that showed interest (name, message, date). Others: empty.
    interesse: list[Poolinteresse]
    # For another organisation: its own interest, if shown.
    eigen_interesse: Poolinteresse | None


def aanbod_detail(*, aanbod: Poolaanbod, user: User) -> AanbodDetail:
    """What `user` sees of `aanbod`: the offering contractor (and beheerders) the interested organisations, anyone
    else only whether their own organisation showed interest. One query."""
    aanbieder = is_aanbieder(user, aanbod)
    if aanbieder or user.is_beheerder:
        interesse = list(aanbod.interesse.select_related("organisatie", "door").order_by("op", "pk"))
        eigen = next((rij for rij in interesse if rij.organisatie_id == user.organisatie_id), None)
    else:
        interesse = []
        eigen = aanbod.interesse.filter(organisatie_id=user.organisatie_id or 0).first()
    return AanbodDetail(aanbod=aanbod, is_aanbieder=aanbieder, interesse=interesse, eigen_interesse=eigen)


def geinteresseerde_organisaties(*, aanbod: Poolaanbod) -> QuerySet[Organisatie]:
    """The organisations that showed interest in `aanbod`: where a candidate can be marked geplaatst."""
    return Organisatie.objects.filter(pk__in=aanbod.interesse.values("organisatie_id")).order_by("naam")


# --- Offering a candidate --------------------------------------------------------------------------------------------


def kandidaten_aan_te_bieden(*, user: User) -> QuerySet[Kandidaat]:
    """`user`'s own contractor's candidates that can be offered: not anonymised and not in the pool already."""
    if not user.is_opdrachtnemer:
        return Kandidaat.objects.none()
    return (
        Kandidaat.objects.filter(opdrachtnemer_id=user.organisatie_id, geanonimiseerd=False)
        .exclude(poolaanbod__status=Poolaanbod.Status.OPEN)
        .order_by("code")
    )


def kandidaat_eigen_get(*, user: User, pk) -> Kandidaat:
    """One candidate of `user`'s own contractor (404 for another's, or an unknown id)."""
    return get_object_or_404(Kandidaat.objects.filter(opdrachtnemer_id=user.organisatie_id or 0), pk=pk)


def laatste_categorie(*, kandidaat: Kandidaat) -> Bouwblok | None:
    """The category (a categorie bouwblok) of the candidate's latest line, or None when it has none."""
    regel = (
        Inzetregel.objects.filter(kandidaat=kandidaat, bouwblok__soort=Bouwblok.Soort.CATEGORIE)
        .select_related("bouwblok")
        .order_by("-start", "-pk")
        .first()
    )
    return regel.bouwblok if regel else None


def categoriekeuzes() -> list[tuple[str, str]]:
    """(code, name) of every category in the vastgestelde value tables, each code once with the name of its newest
    table (codes are the same across regions where the category is). One query."""
    keuzes: dict[str, str] = {}
    for code, naam in (
        Bouwblok.objects.filter(soort=Bouwblok.Soort.CATEGORIE, waardetabel__status=Waardetabel.Status.VASTGESTELD)
        .order_by("-waardetabel__geldig_vanaf", "volgorde", "pk")
        .values_list("code", "naam")
    ):
        keuzes.setdefault(code, naam)
    return sorted(keuzes.items(), key=lambda paar: paar[1].lower())
