"""The registry of personal data: per model that holds data about a person, how to find their rows and what to export.

The export for "Mijn gegevens" (AVG art. 15 and 20) reads exactly this registry, one query per source. A test walks every
model with a relation to the user model and fails when it is neither registered here nor excluded with a reason, so a
later model cannot be forgotten."""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from kring.models import User

# Anonymised accounts get an address in a reserved top-level domain (RFC 2606): unique and never deliverable.
ANONIEM_DOMEIN = "kringportaal.invalid"


def is_geanonimiseerd(gebruiker: User) -> bool:
    return gebruiker.email.endswith("@" + ANONIEM_DOMEIN)


@dataclass(frozen=True)
class Bron:
    """One source of personal data. `via` names the lookups (relations to the user, or `pk` for the user itself) that
    select the person's rows; `ook` adds rows found another way (the audit events about the person)."""

    sleutel: str
    titel: str
    model: str
    velden: tuple[str, ...]
    omschrijving: str
    via: tuple[str, ...] = ()
    ook: Callable[[User], Q] | None = None

    def queryset(self, gebruiker: User):
        voorwaarden = [Q(**{relatie: gebruiker.pk}) for relatie in self.via]
        if self.ook is not None:
            voorwaarden.append(self.ook(gebruiker))
        # Related lookups (organisatie__naam) are joined, so each source costs one query however many rows it has.
        return (
            apps.get_model(self.model)
            ._default_manager.filter(reduce(operator.or_, voorwaarden))
            .order_by("pk")
            .values(*self.velden)
        )


def audit_over_persoon(gebruiker: User) -> Q:
    return Q(object_type__app_label="kring", object_type__model="user", object_id=str(gebruiker.pk))


