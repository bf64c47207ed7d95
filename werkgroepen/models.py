import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Words for pages under /werkgroepen/, now or planned, so never a werkgroep's slug. Any other address that
# werkgroepen/urls.py routes before the werkgroep's own page is refused as well (Werkgroep.clean).
GERESERVEERDE_SLUGS = frozenset(
    {"agenda", "bijeenkomsten", "actiepunten", "klaagpaal", "hulpvraag", "kennisbank", "feed", "nieuw", "aanmeldingen"}
)


class Werkgroep(models.Model):
    """A working group of the kring, with its memberships, activities, meetings and knowledge."""

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=100, unique=True)
    doel = models.TextField(_("doel"))
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    deelonderwerpen = models.TextField(_("deelonderwerpen"), blank=True, help_text=_("Eén onderwerp per regel."))
    gestart_op = models.DateField(_("gestart op"), null=True, blank=True)
    gesloten_op = models.DateField(_("gesloten op"), null=True, blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("werkgroep")
        verbose_name_plural = _("werkgroepen")
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("werkgroepen:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.slug in GERESERVEERDE_SLUGS or not _eigen_adres(self.slug):
            raise ValidationError(
                {
                    "slug": _(
                        "De korte naam “%(slug)s” is gereserveerd voor een pagina van het portaal; kies een andere."
                    )
                    % {"slug": self.slug}
                }
            )
        if self.gestart_op and self.gesloten_op and self.gesloten_op < self.gestart_op:
            raise ValidationError({"gesloten_op": _("Een werkgroep kan niet sluiten vóór zij gestart is.")})

    @property
    def is_gesloten(self) -> bool:
        return self.gesloten_op is not None

    @property
    def deelonderwerpen_lijst(self) -> list[str]:
        return [regel.strip(" •-\t") for regel in self.deelonderwerpen.splitlines() if regel.strip(" •-\t")]


def _eigen_adres(slug: str) -> bool:
    """Whether /werkgroepen/<slug>/ reaches the werkgroep's own page rather than a page routed before it."""
    try:
        return resolve(reverse("werkgroepen:detail", kwargs={"slug": slug})).url_name == "detail"
    except NoReverseMatch:  # not a slug at all: the field's own validation says so
        return True


class Lidmaatschap(models.Model):
    """A person's membership of a werkgroep, with a role and a period: members rotate, so the period matters."""

    class Rol(models.TextChoices):
        TREKKER = "trekker", _("Trekker")
        LID = "lid", _("Lid")
        ADVISEUR = "adviseur", _("Adviseur")

    werkgroep = models.ForeignKey(
        Werkgroep, verbose_name=_("werkgroep"), on_delete=models.CASCADE, related_name="lidmaatschappen"
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lid"), on_delete=models.CASCADE, related_name="lidmaatschappen"
    )
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, default=Rol.LID)
    van = models.DateField(_("lid vanaf"))
    tot = models.DateField(_("lid tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["werkgroep", "gebruiker__naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tot__isnull=True) | Q(tot__gte=models.F("van")), name="werkgroepen_lidmaatschap_periode"
            ),
            models.UniqueConstraint(
                fields=["werkgroep", "gebruiker"],
                condition=Q(tot__isnull=True),
                name="werkgroepen_een_lopend_lidmaatschap",
            ),
        ]

    def __str__(self):
        return f"{self.gebruiker} in {self.werkgroep} ({self.get_rol_display()})"


