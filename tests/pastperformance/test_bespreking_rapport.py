"""The round report (PDF): every section of the round after the reveal, through the blindness rule for the requester;
a round that is not revealed (or not the requester's) cannot be requested."""

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from kring.models import Rapport
from kring.pdf import render_to_pdf
from kring.rapportsoorten import rapportsoort
from kring.services.rapporten import rapport_request
from pastperformance.models import Addendum, Beoordelingsronde
from tests.factories import AfspraakFactory, BezwaarFactory, onthulde_ronde, open_ronde, vul_in
from tests.pastperformance.hulp_bespreking import (
    DAG,
    OG_ON,
    beoordeling,
    bespreek,
    maak_definitief,
    plan_voor,
    reageer,
)

pytestmark = pytest.mark.django_db
SOORT = Rapport.Soort.PP_RONDE


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def plan(personas):
    return plan_voor(personas)


def rapport_html(ronde, user) -> str:
    soortdef = rapportsoort(SOORT)
    obj = soortdef.object_voor(user=user, parameters={"ronde": ronde.pk})
    html, pdf = render_to_pdf(soortdef.template, soortdef.inhoud(obj, user=user))
    assert pdf.startswith(b"%PDF-")
    return html


def test_the_round_report_holds_every_section(personas, plan):
    ronde = onthulde_ronde({OG_ON: (4, 8)}, plan=plan)
    AfspraakFactory(ronde=ronde, omschrijving="Planning elke twee weken samen doornemen")
    bespreking = bespreek(ronde, personas["gemeente"])
    bespreking.aanwezigen.add(personas["on_eigen"])
    reageer(ronde, OG_ON, personas["on_eigen"], eens=False)
    maak_definitief(ronde, personas["gemeente"])
    Addendum.objects.create(ronde=ronde, tekst="Projectnummer gecorrigeerd.", door=personas["beheerder"])
    BezwaarFactory(beoordeling=beoordeling(ronde, OG_ON))

    html = rapport_html(ronde, personas["on_eigen"])

    on, og = plan.opdrachtnemer.naam, plan.project.gemeente.naam
    assert f"<h1>Rondeverslag: {plan.project.naam}</h1>" in html
    assert f"Prestatie van {on} als opdrachtnemer" in html and f"Prestatie van {og} als opdrachtgever" in html
    assert "<strong>4</strong> – Onvoldoende: duidelijk onder verwachting" in html and ">-3</td>" in html
    assert "<h2>Agenda van de bespreking</h2>" in html and "verschil van 3 punten; score 4: onvoldoende" in html
    assert "<h2>Bespreking</h2>" in html and "Samen doorgenomen." in html
    assert f"{personas['on_eigen'].naam} ({on})" in html
    assert "<h2>Afspraken</h2>" in html and "Planning elke twee weken samen doornemen" in html
    assert f"Reactie van {on}:</strong>\n      oneens met de beoordeling" in html and "Herkenbaar." in html
    assert "<h2>Addenda</h2>" in html and "Projectnummer gecorrigeerd." in html
    assert "<h2>Bezwaren</h2>" in html
    assert "nog niet definitief" not in html.lower()


def test_the_report_shows_no_draft_left_at_the_reveal(personas, plan):
    ronde = open_ronde(plan=plan)
    for item in ronde.beoordelingen.exclude(richting=OG_ON):
        vul_in(item)
    vul_in(beoordeling(ronde, OG_ON), (2,), motivering="Concept dat nooit is ingediend.", indienen=False)
    ronde.status, ronde.onthuld_op, ronde.reactie_tot = "onthuld", timezone.now(), timezone.localdate() + 14 * DAG
    ronde.save()
    for rol in ("on_eigen", "gemeente"):
        html = rapport_html(ronde, personas[rol])
        assert "Concept dat nooit is ingediend." not in html
        assert "niet vóór de onthulling ingediend" in html
        assert "Nog niet definitief:" in html


def test_a_round_before_the_reveal_or_of_others_cannot_be_requested(personas, plan):
    for ronde, wie in [
        (open_ronde(plan=plan), "gemeente"),
        (onthulde_ronde(plan=plan), "on_ander"),
    ]:
        with pytest.raises(ValidationError) as fout:
            rapport_request(soort=SOORT, parameters={"ronde": ronde.pk}, door=personas[wie])
        assert fout.value.messages == [
            "Deze ronde bestaat niet (meer), is nog niet onthuld, of u mag haar niet inzien."
        ]
    assert not Rapport.objects.exists()


def test_requesting_and_rendering_the_round_report(personas, plan, media, django_capture_on_commit_callbacks):
    ronde = onthulde_ronde(plan=plan)
    with django_capture_on_commit_callbacks(execute=True):
        rapport = rapport_request(soort=SOORT, parameters={"ronde": ronde.pk}, door=personas["gemeente"])
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.KLAAR, rapport.fout
    assert (
        rapport.titel
        == f"Rondeverslag tussentijdse ronde {ronde.volgnummer}: {plan.project.naam}, {plan.opdrachtnemer.naam}"
    )
    assert Beoordelingsronde.objects.get(pk=ronde.pk).status == "onthuld"
