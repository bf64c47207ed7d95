"""Reads of ratings with THE blindness rule (DESIGN §5, issue 6 outcome 3). Every page, export and report that shows
scores or motivations takes its ratings from `beoordelingen_zichtbaar`, so there is one place that decides who sees a
rating before and after the reveal.

The rule: a rating's own organisation (the rater's) sees it always, drafts too. Anyone else who may see the round (the
other party, beheerders, bezwaar panel members) sees it only once the round is revealed AND the rating was submitted:
a draft left when the reveal deadline passed was never handed in, so it stays with its rater. Another contractor never
sees the round at all (B1's selectors answer 404)."""

from django.db.models import Prefetch
from django.http import Http404

from kring.models import User
from kring.permissions import is_lid
from pastperformance.models import Beoordeling, Beoordelingsronde, Richting, Score
from pastperformance.selectors.rondes import rondes_zichtbaar


def _ziet_inhoud(user: User, beoordeling: Beoordeling, ronde: Beoordelingsronde) -> bool:
    """The blindness rule for one rating of a round `user` may see (see the module docstring)."""
    if user.organisatie_id is not None and user.organisatie_id == beoordeling.beoordelaar_organisatie_id:
        return True
    return ronde.is_onthuld and beoordeling.is_ingediend


def beoordelingen_zichtbaar(*, user: User, ronde: Beoordelingsronde) -> list[Beoordeling]:
    """The ratings of `ronde` whose scores and motivations `user` may see, in direction order, with their scores (in
    the questionnaire's order, criterion joined), questionnaire and both organisations: two queries.

    `ronde` must already be one `user` may see (fetched with `ronde_get`); this decides per rating. Never the rater's
    name: whoever shows a rating to the other side names the organisation."""
    if not is_lid(user):
        return []
    beoordelingen = (
        Beoordeling.objects.filter(ronde=ronde)
        .select_related("vragenlijst", "beoordelaar_organisatie", "beoordeelde_organisatie")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterium").order_by("criterium__volgorde", "criterium_id"),
            )
        )
        .order_by("richting")
    )
    # Before the reveal only the user's own organisation's ratings can qualify: the others are not even read.
    if not ronde.is_onthuld:
        beoordelingen = beoordelingen.filter(beoordelaar_organisatie_id=user.organisatie_id)
    return [beoordeling for beoordeling in beoordelingen if _ziet_inhoud(user, beoordeling, ronde)]


def mag_beoordeling_zien(user: User, beoordeling: Beoordeling) -> bool:
    """Whether `user` may see the scores and motivations of `beoordeling`: the blindness rule, and the round must be
    one `user` may see at all (B1's `rondes_zichtbaar`), so this answers correctly for a rating found by its id."""
    if not is_lid(user) or not _ziet_inhoud(user, beoordeling, beoordeling.ronde):
        return False
    return rondes_zichtbaar(user=user).filter(pk=beoordeling.ronde_id).exists()


def beoordeling_voor_invullen(*, user: User, ronde: Beoordelingsronde, richting: str) -> Beoordeling:
    """The rating of `ronde` in `richting` for the rating page, with its questionnaire and criteria and its scores.
    Only staff of the rating's own organisation (the rater's side) reach it; everyone else, the other party included,
    gets 404 (after the reveal they read it on the round's page). Who may change it: `mag_beoordeling_invullen`."""
    if richting not in Richting.values or not is_lid(user):
        raise Http404
    beoordeling = (
        Beoordeling.objects.filter(ronde=ronde, richting=richting, beoordelaar_organisatie_id=user.organisatie_id)
        .select_related("vragenlijst", "beoordelaar_organisatie", "beoordeelde_organisatie", "ingediend_door")
        .prefetch_related("vragenlijst__criteria", "scores")
        .first()
    )
    if beoordeling is None:
        raise Http404
    beoordeling.ronde = ronde
    return beoordeling