class Aanmelding(models.Model):
    """A member asks to join a werkgroep; a trekker (or a beheerder) approves or refuses."""

    class Status(models.TextChoices):
        AANGEVRAAGD = "aangevraagd", _("Aangevraagd")
        GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
        AFGEWEZEN = "afgewezen", _("Afgewezen")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")

    werkgroep = models.ForeignKey(
        Werkgroep, verbose_name=_("werkgroep"), on_delete=models.CASCADE, related_name="aanmeldingen"
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("aanvrager"), on_delete=models.CASCADE, related_name="aanmeldingen"
    )
    motivatie = models.TextField(_("motivatie"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AANGEVRAAGD)
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reden = models.TextField(_("reden"), blank=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["aangevraagd_op", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["werkgroep", "gebruiker"],
                condition=Q(status="aangevraagd"),
                name="werkgroepen_een_open_aanmelding",
            ),
        ]

    def __str__(self):
        return f"{self.gebruiker} → {self.werkgroep}"


# --- Uitvoeringsagenda -----------------------------------------------------------------------------------------------


class Activiteit(models.Model):
    """An activity on the kring's uitvoeringsagenda."""

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        LOPEND = "lopend", _("Lopend")
        AFGEROND = "afgerond", _("Afgerond")
        VERVALLEN = "vervallen", _("Vervallen")

    titel = models.CharField(_("titel"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    werkgroep = models.ForeignKey(
        Werkgroep, verbose_name=_("werkgroep"), on_delete=models.PROTECT, related_name="activiteiten"
    )
    themadoel = models.ForeignKey(
        "kring.Themadoel",
        verbose_name=_("themadoel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activiteiten",
    )
    initiatiefnemer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("initiatiefnemer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="geinitieerde_activiteiten",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="activiteiten"
    )
    startdatum = models.DateField(_("startdatum"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    budget = models.DecimalField(
        _("budget (€)"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.GEPLAND)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    # Set by the services on every change of status, deadline or a new progress note: "changed since the last meeting".
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(startdatum__isnull=True) | Q(deadline__gte=models.F("startdatum")),
                name="werkgroepen_activiteit_deadline_na_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="werkgroepen_act_status_idx")]

    def __str__(self):
        return self.titel

    @property
    def is_te_laat(self) -> bool:
        open_statussen = (self.Status.GEPLAND, self.Status.LOPEND)
        return self.status in open_statussen and self.deadline < timezone.localdate()


class Voortgangsnotitie(models.Model):
    activiteit = models.ForeignKey(
        Activiteit, verbose_name=_("activiteit"), on_delete=models.CASCADE, related_name="voortgang"
    )
    datum = models.DateField(_("datum"), default=timezone.localdate)
    tekst = models.TextField(_("voortgang"))
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("voortgangsnotitie")
        verbose_name_plural = _("voortgangsnotities")
        ordering = ["-datum", "-pk"]

    def __str__(self):
        return f"{self.activiteit} ({self.datum:%d-%m-%Y})"


# --- Bijeenkomsten ---------------------------------------------------------------------------------------------------


class Bijeenkomst(models.Model):
    """A meeting of the whole kring (werkgroep empty) or of one werkgroep."""

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        GEHOUDEN = "gehouden", _("Gehouden")
        GEANNULEERD = "geannuleerd", _("Geannuleerd")

    titel = models.CharField(_("titel"), max_length=200)
    werkgroep = models.ForeignKey(
        Werkgroep,
        verbose_name=_("werkgroep"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bijeenkomsten",
        help_text=_("Leeg voor een bijeenkomst van de hele kring."),
    )
    begin = models.DateTimeField(_("begin"))
    einde = models.DateTimeField(_("einde"))
    locatie = models.CharField(_("locatie"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.GEPLAND)
    verslag = models.TextField(_("verslag"), blank=True, help_text=_("Markdown; HTML wordt opgeschoond."))
    verslag_vastgesteld_op = models.DateTimeField(_("verslag vastgesteld op"), null=True, blank=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # iCalendar SEQUENCE: raised on every change of time or place, so calendars replace the invitation.
    volgnummer = models.PositiveIntegerField(_("volgnummer uitnodiging"), default=0)

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["-begin", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(einde__gt=models.F("begin")), name="werkgroepen_bijeenkomst_einde"),
            models.CheckConstraint(
                condition=~Q(locatie="") | ~Q(online_link=""), name="werkgroepen_bijeenkomst_plaats"
            ),
        ]

    def __str__(self):
        return f"{self.titel} ({timezone.localtime(self.begin):%d-%m-%Y})"


class Agendapunt(models.Model):
    class Soort(models.TextChoices):
        # The fixed agenda of the kenniskring, in this order; own items come after.
        ARBEIDSMARKT = "arbeidsmarkt", _("Arbeidsmarkt")
        TRANSITIEVRAAGSTUKKEN = "transitievraagstukken", _("Transitievraagstukken")
        VOORTGANG = "voortgang", _("Voortgang uitvoeringsagenda")
        KLAAGPAAL = "klaagpaal", _("Klaagpaal")
        HULPVRAAG = "hulpvraag", _("Hulpvraag")
        EIGEN = "eigen", _("Eigen agendapunt")

    bijeenkomst = models.ForeignKey(
        Bijeenkomst, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="agendapunten"
    )
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices, default=Soort.EIGEN)
    titel = models.CharField(_("titel"), max_length=200)
    toelichting = models.TextField(_("toelichting"), blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    signaal = models.ForeignKey(
        "Signaal",
        verbose_name=_("klaagpaal- of hulpvraagitem"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agendapunten",
    )

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["bijeenkomst", "volgorde", "pk"]

    def __str__(self):
        return self.titel


class Aanwezigheid(models.Model):
    class Status(models.TextChoices):
        UITGENODIGD = "uitgenodigd", _("Uitgenodigd")
        AANGEMELD = "aangemeld", _("Aangemeld")
        AFGEMELD = "afgemeld", _("Afgemeld")
        AANWEZIG = "aanwezig", _("Aanwezig")
        AFWEZIG = "afwezig", _("Afwezig")

    bijeenkomst = models.ForeignKey(
        Bijeenkomst, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="aanwezigheden"
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("deelnemer"), on_delete=models.CASCADE, related_name="aanwezigheden"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UITGENODIGD)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheden")
        ordering = ["bijeenkomst", "gebruiker__naam"]
        constraints = [
            models.UniqueConstraint(fields=["bijeenkomst", "gebruiker"], name="werkgroepen_aanwezigheid_uniek"),
        ]

    def __str__(self):
        return f"{self.gebruiker}: {self.get_status_display()}"


class Besluit(models.Model):
    bijeenkomst = models.ForeignKey(
        Bijeenkomst, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="besluiten"
    )
    agendapunt = models.ForeignKey(
        Agendapunt, verbose_name=_("agendapunt"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tekst = models.TextField(_("besluit"))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["bijeenkomst", "volgorde", "pk"]

    def __str__(self):
        return self.tekst[:80]


class Actiepunt(models.Model):
    bijeenkomst = models.ForeignKey(
        Bijeenkomst, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="actiepunten"
    )
    agendapunt = models.ForeignKey(
        Agendapunt, verbose_name=_("agendapunt"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    omschrijving = models.TextField(_("actie"))
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="actiepunten"
    )
    deadline = models.DateField(_("deadline"))
    gedaan_op = models.DateTimeField(_("gedaan op"), null=True, blank=True)

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["eigenaar", "gedaan_op", "deadline"], name="werkgroepen_actiepunt_idx")]

    def __str__(self):
        return self.omschrijving[:80]

    @property
    def is_te_laat(self) -> bool:
        return self.gedaan_op is None and self.deadline < timezone.localdate()


def nieuw_feedtoken() -> str:
    return secrets.token_urlsafe(32)


class Agendafeed(models.Model):
    """A person's secret address for their meetings as an iCalendar feed (calendar apps cannot log in)."""

    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("lid"), on_delete=models.CASCADE, related_name="agendafeed"
    )
    token = models.CharField(_("sleutel"), max_length=64, unique=True, default=nieuw_feedtoken)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("agendafeed")
        verbose_name_plural = _("agendafeeds")

    def __str__(self):
        return str(self.gebruiker)


class Uitnodiging(models.Model):
    """One invitation (or cancellation) mail actually sent to a person for one version of a meeting. The unique row
    is written in the same transaction as the send, so a retried task never mails anyone twice; a new time or place
    raises the meeting's volgnummer and so sends again."""

    class Methode(models.TextChoices):
        # The iCalendar METHOD of the attached .ics.
        REQUEST = "REQUEST", _("Uitnodiging")
        CANCEL = "CANCEL", _("Afzegging")

    bijeenkomst = models.ForeignKey(
        Bijeenkomst, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="uitnodigingen"
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("genodigde"), on_delete=models.CASCADE, related_name="+"
    )
    volgnummer = models.PositiveIntegerField(_("volgnummer bijeenkomst"))
    methode = models.CharField(_("soort"), max_length=10, choices=Methode.choices)
    verstuurd_op = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        verbose_name = _("verstuurde uitnodiging")
        verbose_name_plural = _("verstuurde uitnodigingen")
        ordering = ["bijeenkomst", "verstuurd_op", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bijeenkomst", "gebruiker", "volgnummer", "methode"], name="werkgroepen_uitnodiging_uniek"
            ),
        ]

    def __str__(self):
        return f"{self.get_methode_display()} {self.bijeenkomst} aan {self.gebruiker} (versie {self.volgnummer})"


# --- Klaagpaal en hulpvraag ------------------------------------------------------------------------------------------


class Signaal(models.Model):
    """A friction point (klaagpaal) or a request for help (hulpvraag). Anonymous means `indiener` is never stored."""

    class Soort(models.TextChoices):
        KLAAGPAAL = "klaagpaal", _("Klaagpaal")
        HULPVRAAG = "hulpvraag", _("Hulpvraag")

    class Status(models.TextChoices):
        NIEUW = "nieuw", _("Nieuw")
        GEAGENDEERD = "geagendeerd", _("Geagendeerd")
        BESPROKEN = "besproken", _("Besproken")
        OPGEVOLGD = "opgevolgd", _("Opgevolgd")

    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    titel = models.CharField(_("titel"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"))
    werkgroep = models.ForeignKey(
        Werkgroep,
        verbose_name=_("werkgroep"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signalen",
    )
    indiener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signalen",
        help_text=_("Leeg bij een anonieme melding: dan is de naam nooit opgeslagen."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NIEUW)
    antwoord = models.TextField(_("antwoord"), blank=True)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beantwoord door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A date, not a moment: a timestamp beside the access log could point at the author of an anonymous item.
    ingediend_op = models.DateField(_("ingediend op"), default=timezone.localdate)

    class Meta:
        verbose_name = _("klaagpaal- of hulpvraagitem")
        verbose_name_plural = _("klaagpaal en hulpvragen")
        ordering = ["-ingediend_op", "-pk"]

    def __str__(self):
        return self.titel


# --- Kennisbank ------------------------------------------------------------------------------------------------------


class Thema(models.Model):
    naam = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Tag(models.Model):
    naam = models.CharField(_("naam"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Kennisitem(models.Model):
    class Soort(models.TextChoices):
        PRAKTIJKVOORBEELD = "praktijkvoorbeeld", _("Praktijkvoorbeeld")
        LESSON_LEARNED = "lesson_learned", _("Lesson learned")
        DOCUMENT = "document", _("Document")
        TOOL = "tool", _("Tool")

    class Zichtbaarheid(models.TextChoices):
        OPENBAAR = "openbaar", _("Openbaar")
        LEDEN = "leden", _("Leden van de kring")
        WERKGROEP = "werkgroep", _("Leden van de werkgroep")
        GEMEENTE = "gemeente", _("Gemeente-intern")

    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    titel = models.CharField(_("titel"), max_length=200)
    samenvatting = models.TextField(_("samenvatting"), max_length=600)
    inhoud = models.TextField(_("inhoud"), blank=True, help_text=_("Markdown; HTML wordt opgeschoond."))
    # The parts of a praktijkvoorbeeld (and, where useful, of a lesson learned).
    uitdaging = models.TextField(_("uitdaging"), blank=True)
    aanpak = models.TextField(_("aanpak"), blank=True)
    bijzonder = models.TextField(_("wat was bijzonder"), blank=True)
    voordelen = models.TextField(_("voordelen"), blank=True)
    nadelen = models.TextField(_("nadelen"), blank=True)
    lessen = models.TextField(_("lessen"), blank=True)
    werkgroep = models.ForeignKey(
        Werkgroep,
        verbose_name=_("werkgroep"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kennisitems",
    )
    project = models.ForeignKey(
        "projecten.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kennisitems",
        help_text=_("Bij een lesson learned: het project waar de les uit komt."),
    )
    themas = models.ManyToManyField(Thema, verbose_name=_("thema's"), blank=True, related_name="kennisitems")
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="kennisitems")
    gerelateerd = models.ManyToManyField("self", verbose_name=_("gerelateerde items"), blank=True, symmetrical=True)
    zichtbaarheid = models.CharField(
        _("zichtbaarheid"), max_length=20, choices=Zichtbaarheid.choices, default=Zichtbaarheid.LEDEN
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="kennisitems",
    )
    organisatie = models.ForeignKey(
        "kring.Organisatie",
        verbose_name=_("organisatie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kennisitems",
    )
    herzien_voor = models.DateField(_("herzien vóór"), null=True, blank=True)
    gepubliceerd_op = models.DateTimeField(_("gepubliceerd op"), default=timezone.now, db_index=True)
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), default=timezone.now)
    aantal_bekeken = models.PositiveIntegerField(_("keer bekeken"), default=0)
    aantal_nuttig = models.PositiveIntegerField(_("keer nuttig gevonden"), default=0)
    # Maintained by the services on PostgreSQL (Dutch configuration); unused on SQLite.
    zoekvector = SearchVectorField(_("zoekindex"), null=True, editable=False)

    class Meta:
        verbose_name = _("kennisitem")
        verbose_name_plural = _("kennisitems")
        ordering = ["-gepubliceerd_op", "-pk"]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("werkgroepen:kennisitem", kwargs={"pk": self.pk})


def bijlage_pad(bijlage, filename):
    # A random name on disk: the name the member gave is kept in `naam`, never used as a path.
    return f"kennisbank/{uuid.uuid4().hex}"


class Bijlage(models.Model):
    kennisitem = models.ForeignKey(
        Kennisitem, verbose_name=_("kennisitem"), on_delete=models.CASCADE, related_name="bijlagen"
    )
    bestand = models.FileField(_("bestand"), upload_to=bijlage_pad)
    naam = models.CharField(_("bestandsnaam"), max_length=200)
    mime_type = models.CharField(_("soort bestand"), max_length=100)
    grootte = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geüpload door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    geupload_op = models.DateTimeField(_("geüpload op"), default=timezone.now)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["kennisitem", "naam"]

    def __str__(self):
        return self.naam


class NuttigStem(models.Model):
    kennisitem = models.ForeignKey(
        Kennisitem, verbose_name=_("kennisitem"), on_delete=models.CASCADE, related_name="nuttig_stemmen"
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lid"), on_delete=models.CASCADE, related_name="nuttig_stemmen"
    )
    gestemd_op = models.DateTimeField(_("gestemd op"), default=timezone.now)

    class Meta:
        verbose_name = _("stem 'nuttig'")
        verbose_name_plural = _("stemmen 'nuttig'")
        constraints = [
            models.UniqueConstraint(fields=["kennisitem", "gebruiker"], name="werkgroepen_nuttig_uniek"),
        ]

    def __str__(self):
        return f"{self.gebruiker} → {self.kennisitem}"