BRONNEN = (
    Bron(
        sleutel="account",
        titel="Uw account",
        model="kring.User",
        via=("pk",),
        velden=(
            "email",
            "naam",
            "organisatie__naam",
            "status",
            "status_reden",
            "is_stuurgroep",
            "is_beheerder",
            "is_tekenbevoegd",
            "aangemaakt_op",
            "last_login",
        ),
        omschrijving="Uw naam, e-mailadres, organisatie, rollen en de status van uw account: om u toegang te geven "
        "en te laten zien wie er in de kring meedoet. Uw wachtwoord staat alleen als onomkeerbare hash opgeslagen en "
        "zit niet in de download.",
    ),
    Bron(
        sleutel="e-mailadressen",
        titel="E-mailadressen",
        model="account.EmailAddress",
        via=("user",),
        velden=("email", "verified", "primary"),
        omschrijving="Uw e-mailadressen en of u ze bevestigd heeft: om in te loggen en u berichten te sturen.",
    ),
    Bron(
        sleutel="gekoppelde_accounts",
        titel="Gekoppelde accounts (single sign-on)",
        model="socialaccount.SocialAccount",
        via=("user",),
        velden=("provider", "uid", "date_joined", "last_login"),
        omschrijving="Het account van uw gemeente waarmee u inlogt (single sign-on), met de kenmerkende code die "
        "uw gemeente meestuurt. Toegangssleutels van de gemeente bewaren en tonen wij niet.",
    ),
    Bron(
        sleutel="tweede_factoren",
        titel="Tweede factoren",
        model="mfa.Authenticator",
        via=("user",),
        velden=("type", "created_at"),
        omschrijving="Welke tweede factor u gebruikt en sinds wanneer. De geheime sleutel en de herstelcodes "
        "staan er niet in: die blijven geheim, ook voor u.",
    ),
    Bron(
        sleutel="sessies",
        titel="Sessies",
        model="usersessions.UserSession",
        via=("user",),
        velden=("ip", "user_agent", "created_at", "last_seen_at"),
        omschrijving="Waar u ingelogd bent: IP-adres, browser en laatste activiteit, zodat u een onbekende sessie "
        "kunt herkennen en beëindigen.",
    ),
    Bron(
        sleutel="ondertekeningen",
        titel="Ondertekeningen van de intentieovereenkomst",
        model="kring.Ondertekening",
        via=("ondertekenaar",),
        velden=(
            "overeenkomst__titel",
            "overeenkomst__versie",
            "organisatie__naam",
            "naam_ondertekenaar",
            "functie",
            "ondertekend_op",
        ),
        omschrijving="De intentieovereenkomsten die u namens uw organisatie ondertekende, met de naam en functie "
        "zoals die onder de overeenkomst staan.",
    ),
    Bron(
        sleutel="rapporten",
        titel="Aangevraagde rapporten",
        model="kring.Rapport",
        via=("aangevraagd_door",),
        velden=("soort", "titel", "parameters", "status", "fout", "aangevraagd_op", "gestart_op", "klaar_op"),
        omschrijving="De rapporten (PDF) die u aanvroeg, zodat u ze kunt terugvinden.",
    ),
    Bron(
        sleutel="herinneringen",
        titel="Verstuurde herinneringen",
        model="kring.Herinnering",
        via=("ontvanger",),
        velden=("soort", "object_type__model", "object_id", "vervaldatum", "verstuurd_op", "in_overzicht"),
        omschrijving="De herinneringen die wij u stuurden, zodat u er geen twee keer een krijgt.",
    ),
    Bron(
        sleutel="herinneringsvoorkeuren",
        titel="Herinneringsvoorkeuren",
        model="kring.HerinneringVoorkeur",
        via=("gebruiker",),
        velden=("soort", "frequentie"),
        omschrijving="Hoe vaak u welke herinnering wilt krijgen.",
    ),
    Bron(
        sleutel="verwijderverzoeken",
        titel="Verwijderverzoeken",
        model="kring.Verwijderverzoek",
        via=("gebruiker",),
        velden=("toelichting", "status", "aangevraagd_op", "afgehandeld_op", "reden_afwijzing"),
        omschrijving="Uw verzoeken om uw gegevens te verwijderen en wat ermee gebeurde.",
    ),
    Bron(
        sleutel="werkgroep_lidmaatschappen",
        titel="Werkgroeplidmaatschappen",
        model="werkgroepen.Lidmaatschap",
        via=("gebruiker",),
        velden=("werkgroep__naam", "rol", "van", "tot"),
        omschrijving="De werkgroepen waarin u zit of zat, met uw rol en de periode.",
    ),
    Bron(
        sleutel="auditlog",
        titel="Auditlog",
        model="kring.AuditEvent",
        via=("actor",),
        ook=audit_over_persoon,
        velden=(
            "tijdstip",
            "actie",
            "actor_omschrijving",
            "object_type__model",
            "object_id",
            "object_omschrijving",
            "voor",
            "na",
            "ip_adres",
        ),
        omschrijving="Het logboek van wat u deed en wat er met uw account gebeurde (inloggen, wijzigingen, "
        "beslissingen), met tijdstip en IP-adres: om misbruik te herkennen en verantwoording af te leggen.",
    ),
    Bron(
        sleutel="beheerlogboek",
        titel="Logboek van het beheerscherm",
        model="admin.LogEntry",
        via=("user",),
        velden=("action_time", "content_type__model", "object_repr", "action_flag", "change_message"),
        omschrijving="Alleen voor beheerders: wat u in het beheerscherm wijzigde.",
    ),
    # -- werkgroepen
    Bron(
        sleutel="werkgroep_aanmeldingen",
        titel="Aanmeldingen voor werkgroepen",
        model="werkgroepen.Aanmelding",
        via=("gebruiker",),
        velden=("werkgroep__naam", "motivatie", "status", "aangevraagd_op", "beoordeeld_op", "reden"),
        omschrijving="Uw aanmeldingen voor werkgroepen, met uw motivatie, het besluit van de trekker en de reden "
        "daarvan: zodat de trekker kan beoordelen en u weet waar u aan toe bent.",
    ),
    # -- uitvoeringsagenda
    Bron(
        sleutel="activiteiten_initiatiefnemer",
        titel="Activiteiten waarvan u initiatiefnemer bent",
        model="werkgroepen.Activiteit",
        via=("initiatiefnemer",),
        velden=("titel", "werkgroep__naam", "status", "startdatum", "deadline", "budget", "aangemaakt_op"),
        omschrijving="De activiteiten van de uitvoeringsagenda waarbij u als initiatiefnemer staat: alle leden zien "
        "wie een activiteit trekt, en u krijgt een herinnering als de deadline voorbij is.",
    ),
    Bron(
        sleutel="activiteiten_team",
        titel="Activiteiten waarin u in het team zit",
        model="werkgroepen.Activiteit",
        via=("team",),
        velden=("titel", "werkgroep__naam", "status", "startdatum", "deadline"),
        omschrijving="De activiteiten van de uitvoeringsagenda waaraan u meewerkt: alle leden zien wie in het team "
        "zit, en het team kan de activiteit bijwerken.",
    ),
    Bron(
        sleutel="voortgangsnotities",
        titel="Voortgangsnotities",
        model="werkgroepen.Voortgangsnotitie",
        via=("auteur",),
        velden=("activiteit__titel", "datum", "tekst", "aangemaakt_op"),
        omschrijving="De voortgangsnotities die u bij activiteiten schreef, met uw naam erbij voor de leden.",
    ),
    # -- bijeenkomsten
    Bron(
        sleutel="bijeenkomsten_deelname",
        titel="Uitnodigingen en aanwezigheid bij bijeenkomsten",
        model="werkgroepen.Aanwezigheid",
        via=("gebruiker",),
        velden=("bijeenkomst__titel", "bijeenkomst__begin", "bijeenkomst__werkgroep__naam", "status"),
        omschrijving="De bijeenkomsten waarvoor u bent uitgenodigd of waarvoor u zich aanmeldde, en of u er was: "
        "om u uit te nodigen en te herinneren, en voor het verslag.",
    ),
    Bron(
        sleutel="actiepunten",
        titel="Actiepunten",
        model="werkgroepen.Actiepunt",
        via=("eigenaar",),
        velden=("bijeenkomst__titel", "bijeenkomst__begin", "omschrijving", "deadline", "gedaan_op"),
        omschrijving="De actiepunten uit bijeenkomsten waarvan u eigenaar bent: ze staan met uw naam in het verslag, "
        "en u krijgt een herinnering als de deadline voorbij is.",
    ),
    Bron(
        sleutel="bijeenkomsten_georganiseerd",
        titel="Bijeenkomsten die u plande",
        model="werkgroepen.Bijeenkomst",
        via=("aangemaakt_door",),
        velden=("titel", "werkgroep__naam", "begin", "einde", "locatie", "status"),
        omschrijving="De bijeenkomsten die u plande: als organisator staat u erbij, en u mag ze wijzigen.",
    ),
    # -- signalen en agenda-feed
    Bron(
        sleutel="bijeenkomsten_uitnodigingen",
        titel="Verstuurde uitnodigingen voor bijeenkomsten",
        model="werkgroepen.Uitnodiging",
        via=("gebruiker",),
        velden=("bijeenkomst__titel", "bijeenkomst__begin", "methode", "volgnummer", "verstuurd_op"),
        omschrijving="Welke uitnodigingen en afzeggingen van bijeenkomsten u per e-mail kreeg (met agendabestand) en "
        "wanneer: zo krijgt u elke versie van een uitnodiging één keer, en een afzegging alleen als u was uitgenodigd.",
    ),
    Bron(
        sleutel="klaagpaal_en_hulpvragen",
        titel="Klaagpaal en hulpvragen",
        model="werkgroepen.Signaal",
        via=("indiener",),
        velden=("soort", "titel", "omschrijving", "werkgroep__naam", "status", "antwoord", "ingediend_op"),
        omschrijving="De klaagpaalitems en hulpvragen die u met uw naam indiende, met hun status en antwoord. Wat u "
        "anoniem indiende staat hier niet in: daarvan is nergens opgeslagen dat het van u komt.",
    ),
    Bron(
        sleutel="agendafeed",
        titel="Agenda-adres",
        model="werkgroepen.Agendafeed",
        via=("gebruiker",),
        velden=("aangemaakt_op",),
        omschrijving="Of u een persoonlijk agenda-adres heeft en sinds wanneer. Het geheime adres zelf staat niet in "
        "de download: met het bestand zou anders ook uw agenda in andere handen kunnen komen. U ziet het op de "
        "pagina Mijn bijeenkomsten in uw agenda.",
    ),
    # -- kennisbank
    # -- projecten
    Bron(
        sleutel="projecten_contactpersoon",
        titel="Projecten waarvan u contactpersoon bent",
        model="projecten.Project",
        via=("contactpersoon",),
        velden=("nummer", "naam", "gemeente__naam", "fase", "aanbesteding_kwartaal"),
        omschrijving="De projecten van uw gemeente waarbij u als contactpersoon staat: de leden van de kring zien uw "
        "naam en e-mailadres bij het project, zodat zij weten bij wie zij terechtkunnen.",
    ),
    Bron(
        sleutel="projectwijzigingen",
        titel="Wijzigingen van projecten",
        model="projecten.Projectwijziging",
        via=("door",),
        velden=("project__nummer", "project__naam", "veld", "oude_waarde", "nieuwe_waarde", "reden", "op"),
        omschrijving="De wijzigingen van planning, fase, waardeklasse en gunning die u in projecten vastlegde, met "
        "uw reden: ze staan met uw naam in de geschiedenis van het project, die alle leden lezen.",
    ),
    # -- kalender
    Bron(
        sleutel="gevolgde_projecten",
        titel="Projecten die u volgt",
        model="projecten.Interesse",
        via=("gebruiker",),
        velden=("project__nummer", "project__naam", "project__gemeente__naam", "aangemaakt_op"),
        omschrijving="De projecten op de aanbestedingskalender die u volgt en sinds wanneer: daarom krijgt u bericht "
        "als hun kwartaal, fase of zekerheid verandert. De gemeente van het project ziet hoeveel mensen het volgen, "
        "niet wie.",
    ),
    # -- spreiding
    Bron(
        sleutel="werkvoorraad",
        titel="Gemelde werkvoorraad",
        model="projecten.Werkvoorraad",
        via=("gemeld_door",),
        velden=("organisatie__naam", "kwartaal", "maanden", "gemeld_op"),
        omschrijving="De werkvoorraad (maanden werk per kwartaal) die u namens uw bedrijf meldde, zodat uw collega's "
        "zien wie het laatst meldde. Anderen zien alleen gemiddelden van minstens drie bedrijven.",
    ),
    # -- gebieden
    Bron(
        sleutel="koppelbesluiten",
        titel="Besluiten over koppelkansen",
        model="projecten.Koppelbesluit",
        via=("door",),
        velden=("koppelkans__gebied__naam", "koppelkans__periode_van", "besluit", "reden", "op"),
        omschrijving="De besluiten die u namens uw gemeente nam over koppelkansen (bundelen, bewust niet, heropenen), "
        "met uw reden: ze staan met uw naam in het logboek van de koppelkans, dat alle leden lezen.",
    ),
    # -- import
    Bron(
        sleutel="projectimports",
        titel="Geüploade planningen",
        model="projecten.Projectimport",
        via=("aangemaakt_door",),
        velden=("bestandsnaam", "gemeente__naam", "status", "aantal_rijen", "aangemaakt_op", "verwerkt_op"),
        omschrijving="De planningen (CSV of Excel) die u voor uw gemeente uploadde, met hun uitkomst: uw collega's "
        "zien wie welk bestand inlas. Het bestand zelf bevat projecten, geen persoonsgegevens.",
    ),
    Bron(
        sleutel="kennisitems",
        titel="Kennisitems",
        model="werkgroepen.Kennisitem",
        via=("auteur",),
        velden=(
            "titel",
            "soort",
            "zichtbaarheid",
            "werkgroep__naam",
            "organisatie__naam",
            "gepubliceerd_op",
            "bijgewerkt_op",
            "herzien_voor",
        ),
        omschrijving="De kennisitems die u in de kennisbank deelde: uw naam staat erbij voor de leden, en u krijgt een "
        "herinnering als een item herzien moet worden.",
    ),
    Bron(
        sleutel="kennisbank_bijlagen",
        titel="Bijlagen in de kennisbank",
        model="werkgroepen.Bijlage",
        via=("geupload_door",),
        velden=("naam", "kennisitem__titel", "mime_type", "grootte", "geupload_op"),
        omschrijving="De bestanden die u bij kennisitems uploadde (de bestanden zelf downloadt u bij het item).",
    ),
    Bron(
        sleutel="kennisbank_nuttig",
        titel="Stemmen ‘nuttig’",
        model="werkgroepen.NuttigStem",
        via=("gebruiker",),
        velden=("kennisitem__titel", "gestemd_op"),
        omschrijving="De kennisitems die u nuttig vond, zodat u één keer per item stemt en uw stem kunt intrekken.",
    ),
    # -- pastperformance
    Bron(
        sleutel="pp_beoordelingsplannen",
        titel="Beoordelingsplannen (past performance)",
        model="pastperformance.Beoordelingsplan",
        via=("beoordelaar_og", "beoordelaar_on", "aangemaakt_door"),
        velden=(
            "project__nummer",
            "project__naam",
            "project__gemeente__naam",
            "opdrachtnemer__naam",
            "uitvoering_start",
            "uitvoering_eind",
            "aangemaakt_op",
        ),
        omschrijving="De projecten waarop u namens uw organisatie de samenwerking beoordeelt, of waarvan u het "
        "beoordelingsplan aanmaakte: u krijgt de herinneringen van hun rondes. De andere partij ziet uw organisatie "
        "bij een beoordeling, niet uw naam.",
    ),
    Bron(
        sleutel="pp_beoordelingen",
        titel="Beoordelingen die u indiende",
        model="pastperformance.Beoordeling",
        via=("ingediend_door",),
        velden=(
            "ronde__plan__project__nummer",
            "ronde__plan__project__naam",
            "ronde__soort",
            "ronde__volgnummer",
            "richting",
            "beoordeelde_organisatie__naam",
            "ingediend_op",
        ),
        omschrijving="Welke beoordelingen u namens uw organisatie indiende en wanneer. De cijfers zelf zijn het "
        "oordeel van uw organisatie over een andere organisatie en staan bij de ronde in het portaal.",
    ),
    Bron(
        sleutel="pp_besprekingen",
        titel="Besprekingen waarbij u aanwezig was",
        model="pastperformance.Bespreking",
        via=("aanwezigen",),
        velden=("ronde__plan__project__nummer", "ronde__plan__project__naam", "ronde__volgnummer", "datum"),
        omschrijving="De besprekingen van beoordelingsrondes waarbij u als aanwezige staat: beide partijen zien wie "
        "er was.",
    ),
    Bron(
        sleutel="pp_afspraken",
        titel="Afspraken waarvan u aanspreekpunt bent",
        model="pastperformance.Afspraak",
        via=("eigenaar",),
        velden=(
            "ronde__plan__project__nummer",
            "ronde__plan__project__naam",
            "criterium_code",
            "omschrijving",
            "eigenaar_organisatie__naam",
            "deadline",
            "status",
        ),
        omschrijving="De verbeterafspraken uit besprekingen waarvoor u aanspreekpunt bent: beide partijen zien uw "
        "naam erbij, en u krijgt een herinnering als de afspraak over tijd is.",
    ),
    Bron(
        sleutel="pp_reacties",
        titel="Reacties op beoordelingen",
        model="pastperformance.Reactie",
        via=("door",),
        velden=(
            "beoordeling__ronde__plan__project__nummer",
            "beoordeling__ronde__plan__project__naam",
            "beoordeling__richting",
            "eens",
            "tekst",
            "gesprek_gewenst",
            "op",
        ),
        omschrijving="De reacties die u namens uw organisatie gaf op een beoordeling; ze staan naast die beoordeling.",
    ),
    Bron(
        sleutel="pp_bezwaren",
        titel="Bezwaren die u indiende",
        model="pastperformance.Bezwaar",
        via=("ingediend_door",),
        velden=(
            "beoordeling__ronde__plan__project__nummer",
            "beoordeling__ronde__plan__project__naam",
            "beoordeling__richting",
            "organisatie__naam",
            "gronden",
            "status",
            "besluit",
            "ingediend_op",
            "besloten_op",
        ),
        omschrijving="De bezwaren tegen een beoordeling die u namens uw organisatie indiende, met het besluit van het "
        "panel.",
    ),
    Bron(
        sleutel="pp_bezwaarpanels",
        titel="Bezwaarpanels waarin u zat",
        model="pastperformance.Bezwaar",
        via=("panel_gemeente", "panel_kring"),
        velden=(
            "beoordeling__ronde__plan__project__nummer",
            "beoordeling__ronde__plan__project__naam",
            "status",
            "besluit",
            "ingediend_op",
            "besloten_op",
        ),
        omschrijving="De bezwaren waarover u als panellid besliste of beslist: de partijen zien wie in het panel zit.",
    ),
    Bron(
        sleutel="pp_addenda",
        titel="Addenda bij beoordelingsrondes",
        model="pastperformance.Addendum",
        via=("door",),
        velden=("ronde__plan__project__nummer", "ronde__plan__project__naam", "ronde__volgnummer", "tekst", "op"),
        omschrijving="De aanvullingen die u schreef bij een definitieve ronde of als besluit van een bezwaarpanel.",
    ),
    Bron(
        sleutel="pp_kpi_metingen",
        titel="Ingevoerde KPI-metingen",
        model="pastperformance.KpiMeting",
        via=("ingevoerd_door",),
        velden=(
            "plan__project__nummer",
            "plan__project__naam",
            "soort",
            "dagen",
            "peildatum",
            "omschrijving",
            "ingevoerd_op",
        ),
        omschrijving="De harde cijfers (betaaltermijn, besluittermijn, vertraging) die u bij een project invoerde.",
    ),
    Bron(
        sleutel="pp_beoordelaarverdeling",
        titel="Uw cijferverdeling als beoordelaar",
        model="pastperformance.Beoordelaarverdeling",
        via=("beoordelaar",),
        velden=("richting", "waarde", "aantal"),
        omschrijving="Hoe vaak u welk cijfer gaf in definitieve beoordelingen, per richting. Alleen beheerders zien "
        "dit, naast de verdeling van de hele kring, om beoordelaars te helpen even streng te oordelen (kalibratie).",
    ),
    # -- sroi
    Bron(
        sleutel="sroi_coordinator",
        titel="SROI-verplichtingen waarvan u coördinator bent",
        model="sroi.Verplichting",
        via=("coordinator",),
        velden=(
            "project__nummer",
            "project__naam",
            "opdrachtnemer__naam",
            "looptijd_start",
            "looptijd_eind",
            "aangemaakt_op",
        ),
        omschrijving="De social-returnverplichtingen waarvoor u namens de gemeente SROI-coördinator bent: de "
        "opdrachtnemer ziet uw naam als contactpersoon, u beoordeelt de inzet en krijgt de herinneringen.",
    ),
    Bron(
        sleutel="sroi_inzet",
        titel="SROI-inzet die u invoerde of beoordeelde",
        model="sroi.Inzetregel",
        via=("ingevoerd_door", "beoordeeld_door"),
        velden=(
            "verplichting__project__nummer",
            "verplichting__project__naam",
            "bouwblok__naam",
            "start",
            "eind",
            "status",
            "ingevoerd_op",
            "beoordeeld_op",
        ),
        omschrijving="De inzetregels die u namens uw organisatie invoerde of als coördinator valideerde of afwees. "
        "Kandidaten staan er niet in: die kent het portaal alleen onder een code.",
    ),
    Bron(
        sleutel="sroi_bewijs",
        titel="Bewijsstukken die u uploadde (SROI)",
        model="sroi.Bewijsstuk",
        via=("geupload_door",),
        velden=(
            "inzetregel__verplichting__project__nummer",
            "inzetregel__verplichting__project__naam",
            "inhoudstype",
            "grootte",
            "geupload_op",
        ),
        omschrijving="Wanneer u welk bewijs bij een inzetregel uploadde; de gemeente van het project ziet de bestanden. "
        "De oorspronkelijke bestandsnaam staat er niet in: die kan over een kandidaat gaan.",
    ),
    Bron(
        sleutel="sroi_poolinteresse",
        titel="Interesse in de kandidatenpool",
        model="sroi.Poolinteresse",
        via=("door",),
        velden=("aanbod__categorie", "organisatie__naam", "bericht", "op"),
        omschrijving="De kandidaten uit de pool waarvoor u namens uw organisatie interesse toonde, met uw bericht; "
        "de aanbiedende opdrachtnemer ziet wie reageerde.",
    ),
)

