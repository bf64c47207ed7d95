"""Social return (SROI) in the contract phase (DESIGN §4, domain/research-sroi-pipeline-duurzaamheid-gebied-kennisbank.md §1).

A `Waardetabel` (per region, valid from a date) holds `Bouwblok`s: target-group categories valued per FTE-year at 36 hours
a week with a maximum number of months, bonuses, and line types valued differently (social purchasing, activities, PSO
discount). A project's `Verplichting` (per contractor) uses the table version valid on the tender date. The contractor
records `Inzetregel`s per pseudonymous `Kandidaat` (a code; never a name, BSN or date of birth); the gemeente's SROI
coordinator validates or rejects each line. Values are computed by sroi/waardering.py, never hard-coded."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VOLTIJD_UREN = Decimal(36)


class Regio(models.Model):
    """A labour-market region with its own value tables (Drechtsteden, Haaglanden ...), and the gemeenten in it."""

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    gemeenten = models.ManyToManyField(
        "kring.Organisatie",
        verbose_name=_("gemeenten"),
        blank=True,
        related_name="sroi_regios",
        limit_choices_to={"soort": "gemeente"},
    )

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Waardetabel(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        VASTGESTELD = "vastgesteld", _("Vastgesteld")

    regio = models.ForeignKey(Regio, verbose_name=_("regio"), on_delete=models.PROTECT, related_name="waardetabellen")
    naam = models.CharField(_("naam"), max_length=200)
    geldig_vanaf = models.DateField(_("geldig vanaf"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT)
    te_bevestigen = models.BooleanField(
        _("nog te bevestigen"),
        default=False,
        help_text=_("De waarden zijn nog niet bevestigd door het werkgeversservicepunt; ze staan zo gemarkeerd."),
    )
    bron = models.CharField(_("bron"), max_length=300, blank=True)
    toelichting = models.TextField(_("telregels en toelichting"), blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("waardetabel")
        verbose_name_plural = _("waardetabellen")
        ordering = ["regio", "-geldig_vanaf"]
        constraints = [models.UniqueConstraint(fields=["regio", "geldig_vanaf"], name="sroi_tabel_per_datum")]

    def __str__(self):
        return f"{self.naam} ({self.regio}, vanaf {self.geldig_vanaf:%d-%m-%Y})"


class Bouwblok(models.Model):
    """One row of a value table. `grondslag` says how a line of this kind is valued (sroi/waardering.py)."""

    class Soort(models.TextChoices):
        CATEGORIE = "categorie", _("Doelgroep (kandidaat)")
        BONUS = "bonus", _("Bonus bovenop een doelgroep")
        SOCIAAL_INKOPEN = "sociaal_inkopen", _("Sociaal inkopen")
        ACTIVITEIT = "activiteit", _("Activiteit")
        PSO = "pso", _("PSO-korting")

    waardetabel = models.ForeignKey(
        Waardetabel, verbose_name=_("waardetabel"), on_delete=models.CASCADE, related_name="bouwblokken"
    )
    code = models.SlugField(_("code"), max_length=40)
    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    # CATEGORIE and BONUS: € per FTE-year at 36 h/week. SOCIAAL_INKOPEN: share of the invoice excl. btw that counts
    # (1.00 = all). ACTIVITEIT: € per hour. PSO: % discount on the SR amount.
    waarde = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    max_maanden = models.PositiveSmallIntegerField(
        _("maximaal aantal maanden"), null=True, blank=True, help_text=_("Leeg: geen maximum.")
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("bouwblok")
        verbose_name_plural = _("bouwblokken")
        ordering = ["waardetabel", "volgorde", "pk"]
        constraints = [models.UniqueConstraint(fields=["waardetabel", "code"], name="sroi_bouwblok_code_uniek")]

    def __str__(self):
        return self.naam


class Verplichting(models.Model):
    """The social-return obligation of one contractor on one project."""

    class Grondslag(models.TextChoices):
        OPDRACHTWAARDE = "opdrachtwaarde", _("Opdrachtwaarde (excl. btw)")
        LOONSOM = "loonsom", _("Loonsom")

    project = models.ForeignKey(
        "projecten.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="sroi_verplichtingen"
    )
    opdrachtnemer = models.ForeignKey(
        "kring.Organisatie",
        verbose_name=_("opdrachtnemer"),
        on_delete=models.PROTECT,
        related_name="sroi_verplichtingen",
        limit_choices_to={"soort": "opdrachtnemer"},
    )
    waardetabel = models.ForeignKey(
        Waardetabel, verbose_name=_("waardetabel"), on_delete=models.PROTECT, related_name="verplichtingen"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("SROI-coördinator (gemeente)"),
        on_delete=models.PROTECT,
        related_name="sroi_verplichtingen",
    )
    grondslag = models.CharField(_("grondslag"), max_length=20, choices=Grondslag.choices)
    grondslag_bedrag = models.DecimalField(
        _("bedrag van de grondslag (€)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    percentage = models.DecimalField(
        _("percentage"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    drempel = models.DecimalField(
        _("drempel (€)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text=_("Onder dit bedrag van de grondslag geldt geen verplichting."),
    )
    maximum = models.DecimalField(_("maximum SR-bedrag (€)"), max_digits=14, decimal_places=2, null=True, blank=True)
    pso_korting = models.DecimalField(
        _("PSO-korting (%)"),
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    looptijd_start = models.DateField(_("looptijd vanaf"))
    looptijd_eind = models.DateField(_("looptijd tot en met"))
    rapportage_maanden = models.PositiveSmallIntegerField(
        _("rapporteren elke (maanden)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    sr_bedrag = models.DecimalField(_("SR-bedrag (€)"), max_digits=14, decimal_places=2, default=0)
    # Summary of the lines, kept by the inzet services, so totals over many obligations never scan all lines.
    gerealiseerd = models.DecimalField(
        _("gerealiseerd (€, niet afgewezen)"), max_digits=14, decimal_places=2, default=0
    )
    gevalideerd = models.DecimalField(_("gevalideerd (€)"), max_digits=14, decimal_places=2, default=0)
    geanonimiseerd_op = models.DateTimeField(_("kandidaatgegevens geanonimiseerd op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("SROI-verplichting")
        verbose_name_plural = _("SROI-verplichtingen")
        ordering = ["-looptijd_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "opdrachtnemer"], name="sroi_verplichting_per_opdrachtnemer"),
            models.CheckConstraint(
                condition=Q(looptijd_eind__gte=models.F("looptijd_start")), name="sroi_verplichting_looptijd"
            ),
        ]

    def __str__(self):
        return f"{self.project} – {self.opdrachtnemer}"

    def get_absolute_url(self):
        return reverse("sroi:verplichting", kwargs={"pk": self.pk})


class Kandidaat(models.Model):
    """A person placed through social return, known only by a code the contractor chooses: never a name, BSN or date of
    birth (sroi/validators.py refuses codes that look like one)."""

    opdrachtnemer = models.ForeignKey(
        "kring.Organisatie", verbose_name=_("opdrachtnemer"), on_delete=models.PROTECT, related_name="sroi_kandidaten"
    )
    code = models.CharField(_("code"), max_length=20)
    geanonimiseerd = models.BooleanField(_("geanonimiseerd"), default=False)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("kandidaat")
        verbose_name_plural = _("kandidaten")
        ordering = ["opdrachtnemer", "code"]
        constraints = [models.UniqueConstraint(fields=["opdrachtnemer", "code"], name="sroi_kandidaat_code_uniek")]

    def __str__(self):
        return self.code


class Inzetregel(models.Model):
    class Status(models.TextChoices):
        INGEDIEND = "ingediend", _("Ter validatie")
        GEVALIDEERD = "gevalideerd", _("Gevalideerd")
        AFGEWEZEN = "afgewezen", _("Afgewezen")

    verplichting = models.ForeignKey(
        Verplichting, verbose_name=_("verplichting"), on_delete=models.CASCADE, related_name="inzet"
    )
    bouwblok = models.ForeignKey(Bouwblok, verbose_name=_("soort"), on_delete=models.PROTECT, related_name="+")
    kandidaat = models.ForeignKey(
        Kandidaat, verbose_name=_("kandidaat"), on_delete=models.PROTECT, null=True, blank=True, related_name="inzet"
    )
    bonussen = models.ManyToManyField(Bouwblok, verbose_name=_("bonussen"), blank=True, related_name="+")
    start = models.DateField(_("vanaf"))
    eind = models.DateField(_("tot en met"))
    uren_per_week = models.DecimalField(
        _("uren per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(VOLTIJD_UREN)],
    )
    bedrag = models.DecimalField(
        _("factuurbedrag excl. btw (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    uren = models.DecimalField(_("uren"), max_digits=8, decimal_places=1, null=True, blank=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=300, blank=True)
    waarde = models.DecimalField(_("waarde (€)"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INGEDIEND)
    reden_afwijzing = models.TextField(_("reden van afwijzing"), blank=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    ingevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    ingevoerd_op = models.DateTimeField(_("ingevoerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("inzetregel")
        verbose_name_plural = _("inzetregels")
        ordering = ["verplichting", "start", "pk"]
        constraints = [models.CheckConstraint(condition=Q(eind__gte=models.F("start")), name="sroi_inzet_periode")]
        indexes = [models.Index(fields=["verplichting", "status"], name="sroi_inzet_status_idx")]

    def __str__(self):
        return f"{self.bouwblok} {self.start:%d-%m-%Y}–{self.eind:%d-%m-%Y}"


def bewijs_pad(instance, filename):
    # The stored name never carries the uploader's file name (it may hold personal data); the original name is kept
    # as a field and only shown to those who may download.
    return f"sroi/bewijs/{instance.inzetregel.verplichting_id}/{timezone.now():%Y%m%d%H%M%S}-{instance.inzetregel_id}"


class Bewijsstuk(models.Model):
    inzetregel = models.ForeignKey(
        Inzetregel, verbose_name=_("inzetregel"), on_delete=models.CASCADE, related_name="bewijsstukken"
    )
    bestand = models.FileField(_("bestand"), upload_to=bewijs_pad)
    naam = models.CharField(_("bestandsnaam"), max_length=200)
    inhoudstype = models.CharField(_("soort bestand"), max_length=100)
    grootte = models.PositiveIntegerField(_("grootte (bytes)"))
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geüpload door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    geupload_op = models.DateTimeField(_("geüpload op"), default=timezone.now)

    class Meta:
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")
        ordering = ["geupload_op", "pk"]

    def __str__(self):
        return self.naam


class Waarschuwing(models.Model):
    """An early warning on an obligation (e.g. half the term passed, less than a quarter realised), kept so it is
    mailed once and shown until resolved."""

    class Soort(models.TextChoices):
        ACHTERSTAND = "achterstand", _("Achterstand: helft van de looptijd, minder dan een kwart gerealiseerd")
        PROGNOSE = "prognose", _("Prognose onder het SR-bedrag")
        RAPPORTAGE = "rapportage", _("Rapportage te laat")

    verplichting = models.ForeignKey(
        Verplichting, verbose_name=_("verplichting"), on_delete=models.CASCADE, related_name="waarschuwingen"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    toelichting = models.CharField(_("toelichting"), max_length=300)
    sinds = models.DateField(_("sinds"))
    opgelost_op = models.DateField(_("opgelost op"), null=True, blank=True)

    class Meta:
        verbose_name = _("waarschuwing")
        verbose_name_plural = _("waarschuwingen")
        ordering = ["-sinds", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["verplichting", "soort"], condition=Q(opgelost_op__isnull=True), name="sroi_waarschuwing_open"
            )
        ]

    def __str__(self):
        return self.get_soort_display()


class Poolaanbod(models.Model):
    """A candidate whose project ends, offered to other members by pseudonym and category only."""

    class Status(models.TextChoices):
        OPEN = "open", _("Beschikbaar")
        GEPLAATST = "geplaatst", _("Geplaatst")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")

    kandidaat = models.ForeignKey(
        Kandidaat, verbose_name=_("kandidaat"), on_delete=models.CASCADE, related_name="poolaanbod"
    )
    bouwblok_code = models.SlugField(_("doelgroep"), max_length=40)
    categorie = models.CharField(_("doelgroep (omschrijving)"), max_length=200)
    beschikbaar_vanaf = models.DateField(_("beschikbaar vanaf"))
    toelichting = models.CharField(
        _("toelichting"), max_length=300, blank=True, help_text=_("Vak en ervaring, geen persoonsgegevens.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    geplaatst_bij = models.ForeignKey(
        "kring.Organisatie",
        verbose_name=_("geplaatst bij"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    aangeboden_op = models.DateTimeField(_("aangeboden op"), default=timezone.now)

    class Meta:
        verbose_name = _("poolaanbod")
        verbose_name_plural = _("poolaanbod")
        ordering = ["beschikbaar_vanaf", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kandidaat"], condition=Q(status="open"), name="sroi_pool_een_open")
        ]

    def __str__(self):
        return f"{self.kandidaat} ({self.categorie})"


class Poolinteresse(models.Model):
    aanbod = models.ForeignKey(
        Poolaanbod, verbose_name=_("aanbod"), on_delete=models.CASCADE, related_name="interesse"
    )
    organisatie = models.ForeignKey(
        "kring.Organisatie", verbose_name=_("organisatie"), on_delete=models.CASCADE, related_name="+"
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    bericht = models.CharField(_("bericht"), max_length=300, blank=True)
    op = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("interesse in poolaanbod")
        verbose_name_plural = _("interesse in poolaanbod")
        constraints = [models.UniqueConstraint(fields=["aanbod", "organisatie"], name="sroi_poolinteresse_uniek")]

    def __str__(self):
        return f"{self.organisatie} – {self.aanbod}"
