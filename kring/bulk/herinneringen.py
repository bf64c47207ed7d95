"""Reminders already sent (kring.Herinnering rows), of the kinds the bulk data gives cause for: a round opened, a
rating not yet submitted, an SROI report due, a line rejected, a kennisitem to review. All due before today, so
today's sweep still has its own work."""

from django.contrib.contenttypes.models import ContentType

from kring.bulk.basis import DAG, Omgeving, gewogen
from kring.bulk.organisaties import Organisaties
from kring.bulk.sroi import Sroi
from kring.herinneringen import maandag
from kring.models import Herinnering
from pastperformance.models import Beoordelingsronde
from pastperformance.selectors.herinneringen import NIET_INGEDIEND, RONDE_GEOPEND
from pastperformance.services.rondes import plus_maanden
from sroi.models import Inzetregel, Verplichting
from sroi.selectors.herinneringen import AFGEWEZEN, RAPPORTAGE
from werkgroepen.models import Kennisitem

KENNISITEM_HERZIEN = "kennisitem_herzien"
GEWICHT = {RONDE_GEOPEND: 35, NIET_INGEDIEND: 25, RAPPORTAGE: 25, AFGEWEZEN: 5, KENNISITEM_HERZIEN: 10}


def maak_herinneringen(
    omg: Omgeving, organisaties: Organisaties, geopend: list[tuple], sroi: Sroi, kennisitems: list[Kennisitem]
) -> None:
    rng = omg.rng
    gisteren = omg.vandaag - DAG
    verplichtingen = [
        v for v in sroi.verplichtingen if plus_maanden(v.looptijd_start, v.rapportage_maanden) <= gisteren
    ]
    te_herzien = [item for item in kennisitems if item.herzien_voor <= gisteren]
    soorten = {
        RONDE_GEOPEND: (ContentType.objects.get_for_model(Beoordelingsronde), geopend),
        NIET_INGEDIEND: (ContentType.objects.get_for_model(Beoordelingsronde), geopend),
        RAPPORTAGE: (ContentType.objects.get_for_model(Verplichting), verplichtingen),
        AFGEWEZEN: (ContentType.objects.get_for_model(Inzetregel), sroi.afgewezen),
        KENNISITEM_HERZIEN: (ContentType.objects.get_for_model(Kennisitem), te_herzien),
    }
    gewicht = {soort: GEWICHT[soort] for soort, (_t, bron) in soorten.items() if bron}

    def aanleiding(soort: str):
        """(object id, recipient id, due date) of one reminder of `soort`, or None when it would fall on or after
        today."""
        bron = soorten[soort][1]
        if soort in (RONDE_GEOPEND, NIET_INGEDIEND):
            ronde, opent, og, on = rng.choice(bron)
            dag = opent if soort == RONDE_GEOPEND else opent + rng.randint(7, 13) * DAG
            return ronde, rng.choice([og, on]), dag
        if soort == RAPPORTAGE:
            verplichting = rng.choice(bron)
            mensen = organisaties.mensen.get(verplichting.opdrachtnemer_id)
            if not mensen:
                return None
            dag = plus_maanden(verplichting.looptijd_start, rng.randint(1, 12) * verplichting.rapportage_maanden)
            return (verplichting.pk, rng.choice(mensen).pk, dag) if dag <= verplichting.looptijd_eind else None
        if soort == AFGEWEZEN:
            regel, invoerder, dag = rng.choice(bron)
            return (regel, invoerder, dag) if invoerder else None
        item = rng.choice(bron)
        return item.pk, item.auteur_id, maandag(omg.dag_tussen(item.herzien_voor, gisteren))

    doel = omg.aantal("herinneringen")
    gezien, rijen = set(), []
    pogingen = 0
    while gewicht and len(rijen) < doel and pogingen < 30 * doel:
        pogingen += 1
        soort = gewogen(rng, gewicht)
        gevonden = aanleiding(soort)
        if gevonden is None or gevonden[2] > gisteren:
            continue
        object_id, ontvanger, dag = gevonden
        sleutel = (soort, object_id, ontvanger, dag)
        if sleutel in gezien:
            continue
        gezien.add(sleutel)
        rijen.append(
            Herinnering(
                soort=soort,
                object_type=soorten[soort][0],
                object_id=object_id,
                ontvanger_id=ontvanger,
                vervaldatum=dag,
                verstuurd_op=omg.moment(dag, 7, rng.randint(0, 59)),
                in_overzicht=rng.random() < 0.15,
            )
        )
    omg.opslaan(Herinnering, rijen)
