"""What the round shows after the reveal: four perspectives per criterion with the perception gap, the generated agenda
(largest gaps, then lowest scores, then open afspraken of earlier rounds), the afspraken to re-check, the actions per
person, and a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from pastperformance.models import Addendum, Afspraak, Beoordelingsronde, Bezwaar
from pastperformance.selectors.bespreking import ronde_na_onthulling
from pastperformance.selectors.rondes import ronde_get
from tests.factories import UserFactory, onthulde_ronde, open_ronde, vul_in
from tests.pastperformance.hulp_bespreking import (
    DAG,
    OG_ON,
    ON_OG,
    ZELF_OG,
    ZELF_ON,
    beoordeling,
    bespreek,
    maak_definitief,
    plan_voor,
    reageer,
)

pytestmark = pytest.mark.django_db
VANDAAG = timezone.localdate

# Hand-made so every agenda rule shows (criteria in questionnaire order; None = NVT):
# about the contractor: planmatig 4 vs 8 (gap -4), proactiviteit 9 vs 6 (+3), deskundigheid 7/7, veiligheid 5/5,
# omgeving 7/7, oplevering NVT vs 7; about the gemeente: besluitvorming 6 vs 8 (-2), proactiviteit 7/7,
# kwaliteit vraag 2 vs 3 (-1), veiligheid 7/7, omgeving 7/7, betaling 4 vs 8 (-4).
WAARDEN = {
    OG_ON: (4, 9, 7, 5, 7, None),
    ZELF_ON: (8, 6, 7, 5, 7, 7),
    ON_OG: (6, 7, 2, 7, 7, 4),
    ZELF_OG: (8, 7, 3, 7, 7, 8),
}


@pytest.fixture
def plan(personas):
    return plan_voor(personas)


@pytest.fixture
def ronde(plan):
    return onthulde_ronde(WAARDEN, plan=plan, volgnummer=2)


def na(ronde, user):
    return ronde_na_onthulling(ronde=ronde_get(user=user, pk=ronde.pk), user=user)


def test_nothing_before_the_reveal(personas, plan):
    ronde = open_ronde(plan=plan)
    assert ronde_na_onthulling(ronde=ronde, user=personas["gemeente"]) is None


def test_four_perspectives_per_criterion_with_the_gap(personas, ronde):
    contractor, gemeente = na(ronde, personas["on_eigen"]).kanten
    assert (contractor.over, contractor.organisatie, contractor.andere_partij) == (
        "on",
        ronde.plan.opdrachtnemer,
        ronde.plan.project.gemeente,
    )
    assert (contractor.ander.richting, contractor.zelf.richting) == (OG_ON, ZELF_ON)
    assert (gemeente.ander.richting, gemeente.zelf.richting) == (ON_OG, ZELF_OG)
    regels = {regel.code: regel for regel in contractor.regels}
    assert [regel.naam for regel in contractor.regels][:2] == ["Planmatig werken", "Proactiviteit en samenwerking"]
    assert (regels["planmatig-werken"].ander.waarde, regels["planmatig-werken"].eigen.waarde) == (4, 8)
    assert regels["planmatig-werken"].verschil == -4
    assert regels["proactiviteit-samenwerking"].verschil == 3
    assert regels["deskundigheid-kwaliteit"].verschil == 0
    assert regels["oplevering-revisie"].verschil is None  # NVT: no gap
    assert regels["planmatig-werken"].ander_label == "Onvoldoende: duidelijk onder verwachting"
    assert regels["veiligheid"].ander_label == ""  # 5 has no label
    assert [regel.verschil for regel in gemeente.regels] == [-2, 0, -1, 0, 0, -4]


def test_the_agenda_puts_the_largest_gaps_first_then_the_lowest_scores_then_open_afspraken(personas, plan, ronde):
    eerdere = onthulde_ronde(plan=plan, volgnummer=1)
    later = Afspraak.objects.create(
        ronde=eerdere, omschrijving="Revisie bijhouden", eigenaar_organisatie=plan.opdrachtnemer, deadline=VANDAAG()
    )
    eerder = Afspraak.objects.create(
        ronde=eerdere,
        omschrijving="Facturen binnen 30 dagen",
        eigenaar_organisatie=plan.project.gemeente,
        deadline=VANDAAG() - 10 * DAG,
    )
    Afspraak.objects.create(
        ronde=eerdere,
        omschrijving="Al nagekomen",
        eigenaar_organisatie=plan.opdrachtnemer,
        deadline=VANDAAG(),
        status="nagekomen",
    )
    on, og = plan.opdrachtnemer.naam, plan.project.gemeente.naam

    agenda = na(ronde, personas["gemeente"]).agenda

    assert [(punt.titel, punt.reden) for punt in agenda] == [
        (f"Planmatig werken: prestatie van {on}", "verschil van 4 punten; score 4: onvoldoende"),
        (f"Betaling en administratie: prestatie van {og}", "verschil van 4 punten; score 4: onvoldoende"),
        (f"Proactiviteit en samenwerking: prestatie van {on}", "verschil van 3 punten"),
        (f"Planning en tijdige besluitvorming: prestatie van {og}", "verschil van 2 punten"),
        (f"Kwaliteit van vraag en bestek: prestatie van {og}", "score 2: onvoldoende"),
        (f"Veiligheid en gezondheid: prestatie van {on}", "score 5: onvoldoende"),
        (
            "Afspraak: Facturen binnen 30 dagen",
            f"open afspraak uit de tussentijdse ronde, uiterlijk {eerder.deadline:%d-%m-%Y}; termijn verstreken",
        ),
        (
            "Afspraak: Revisie bijhouden",
            f"open afspraak uit de tussentijdse ronde, uiterlijk {later.deadline:%d-%m-%Y}",
        ),
    ]


def test_afspraken_of_this_round_and_those_to_recheck(personas, plan, ronde):
    eerdere = onthulde_ronde(plan=plan, volgnummer=1)
    open_eerder = Afspraak.objects.create(
        ronde=eerdere, omschrijving="Open", eigenaar_organisatie=plan.opdrachtnemer, deadline=VANDAAG()
    )
    hier_gecontroleerd = Afspraak.objects.create(
        ronde=eerdere,
        omschrijving="Gecontroleerd",
        eigenaar_organisatie=plan.opdrachtnemer,
        deadline=VANDAAG(),
        status="nagekomen",
        gecontroleerd_in=ronde,
    )
    Afspraak.objects.create(  # closed before this round: nothing to re-check
        ronde=eerdere,
        omschrijving="Oud",
        eigenaar_organisatie=plan.opdrachtnemer,
        deadline=VANDAAG(),
        status="vervallen",
    )
    hier = Afspraak.objects.create(
        ronde=ronde,
        omschrijving="Nieuw",
        eigenaar_organisatie=plan.project.gemeente,
        deadline=VANDAAG() + 9 * DAG,
        criterium_code="betaling-administratie",
    )
    later = onthulde_ronde(plan=plan, volgnummer=3)
    Afspraak.objects.create(
        ronde=later, omschrijving="Later", eigenaar_organisatie=plan.opdrachtnemer, deadline=VANDAAG()
    )
    Afspraak.objects.create(
        ronde=onthulde_ronde(), omschrijving="Ander plan", eigenaar_organisatie=plan.opdrachtnemer, deadline=VANDAAG()
    )

    overzicht = na(ronde, personas["on_eigen"])

    assert overzicht.afspraken == (hier,)
    assert overzicht.afspraken[0].criterium_naam == "Betaling en administratie"
    assert set(overzicht.te_controleren) == {open_eerder, hier_gecontroleerd}


def test_a_draft_left_at_the_reveal_is_no_perspective(personas, plan):
    ronde = open_ronde(plan=plan)
    for item in ronde.beoordelingen.exclude(richting=OG_ON):
        vul_in(item)
    vul_in(beoordeling(ronde, OG_ON), (2,), indienen=False)
    ronde.status, ronde.onthuld_op, ronde.reactie_tot = "onthuld", timezone.now(), VANDAAG() + 14 * DAG
    ronde.save()
    for rol in ("gemeente", "on_eigen"):  # not even for the rater's own organisation
        contractor, _gemeente = na(ronde, personas[rol]).kanten
        assert contractor.ander is None
        assert all(regel.ander is None for regel in contractor.regels)
    assert not na(ronde, personas["gemeente"]).voorstellen


def test_the_replies_stand_beside_the_ratings(personas, ronde):
    reactie = reageer(ronde, OG_ON, personas["on_eigen"], eens=False)
    contractor, gemeente = na(ronde, personas["gemeente"]).kanten
    assert contractor.reactie == reactie and gemeente.reactie is None


def test_what_each_person_may_do(personas, ronde):
    gemeente, on_eigen, beheerder = personas["gemeente"], personas["on_eigen"], personas["beheerder"]
    acties = na(ronde, on_eigen).acties
    assert acties.bespreking and acties.afspraak_maken and acties.reactietermijn_verlengen
    assert acties.reageren == {beoordeling(ronde, OG_ON).pk}
    assert not acties.definitief and not acties.bezwaar and not acties.addendum
    assert na(ronde, gemeente).acties.reageren == {beoordeling(ronde, ON_OG).pk}
    assert na(ronde, beheerder).acties.reageren == {beoordeling(ronde, ON_OG).pk}  # works for the gemeente too

    bespreek(ronde, gemeente)
    reageer(ronde, OG_ON, on_eigen)
    reageer(ronde, ON_OG, gemeente)
    ronde = Beoordelingsronde.objects.get(pk=ronde.pk)
    assert na(ronde, gemeente).acties.definitief and not na(ronde, on_eigen).acties.definitief

    maak_definitief(ronde, gemeente)
    acties = na(ronde, on_eigen).acties
    assert acties.bezwaar == {beoordeling(ronde, OG_ON).pk} and not acties.reageren and not acties.bespreking
    assert acties.addendum and acties.afspraak_volgen and not acties.afspraak_maken
    Bezwaar.objects.create(beoordeling=beoordeling(ronde, OG_ON), organisatie=on_eigen.organisatie, gronden="x")
    assert not na(ronde, on_eigen).acties.bezwaar  # one running bezwaar


def test_a_panel_member_reads_but_acts_on_nothing(personas, ronde):
    maak_definitief(ronde, personas["gemeente"])
    lid = UserFactory()
    Bezwaar.objects.create(
        beoordeling=beoordeling(ronde, OG_ON),
        organisatie=personas["on_eigen"].organisatie,
        gronden="x",
        status="panel",
        panel_kring=lid,
        panel_gemeente=UserFactory(),
    )
    overzicht = na(ronde, lid)
    assert overzicht.kanten[0].ander is not None  # the rating the panel judges
    assert overzicht.acties == type(overzicht.acties)()


def test_a_fixed_number_of_queries(personas, plan, ronde):
    def tel():
        with CaptureQueriesContext(connection) as ctx:
            overzicht = na(ronde, personas["gemeente"])
            [regel.verschil for kant in overzicht.kanten for regel in kant.regels]
            [(a.eigenaar_organisatie.naam, a.ronde.volgnummer) for a in overzicht.afspraken + overzicht.te_controleren]
            [(a.door, a.beoordeling) for a in overzicht.addenda]
            [(b.organisatie.naam, b.beoordeling.richting) for b in overzicht.bezwaren]
            [p.organisatie.naam for p in overzicht.bespreking.aanwezigen.all()]
        return len(ctx.captured_queries)

    eerdere = onthulde_ronde(plan=plan, volgnummer=1)
    bespreek(ronde, personas["gemeente"]).aanwezigen.add(personas["gemeente"])

    def groei(n):
        for _ in range(n):
            Afspraak.objects.create(
                ronde=eerdere,
                omschrijving="x",
                eigenaar_organisatie=plan.opdrachtnemer,
                deadline=VANDAAG(),
                eigenaar=personas["on_eigen"],
            )
            Afspraak.objects.create(
                ronde=ronde, omschrijving="y", eigenaar_organisatie=plan.project.gemeente, deadline=VANDAAG()
            )
            Addendum.objects.create(
                ronde=ronde, beoordeling=beoordeling(ronde, OG_ON), tekst="z", door=personas["beheerder"]
            )
            bespreking = ronde.bespreking
            bespreking.aanwezigen.add(UserFactory(organisatie=plan.opdrachtnemer))
        Bezwaar.objects.create(
            beoordeling=beoordeling(ronde, ON_OG), organisatie=plan.project.gemeente, gronden="x", status="besloten"
        )

    groei(2)
    klein = tel()
    groei(20)
    assert tel() == klein