BRON = {bron.sleutel: bron for bron in BRONNEN}

# Relations to the user that deliberately do not select rows for the export, with the reason.
UITGESLOTEN = {
    ("kring.Verwijderverzoek", "afgehandeld_door"): "Het verzoek is van een ander; dat u het afhandelde staat in het "
    "auditlog, dat wel in de download zit.",
    # -- werkgroepen
    ("werkgroepen.Aanmelding", "beoordeeld_door"): "De aanmelding is van een ander; dat u haar beoordeelde staat in "
    "het auditlog, dat wel in de download zit.",
    # -- uitvoeringsagenda
    # -- bijeenkomsten
    # -- signalen en agenda-feed
    ("werkgroepen.Signaal", "beantwoord_door"): "Het item is van een ander of anoniem; uw antwoord staat erbij "
    "voor alle leden, en dat u het schreef staat in het auditlog, dat wel in de download zit.",
    # -- kennisbank
    # -- pastperformance
    ("pastperformance.Bespreking", "vastgelegd_door"): "De bespreking is van beide partijen; dat u haar vastlegde "
    "staat in het auditlog, dat wel in de download zit. Was u erbij, dan staat ze bij ‘Besprekingen waarbij u "
    "aanwezig was’.",
    # -- sroi
    # -- stuurgroep
    ("kring.Indicatorwaarde", "door"): "De waarde is een cijfer van de kring, niet over u; dat u haar invulde of "
    "wijzigde staat in het auditlog, dat wel in de download zit.",
}


def persoonsgegevens_verzamelen(gebruiker: User) -> dict:
    """Everything the registry finds about `gebruiker`, as JSON-ready lists per source (one query per source)."""
    return {
        "gegenereerd_op": timezone.now(),
        "toelichting": "Alle gegevens die het Kringportaal over u bewaart, per soort. Zie /privacy/ voor het waarom.",
        "gegevens": {
            bron.sleutel: [
                {veld.replace("__", "_"): waarde for veld, waarde in rij.items()} for rij in bron.queryset(gebruiker)
            ]
            for bron in BRONNEN
        },
    }
