"""The registry of retention rules (AVG art. 5(1)(e), storage limitation): per kind of personal data how long it is
kept, which setting holds the term, and what happens once it has passed.

One service applies every rule (kring/services/bewaartermijnen.py), nightly by the beat task
`kring.tasks.bewaartermijnen_toepassen` and by hand with `manage.py bewaartermijnen [--droog] [--datum JJJJ-MM-DD]`;
the privacy page lists the rules from here, so what the page says is what the job does. Every term is a setting read
from the environment (kring/settings.py, README). A rule's `functie` is a dotted path, resolved only when it runs, so
reading the registry (the privacy page) imports no services.

Kinds with personal data that are deliberately kept as long as their subject exists (accounts, memberships,
signatures, meeting minutes, the kennisbank, removal requests as proof of how a request was handled) have no rule:
they go with the account (kring/services/privacy.py)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

ENKELVOUD = {"dagen": "dag", "maanden": "maand", "jaren": "jaar", "uur": "uur"}


@dataclass(frozen=True)
class Bewaarregel:
    """One kind of data: `instelling` names the setting with the term in `eenheid`, `vanaf` says from when it counts,
    `gevolg` what happens after it, `reden` why this term. The texts are Dutch: the privacy page shows them."""

    sleutel: str
    titel: str
    instelling: str
    eenheid: str
    vanaf: str
    gevolg: str
    reden: str
    functie: str
    # The environment variable that sets the term, when it differs from the setting (which then holds it in units
    # of `eenheid` divided by `schaal`, e.g. seconds for hours).
    omgeving: str = ""
    schaal: int = 1

    @property
    def omgevingsvariabele(self) -> str:
        return self.omgeving or self.instelling

    @property
    def termijn(self) -> int:
        return getattr(settings, self.instelling) // self.schaal

    @property
    def termijn_tekst(self) -> str:
        return f"{self.termijn} {ENKELVOUD[self.eenheid] if self.termijn == 1 else self.eenheid}"

    def toepassen(self, *, vandaag, droog: bool) -> int:
        """Apply the rule as of `vandaag`; returns how many rows it changes (with `droog`: would change)."""
        return import_string(self.functie)(vandaag=vandaag, droog=droog)


# In the order they run: the audit log last, because the rule for refused applications reads the refusal from it.
REGELS = (
    Bewaarregel(
        sleutel="sroi_kandidaten",
        titel="Kandidaatgegevens social return",
        instelling="SROI_BEWAARTERMIJN_MAANDEN",
        eenheid="maanden",
        vanaf="na het einde van de looptijd van de SROI-verplichting",
        gevolg="De code van de kandidaat, de bewijsstukken en de vrije tekst bij de inzet worden verwijderd; "
        "waarden en doelgroepen blijven, zodat de totalen van de kring kloppen.",
        # Two years: long enough for the gemeente's final check of the SR-som after the contract ends, and no longer,
        # because codes and evidence can lead back to a job seeker.
        reden="Zo lang kan de gemeente de verantwoording na afloop van het contract nog controleren.",
        functie="sroi.services.retentie.kandidaten_anonimiseren",
    ),
    Bewaarregel(
        sleutel="beoordelingen",
        titel="Beoordelingen (past performance)",
        instelling="PP_BEWAARTERMIJN_JAREN",
        eenheid="jaren",
        vanaf="na de oplevering van het project",
        gevolg="Wie een beoordeling indiende, erop reageerde, bezwaar maakte, in het panel zat of bij de bespreking "
        "was, wordt losgekoppeld, en toelichtingen, motiveringen, reacties en verslagen worden gewist. De cijfers "
        "en de samenvattingen per organisatie blijven.",
        # Five years after the project: the term the research on shared past-performance systems found in practice
        # ("bijvoorbeeld 5 jaar"), beyond the 3-year window of the profiles; the cijfers stay so profiles stay true.
        reden="Na vijf jaar telt een beoordeling niet meer mee in een profiel; wie wat schreef is dan niet meer nodig.",
        functie="pastperformance.services.bewaartermijn.beoordelingen_anonimiseren",
    ),
    Bewaarregel(
        sleutel="rapporten",
        titel="Rapporten (PDF)",
        instelling="RAPPORTEN_BEWAARTERMIJN_MAANDEN",
        eenheid="maanden",
        vanaf="na de aanvraag",
        gevolg="Het rapport en zijn PDF worden verwijderd; u kunt het opnieuw aanvragen.",
        # A report is a copy made from data that stays in the portal; a year covers the quarter and year cycles it
        # is requested for, after which a fresh one is more correct than an old copy.
        reden="Een rapport is een kopie van gegevens die in het portaal blijven en kan altijd opnieuw worden gemaakt.",
        functie="kring.services.bewaartermijnen.rapporten_opschonen",
    ),
    Bewaarregel(
        sleutel="herinneringen",
        titel="Verstuurde herinneringen",
        instelling="HERINNERINGEN_BEWAARTERMIJN_MAANDEN",
        eenheid="maanden",
        vanaf="na het versturen",
        gevolg="De vastlegging wordt verwijderd, behalve de laatste per herinnering zolang het onderwerp bestaat: "
        "die voorkomt dat u dezelfde herinnering twee keer krijgt.",
        # A row only proves a mail went out, so a retried job does not send it twice. Some kinds are sent once per
        # object for as long as its state lasts (a revealed round, an open SROI warning): their newest row stays
        # while the object exists, or the person would be reminded again.
        reden="Alleen nodig om u niet twee keer hetzelfde te sturen.",
        functie="kring.services.bewaartermijnen.herinneringen_opschonen",
    ),
    Bewaarregel(
        sleutel="uitnodigingen",
        titel="Verstuurde uitnodigingen voor bijeenkomsten",
        instelling="HERINNERINGEN_BEWAARTERMIJN_MAANDEN",
        eenheid="maanden",
        vanaf="na de bijeenkomst",
        gevolg="De vastlegging van de uitnodiging wordt verwijderd; de aanwezigheid in het verslag blijft.",
        # Kept so each version of an invitation and a cancellation go out once; a past meeting is not moved again.
        reden="Alleen nodig om een uitnodiging of afzegging één keer te sturen.",
        functie="kring.services.bewaartermijnen.uitnodigingen_opschonen",
    ),
    Bewaarregel(
        sleutel="sessies",
        titel="Sessies",
        instelling="SESSION_ABSOLUTE_SECONDS",
        omgeving="SESSION_MAX_HOURS",
        schaal=3600,
        eenheid="uur",
        vanaf="na het inloggen (eerder bij uitloggen of als u een tijd niets doet)",
        gevolg="De verlopen sessie en het IP-adres en de browser die erbij hoorden worden verwijderd; het "
        "auditlog houdt het inloggen vast.",
        # Sessions end by themselves; the rows (and allauth's copy with IP address and browser) do not.
        reden="Een verlopen sessie heeft geen functie meer.",
        functie="kring.services.bewaartermijnen.sessies_opschonen",
    ),
    Bewaarregel(
        sleutel="registraties",
        titel="Afgewezen en onbevestigde aanmeldingen",
        instelling="REGISTRATIES_BEWAARTERMIJN_MAANDEN",
        eenheid="maanden",
        vanaf="na de afwijzing, of na de aanmelding als het e-mailadres nooit is bevestigd",
        gevolg="Het account van de aanvrager wordt verwijderd; het auditlog houdt de beslissing vast.",
        # Half a year: time to ask about or object to a refusal, and to recognise a repeated application. An account
        # that was never approved did nothing in the kring that must be accounted for.
        reden="Zo lang kan de aanvrager vragen stellen over de afwijzing.",
        functie="kring.services.bewaartermijnen.registraties_opschonen",
    ),
    Bewaarregel(
        sleutel="interesse",
        titel="Gevolgde projecten",
        instelling="INTERESSE_BEWAARTERMIJN_MAANDEN",
        eenheid="maanden",
        vanaf="nadat het project is afgerond",
        gevolg="Dat u het project volgde, wordt verwijderd.",
        # Following a project only serves the notices of its changes; a finished project changes no more.
        reden="Een afgerond project verandert niet meer, dus u krijgt er geen berichten meer over.",
        functie="kring.services.bewaartermijnen.interesse_opschonen",
    ),
    Bewaarregel(
        sleutel="importbestanden",
        titel="Geüploade planningen (bestanden)",
        instelling="IMPORTBESTANDEN_BEWAARTERMIJN_DAGEN",
        eenheid="dagen",
        vanaf="na het uploaden, zodra de import is verwerkt, afgekeurd of vervallen",
        gevolg="Het bestand wordt verwijderd; wie wanneer welke planning inlas en de uitkomst blijven.",
        # The file is read only for the preview; afterwards the projects and their history hold what it said, and
        # free text in a spreadsheet may name people.
        reden="Het bestand is alleen nodig tot de import is verwerkt.",
        functie="kring.services.bewaartermijnen.importbestanden_opschonen",
    ),
    Bewaarregel(
        sleutel="auditlog",
        titel="Auditlog",
        instelling="AUDITLOG_BEWAARTERMIJN_JAREN",
        eenheid="jaren",
        vanaf="na de gebeurtenis",
        gevolg="De gebeurtenis wordt verwijderd (met het IP-adres en de namen of e-mailadressen van toen).",
        # Seven years: the log accounts for decisions with financial weight (SROI validation, ratings and bezwaren,
        # account decisions), and 7 years is the duty to keep the administration those decisions rest on (art. 2:10
        # BW, art. 52 AWR); it outlives the 5-year ratings so a rating can be accounted for over its whole life. A
        # gemeente whose own selectielijst (Selectielijst gemeenten 2020) maps the portal to another term sets that.
        reden="Zo lang moeten beslissingen met financiële gevolgen verantwoord kunnen worden (bewaarplicht van de "
        "administratie, 7 jaar).",
        functie="kring.services.bewaartermijnen.auditlog_opschonen",
    ),
    Bewaarregel(
        sleutel="beheerlogboek",
        titel="Logboek van het beheerscherm",
        instelling="AUDITLOG_BEWAARTERMIJN_JAREN",
        eenheid="jaren",
        vanaf="na de wijziging",
        gevolg="De regel wordt verwijderd.",
        # The same record of who changed what as the audit log, for changes made in the admin: the same term.
        reden="Hetzelfde als het auditlog, voor wijzigingen in het beheerscherm.",
        functie="kring.services.bewaartermijnen.beheerlogboek_opschonen",
    ),
)

REGEL = {regel.sleutel: regel for regel in REGELS}
