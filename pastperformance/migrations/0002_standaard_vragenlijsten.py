"""The first version of the four questionnaires, so a fresh installation can rate at once. Beheerders make new versions
in the portal; this migration never changes them afterwards."""

from django.db import migrations
from django.utils import timezone

# OG -> ON: the six CROW aspects for works. The contractor's self-rating uses the same criteria.
OVER_OPDRACHTNEMER = [
    (
        "planmatig-werken",
        "Planmatig werken",
        "Een realistische planning vooraf, tijdig bijgesteld en gedeeld; afspraken over tijd worden nagekomen.",
    ),
    (
        "proactiviteit-samenwerking",
        "Proactiviteit en samenwerking",
        "Denkt mee, meldt risico's en kansen vroeg, zoekt samen naar oplossingen en is goed bereikbaar.",
    ),
    (
        "deskundigheid-kwaliteit",
        "Deskundigheid en kwaliteit",
        "Vakkundige mensen op het werk, werk volgens de eisen, weinig herstelwerk.",
    ),
    (
        "veiligheid",
        "Veiligheid en gezondheid",
        "Veilig werken voor eigen mensen en voor de omgeving; incidenten worden gemeld en besproken.",
    ),
    (
        "omgevingsmanagement",
        "Omgevingsmanagement",
        "Bewoners en bedrijven tijdig geïnformeerd, hinder beperkt, klachten snel opgepakt.",
    ),
    (
        "oplevering-revisie",
        "Oplevering en revisie",
        "Een nette oplevering zonder lange restpuntenlijst; revisiegegevens compleet en op tijd.",
    ),
]

# ON -> OG: the mirror set about the gemeente as client. The gemeente's self-rating uses the same criteria.
OVER_OPDRACHTGEVER = [
    (
        "tijdige-besluitvorming",
        "Planning en tijdige besluitvorming",
        "Besluiten over wijzigingen, meerwerk en keuzes komen op tijd; de gemeente houdt zich aan haar planning.",
    ),
    (
        "proactiviteit-samenwerking",
        "Proactiviteit en samenwerking",
        "Denkt mee, is bereikbaar, deelt informatie vroeg en staat open voor voorstellen van de opdrachtnemer.",
    ),
    (
        "kwaliteit-vraag",
        "Kwaliteit van vraag en bestek",
        "Een duidelijke, volledige vraag; bestek en tekeningen kloppen; deskundige begeleiding op het werk.",
    ),
    (
        "veiligheid",
        "Veiligheid",
        "Neemt de eigen rol in veiligheid serieus: verkeersmaatregelen, vergunningen, risico's in het ontwerp.",
    ),
    (
        "omgevingsmanagement",
        "Omgevingsmanagement",
        "Betrekt de omgeving tijdig, maakt heldere afspraken over communicatie en staat achter de opdrachtnemer.",
    ),
    (
        "betaling-administratie",
        "Betaling en administratie",
        "Facturen worden snel en zonder onnodige administratieve rondes betaald.",
    ),
]

VRAGENLIJSTEN = [
    ("og_on", "Opdrachtgever beoordeelt opdrachtnemer", OVER_OPDRACHTNEMER),
    ("zelf_on", "Zelfbeoordeling opdrachtnemer", OVER_OPDRACHTNEMER),
    ("on_og", "Opdrachtnemer beoordeelt opdrachtgever", OVER_OPDRACHTGEVER),
    ("zelf_og", "Zelfbeoordeling opdrachtgever", OVER_OPDRACHTGEVER),
]


def maak_vragenlijsten(apps, schema_editor):
    Vragenlijst = apps.get_model("pastperformance", "Vragenlijst")
    Criterium = apps.get_model("pastperformance", "Criterium")
    for richting, naam, criteria in VRAGENLIJSTEN:
        if Vragenlijst.objects.filter(richting=richting).exists():
            continue
        vragenlijst = Vragenlijst.objects.create(
            richting=richting,
            versie=1,
            naam=naam,
            label_1="Zeer slecht: ernstige tekortkomingen",
            label_4="Onvoldoende: duidelijk onder verwachting",
            label_7="Goed: volgens verwachting",
            label_10="Uitstekend: ver boven verwachting",
            status="vastgesteld",
            vastgesteld_op=timezone.now(),
        )
        Criterium.objects.bulk_create(
            Criterium(vragenlijst=vragenlijst, code=code, naam=titel, toelichting=uitleg, volgorde=volgorde)
            for volgorde, (code, titel, uitleg) in enumerate(criteria, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("pastperformance", "0001_initial")]

    operations = [migrations.RunPython(maak_vragenlijsten, migrations.RunPython.noop)]
