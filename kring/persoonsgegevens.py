"""The registry of personal data: per model that holds data about a person, how to find their rows and what to export.

The export for "Mijn gegevens" (AVG art. 15 and 20) reads exactly this registry, one query per source. Tests walk every
model and field (tests/kring/test_persoonsgegevens_volledig.py): every model is either a source here or in
`ZONDER_BRON` with a reason; every relation to the user model, also through another model (a token of a linked
account, the scores of a rating someone submitted), is selected by a source or in `UITGESLOTEN` with a reason; and
every field that looks like it holds a person's data as text (e-mail addresses, names, IP addresses, files, raw JSON)
is exported by a source or in `VELDEN_BUITEN_EXPORT` with a reason. So a later model or field cannot be forgotten."""

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
        sleutel="gemeente_toegangssleutels",
        titel="Toegangssleutels van uw gemeente-account",
        model="socialaccount.SocialToken",
        via=("account__user",),
        velden=("app__name", "expires_at"),
        omschrijving="Of het portaal een toegangssleutel van uw gemeente-account bewaart en tot wanneer die geldig "
        "is. De sleutel zelf staat er niet in: die blijft geheim.",
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
            "algemene_toelichting",
            "ingediend_op",
        ),
        omschrijving="Welke beoordelingen u namens uw organisatie indiende en wanneer, met de toelichting die u "
        "schreef. Na de bewaartermijn (zie de privacyverklaring) wordt u ervan losgekoppeld en de toelichting gewist.",
    ),
    Bron(
        sleutel="pp_scores",
        titel="Cijfers en motiveringen in uw beoordelingen",
        model="pastperformance.Score",
        via=("beoordeling__ingediend_door",),
        velden=(
            "beoordeling__ronde__plan__project__nummer",
            "beoordeling__richting",
            "criterium__code",
            "waarde",
            "nvt",
            "motivering",
            "voorgestelde_afspraak",
        ),
        omschrijving="De cijfers, motiveringen en voorgestelde afspraken in de beoordelingen die u indiende: het "
        "oordeel van uw organisatie, in uw woorden. De motiveringen worden na de bewaartermijn gewist; de cijfers "
        "blijven, zonder uw naam, in de profielen.",
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

# Relations to the user through another model (a row that belongs to a row of a source, e.g. the reply to a rating
# someone submitted) that deliberately do not select rows for the export, with the reason. The walk in
# tests/kring/test_persoonsgegevens_volledig.py finds every such path.
_VAN_ANDEREN = "wat u zelf schreef of deed, staat in de eigen bron."
UITGESLOTEN_VIA = {
    ("account.EmailConfirmation", "email_address__user"): "Niet in gebruik: het portaal bevestigt e-mailadressen met "
    "een ondertekende link (ACCOUNT_EMAIL_CONFIRMATION_HMAC) en bewaart geen bevestigingen.",
    # -- werkgroepen
    ("werkgroepen.Voortgangsnotitie", "activiteit__initiatiefnemer"): "Notities van anderen bij uw activiteit; "
    + _VAN_ANDEREN,
    ("werkgroepen.Voortgangsnotitie", "activiteit__team"): "Notities van anderen bij een activiteit van uw team; "
    + _VAN_ANDEREN,
    ("werkgroepen.Agendapunt", "bijeenkomst__aangemaakt_door"): "De agenda van een bijeenkomst die u plande: inhoud "
    "van de werkgroep, niet over u.",
    ("werkgroepen.Besluit", "bijeenkomst__aangemaakt_door"): "De besluiten van een bijeenkomst die u plande: inhoud "
    "van de werkgroep, niet over u.",
    (
        "werkgroepen.Aanwezigheid",
        "bijeenkomst__aangemaakt_door",
    ): "De aanwezigheid van anderen bij een bijeenkomst die u plande; " + _VAN_ANDEREN,
    ("werkgroepen.Actiepunt", "bijeenkomst__aangemaakt_door"): "Actiepunten van anderen uit een bijeenkomst die u "
    "plande; " + _VAN_ANDEREN,
    ("werkgroepen.Uitnodiging", "bijeenkomst__aangemaakt_door"): "Uitnodigingen aan anderen voor een bijeenkomst die "
    "u plande; " + _VAN_ANDEREN,
    ("werkgroepen.Bijlage", "kennisitem__auteur"): "Bijlagen van anderen bij uw kennisitem; " + _VAN_ANDEREN,
    (
        "werkgroepen.NuttigStem",
        "kennisitem__auteur",
    ): "Stemmen van anderen op uw kennisitem; u ziet alleen het aantal, niet wie.",
    # -- projecten
    ("projecten.Projectwijziging", "project__contactpersoon"): "Wijzigingen door anderen in een project waarvan u "
    "contactpersoon bent; " + _VAN_ANDEREN,
    ("projecten.Interesse", "project__contactpersoon"): "Wie uw project volgt, is van die persoon; de gemeente ziet "
    "alleen hoeveel mensen het volgen.",
    ("pastperformance.Beoordelingsplan", "project__contactpersoon"): "Beoordelingsplannen van een project waarvan u "
    "contactpersoon bent; staat u er zelf in, dan staat het plan onder Beoordelingsplannen.",
    ("sroi.Verplichting", "project__contactpersoon"): "De SROI-verplichting van een project waarvan u contactpersoon "
    "bent; bent u er coördinator van, dan staat ze onder SROI-verplichtingen.",
    # -- pastperformance
    ("pastperformance.Beoordelingsronde", "plan__aangemaakt_door"): "Een ronde gaat over organisaties; het plan dat u "
    "aanmaakte staat onder Beoordelingsplannen.",
    (
        "pastperformance.Beoordelingsronde",
        "plan__beoordelaar_og",
    ): "Een ronde gaat over organisaties; dat u beoordelaar "
    "bent staat onder Beoordelingsplannen, wat u indiende onder Beoordelingen.",
    (
        "pastperformance.Beoordelingsronde",
        "plan__beoordelaar_on",
    ): "Een ronde gaat over organisaties; dat u beoordelaar "
    "bent staat onder Beoordelingsplannen, wat u indiende onder Beoordelingen.",
    ("pastperformance.KpiMeting", "plan__aangemaakt_door"): "Cijfers over organisaties, ingevoerd door anderen; "
    + _VAN_ANDEREN,
    ("pastperformance.KpiMeting", "plan__beoordelaar_og"): "Cijfers over organisaties, ingevoerd door anderen; "
    + _VAN_ANDEREN,
    ("pastperformance.KpiMeting", "plan__beoordelaar_on"): "Cijfers over organisaties, ingevoerd door anderen; "
    + _VAN_ANDEREN,
    ("pastperformance.Reactie", "beoordeling__ingediend_door"): "De reactie van de andere organisatie op de "
    "beoordeling die u indiende; " + _VAN_ANDEREN,
    ("pastperformance.Bezwaar", "beoordeling__ingediend_door"): "Het bezwaar van de andere organisatie tegen de "
    "beoordeling die u indiende; " + _VAN_ANDEREN,
    ("pastperformance.Addendum", "beoordeling__ingediend_door"): "Een aanvulling van een beheerder of panel bij de "
    "beoordeling die u indiende; " + _VAN_ANDEREN,
    ("pastperformance.Addendum", "bezwaar__ingediend_door"): "Het besluit van het panel op uw bezwaar staat onder "
    "Bezwaren; de tekst is van het panel.",
    ("pastperformance.Addendum", "bezwaar__panel_gemeente"): "De aanvulling schreef een panellid; uw besluiten als "
    "panellid staan onder Bezwaarpanels, wat u zelf schreef onder Addenda.",
    ("pastperformance.Addendum", "bezwaar__panel_kring"): "De aanvulling schreef een panellid; uw besluiten als "
    "panellid staan onder Bezwaarpanels, wat u zelf schreef onder Addenda.",
    # -- sroi
    ("sroi.Inzetregel", "verplichting__coordinator"): "Inzet van de opdrachtnemer bij een verplichting die u "
    "coördineert; wat u invoerde of beoordeelde staat onder SROI-inzet.",
    ("sroi.Waarschuwing", "verplichting__coordinator"): "Een signaal over de verplichting, niet over u.",
    (
        "sroi.Bewijsstuk",
        "inzetregel__ingevoerd_door",
    ): "Het bewijs gaat over een kandidaat; wat u uploadde staat onder Bewijsstukken.",
    ("sroi.Bewijsstuk", "inzetregel__beoordeeld_door"): "Het bewijs gaat over een kandidaat; wat u uploadde staat "
    "onder Bewijsstukken.",
}

# Models that are no source, with the reason: they hold no data about a person, or what they hold is in a source.
ZONDER_BRON = {
    "account.EmailConfirmation": UITGESLOTEN_VIA[("account.EmailConfirmation", "email_address__user")],
    "auth.Group": "Groepen van het beheerscherm; het portaal werkt met rollen op het account (in de download).",
    "auth.Permission": "Rechten van het beheerscherm, niet over personen.",
    "contenttypes.ContentType": "Technische lijst van soorten gegevens.",
    "sessions.Session": "De technische sessie: een sleutel en ondertekende gegevens met alleen het nummer van uw "
    "account. Wat er over u in staat (IP-adres, browser) staat onder Sessies; verlopen sessies gaan elke nacht weg.",
    "socialaccount.SocialApp": "De koppeling van het portaal met de inlogdienst van de gemeente, niet over u.",
    # -- kring
    "kring.Organisatie": "Gegevens van de organisatie (naam, KvK-nummer, plaats), zoals in het openbare "
    "Handelsregister; de naam van uw organisatie staat bij uw account.",
    "kring.Intentieovereenkomst": "De tekst van de overeenkomst; uw ondertekening staat onder Ondertekeningen.",
    "kring.Themadoel": "Doelen van de kring, niet over personen.",
    "kring.Indicator": "Indicatoren van de kring, niet over personen.",
    "kring.Indicatorwaarde": UITGESLOTEN[("kring.Indicatorwaarde", "door")],
    # -- werkgroepen
    "werkgroepen.Werkgroep": "Gegevens van de werkgroep; uw lidmaatschap staat onder Werkgroeplidmaatschappen.",
    "werkgroepen.Agendapunt": UITGESLOTEN_VIA[("werkgroepen.Agendapunt", "bijeenkomst__aangemaakt_door")],
    "werkgroepen.Besluit": UITGESLOTEN_VIA[("werkgroepen.Besluit", "bijeenkomst__aangemaakt_door")],
    "werkgroepen.Thema": "Thema's van de kennisbank, niet over personen.",
    "werkgroepen.Tag": "Trefwoorden van de kennisbank, niet over personen.",
    # -- projecten
    "projecten.Gebied": "Wijken en gebieden, niet over personen.",
    "projecten.Waardeklasse": "Waardeklassen van projecten, niet over personen.",
    "projecten.Opgave": "Opgaven per gebied; de eigenaar is een organisatie of afdeling, geen persoon.",
    "projecten.Koppelkans": "Kansen om werk te combineren; uw besluiten erover staan onder Besluiten over "
    "koppelkansen.",
    "projecten.Graafrust": "Straten waar niet gegraven mag worden, niet over personen.",
    # -- pastperformance
    "pastperformance.Vragenlijst": "Vragenlijsten, niet over personen.",
    "pastperformance.Criterium": "Criteria van vragenlijsten, niet over personen.",
    "pastperformance.Beleid": "Het beleid van de kring, niet over personen.",
    "pastperformance.Beoordelingsronde": UITGESLOTEN_VIA[
        ("pastperformance.Beoordelingsronde", "plan__beoordelaar_og")
    ],
    "pastperformance.Scoremaand": "Samenvattingen per organisatie en maand, zonder personen.",
    # -- sroi
    "sroi.Regio": "Regio's van waardetabellen, niet over personen.",
    "sroi.Waardetabel": "Waardetabellen, niet over personen.",
    "sroi.Bouwblok": "Bouwblokken van waardetabellen, niet over personen.",
    "sroi.Kandidaat": "Kandidaten zijn pseudoniem (een code, geen naam of BSN) en horen bij de opdrachtnemer, niet bij "
    "een account; de code wordt na de bewaartermijn vervangen.",
    "sroi.Poolaanbod": "Aanbod van een pseudonieme kandidaat door de opdrachtnemer; uw interesse erin staat onder "
    "Interesse in de kandidatenpool.",
    "sroi.Waarschuwing": UITGESLOTEN_VIA[("sroi.Waarschuwing", "verplichting__coordinator")],
}

# Fields that look like they hold a person's data as text (an e-mail address, a name, an IP address, a file, raw
# JSON) and are deliberately not exported, with the reason.
VELDEN_BUITEN_EXPORT = {
    ("kring.Rapport", "bestand"): "De PDF downloadt u zelf op de pagina Rapporten, zolang de bewaartermijn loopt.",
    ("werkgroepen.Bijlage", "bestand"): "Het bestand zelf downloadt u bij het kennisitem.",
    ("projecten.Project", "ambitieweb"): "De duurzaamheidsambities van het project, niet over personen.",
    ("projecten.Opgave", "eigenaar"): "De soort eigenaar (gemeente, waterschap, netbeheerder ...), geen persoon.",
    ("projecten.Opgave", "eigenaar_naam"): "De naam van de afdeling of het bedrijf dat de opgave heeft, geen persoon.",
    ("projecten.Projectimport", "bestand"): "Het bestand bevat projecten; het wordt na de bewaartermijn verwijderd.",
    ("projecten.Projectimport", "fouten"): "De fouten per rij gaan over projecten in het bestand, niet over u.",
    ("pastperformance.Bespreking", "overige_aanwezigen"): "Rollen of organisaties van aanwezigen zonder account (het "
    "veld vraagt geen namen), niet over u; na de bewaartermijn gewist.",
    (
        "sroi.Bewijsstuk",
        "bestand",
    ): "Het bewijs gaat over een kandidaat, niet over u; de gemeente van het project ziet het.",
    ("mfa.Authenticator", "data"): "De geheime sleutel en de herstelcodes: die blijven geheim, ook voor u.",
    ("socialaccount.SocialAccount", "extra_data"): "De ruwe gegevens die uw gemeente bij het inloggen meestuurt, met "
    "toegangsgegevens; wat het portaal ervan gebruikt (naam, e-mailadres) staat bij uw account.",
    ("socialaccount.SocialApp", "settings"): "Instellingen van de inlogdienst van de gemeente, niet over u.",
    ("usersessions.UserSession", "data"): "Technische gegevens van de sessie, niet over u.",
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
