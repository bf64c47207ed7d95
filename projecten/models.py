"""The project pipeline of the gemeenten: projects with their history, the areas and their opgaven, koppelkansen,
the contractors' interest and werkvoorraad, and imports of a gemeente's planning."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Zekerheid(models.TextChoices):
    HOOG = "hoog", _("Hoog")
    MIDDEN = "midden", _("Midden")
    LAAG = "laag", _("Laag")


class Gebied(models.Model):
    """An area (wijk) of a gemeente: where projects and opgaven meet."""

    gemeente = models.ForeignKey(
        "kring.Organisatie",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="gebieden",
        limit_choices_to={"soort": "gemeente"},
    )
    naam = models.CharField(_("naam"), max_length=100)
    code = models.SlugField(_("code"), max_length=60, help_text=_("Korte naam, gebruikt bij importeren."))
    omschrijving = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")
        ordering = ["gemeente__naam", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "naam"], name="projecten_gebied_naam_uniek"),
            models.UniqueConstraint(fields=["gemeente", "code"], name="projecten_gebied_code_uniek"),
        ]

    def __str__(self):
        return self.naam


class Waardeklasse(models.Model):
    """A value band shown instead of the exact estimate; the bands are configured by beheerders."""

    naam = models.CharField(_("naam"), max_length=60, unique=True, help_text=_("Bijvoorbeeld: € 250.000 – € 1 mln."))
    code = models.SlugField(_("code"), max_length=30, unique=True, help_text=_("Korte naam, gebruikt bij importeren."))
    ondergrens = models.DecimalField(
        _("vanaf (€)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    bovengrens = models.DecimalField(
        _("tot (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leeg voor de hoogste klasse."),
    )
    # A representative value for totals per quarter (the bands hide the exact estimates).
    rekenwaarde = models.DecimalField(_("rekenwaarde (€)"), max_digits=14, decimal_places=2)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("waardeklasse")
        verbose_name_plural = _("waardeklassen")
        ordering = ["volgorde", "ondergrens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bovengrens__isnull=True) | Q(bovengrens__gt=models.F("ondergrens")),
                name="projecten_waardeklasse_grenzen",
            ),
        ]

    def __str__(self):
        return self.naam


class Project(models.Model):
    class SoortWerk(models.TextChoices):
        RIOLERING = "riolering", _("Riolering")
        WEGEN = "wegen", _("Wegen en verharding")
        KUNSTWERKEN = "kunstwerken", _("Bruggen en kunstwerken")
        WATER = "water", _("Waterbouw en kades")
        GROEN = "groen", _("Groen en spelen")
        KLIMAAT = "klimaat", _("Klimaatadaptatie")
        VERLICHTING = "verlichting", _("Openbare verlichting")
        INTEGRAAL = "integraal", _("Integraal (meerdere disciplines)")

    class Fase(models.TextChoices):
        INITIATIEF = "initiatief", _("Initiatief")
        ONTWERP = "ontwerp", _("Ontwerp")
        VOORBEREIDING = "voorbereiding", _("Voorbereiding")
        AANBESTEDING = "aanbesteding", _("Aanbesteding")
        UITVOERING = "uitvoering", _("Uitvoering")
        NAZORG = "nazorg", _("Nazorg")
        AFGEROND = "afgerond", _("Afgerond")

    class Procedure(models.TextChoices):
        NOG_ONBEKEND = "onbekend", _("Nog onbekend")
        ENKELVOUDIG = "enkelvoudig", _("Enkelvoudig onderhands")
        MEERVOUDIG = "meervoudig", _("Meervoudig onderhands")
        NATIONAAL = "nationaal", _("Nationaal openbaar")
        EUROPEES = "europees", _("Europees openbaar")
        RAAMCONTRACT = "raamcontract", _("Afroep uit raamcontract")

    class Contractvorm(models.TextChoices):
        NOG_ONBEKEND = "onbekend", _("Nog onbekend")
        RAW = "raw", _("RAW-bestek")
        UAV_GC = "uav_gc", _("UAV-GC (geïntegreerd)")
        BOUWTEAM = "bouwteam", _("Bouwteam")
        ESV = "esv", _("Concurrentiegerichte dialoog / ESV")
        PRESTATIE = "prestatie", _("Prestatiecontract (onderhoud)")

    gemeente = models.ForeignKey(
        "kring.Organisatie",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="projecten",
        limit_choices_to={"soort": "gemeente"},
    )
    nummer = models.CharField(_("projectnummer"), max_length=30)
    naam = models.CharField(_("naam"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    gebied = models.ForeignKey(Gebied, verbose_name=_("gebied"), on_delete=models.PROTECT, related_name="projecten")
    soort_werk = models.CharField(_("soort werk"), max_length=20, choices=SoortWerk.choices)
    fase = models.CharField(_("fase"), max_length=20, choices=Fase.choices, default=Fase.INITIATIEF)
    # Quarters are stored as the first day of the quarter (1 jan, 1 apr, 1 jul, 1 okt).
    aanbesteding_kwartaal = models.DateField(_("kwartaal van aanbesteding"), null=True, blank=True)
    start_kwartaal = models.DateField(_("kwartaal van start uitvoering"), null=True, blank=True)
    duur_maanden = models.PositiveSmallIntegerField(
        _("duur (maanden)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    waardeklasse = models.ForeignKey(
        Waardeklasse, verbose_name=_("waardeklasse"), on_delete=models.PROTECT, related_name="projecten"
    )
    raming = models.DecimalField(
        _("raming (€, intern)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Alleen voor de eigen gemeente zichtbaar; anderen zien de waardeklasse."),
    )
    procedure = models.CharField(
        _("procedure"), max_length=20, choices=Procedure.choices, default=Procedure.NOG_ONBEKEND
    )
    contractvorm = models.CharField(
        _("contractvorm"), max_length=20, choices=Contractvorm.choices, default=Contractvorm.NOG_ONBEKEND
    )
    zekerheid = models.CharField(_("zekerheid"), max_length=10, choices=Zekerheid.choices, default=Zekerheid.MIDDEN)
    # The window within which the spreidingsvoorstel may move the tender quarter (empty: the project may not move).
    verschuifbaar_vanaf = models.DateField(_("verschuifbaar vanaf kwartaal"), null=True, blank=True)
    verschuifbaar_tot = models.DateField(_("verschuifbaar tot en met kwartaal"), null=True, blank=True)
    sroi_percentage = models.DecimalField(
        _("SROI-eis (% van de opdrachtwaarde)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    co2_niveau = models.PositiveSmallIntegerField(
        _("CO2-prestatieladder (niveau)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    mki_doel = models.DecimalField(_("MKI-doel (€)"), max_digits=12, decimal_places=2, null=True, blank=True)
    mki_gerealiseerd = models.DecimalField(
        _("MKI gerealiseerd (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Ambitieweb duurzaam GWW: theme -> score 0..3; the themes are listed in projecten/ambitieweb.py.
    ambitieweb = models.JSONField(_("ambitieweb"), default=dict, blank=True)
    contactpersoon = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contactpersoon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contactprojecten",
    )
    besproken_in_kring_op = models.DateField(
        _("besproken in de kring op"),
        null=True,
        blank=True,
        help_text=_("Het vroege gesprek over aanpak, risico's en contractvorm."),
    )
    bespreking = models.TextField(_("uitkomst van de bespreking"), blank=True)
    opdrachtnemers = models.ManyToManyField(
        "kring.Organisatie",
        verbose_name=_("opdrachtnemer(s)"),
        blank=True,
        related_name="gegunde_projecten",
        limit_choices_to={"soort": "opdrachtnemer"},
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), default=timezone.now)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projecten")
        ordering = ["aanbesteding_kwartaal", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "nummer"], name="projecten_project_nummer_uniek"),
            models.CheckConstraint(
                condition=Q(start_kwartaal__isnull=True)
                | Q(aanbesteding_kwartaal__isnull=True)
                | Q(start_kwartaal__gte=models.F("aanbesteding_kwartaal")),
                name="projecten_project_start_na_aanbesteding",
            ),
            models.CheckConstraint(
                condition=Q(verschuifbaar_vanaf__isnull=True)
                | Q(verschuifbaar_tot__isnull=True)
                | Q(verschuifbaar_tot__gte=models.F("verschuifbaar_vanaf")),
                name="projecten_project_venster_geldig",
            ),
        ]
        indexes = [
            models.Index(fields=["fase", "aanbesteding_kwartaal"], name="projecten_fase_kwartaal_idx"),
            models.Index(fields=["gebied", "aanbesteding_kwartaal"], name="projecten_gebied_kwartaal_idx"),
        ]

    def __str__(self):
        return f"{self.nummer} {self.naam}"

    def get_absolute_url(self):
        return reverse("projecten:detail", kwargs={"pk": self.pk})


class Projectwijziging(models.Model):
    """One change of a date, phase, band or other tracked field of a project, with the reason: the project's history."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="wijzigingen"
    )
    veld = models.CharField(_("veld"), max_length=40)
    oude_waarde = models.CharField(_("was"), max_length=200, blank=True)
    nieuwe_waarde = models.CharField(_("wordt"), max_length=200, blank=True)
    reden = models.TextField(_("reden"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projectwijzigingen",
    )
    op = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("projectwijziging")
        verbose_name_plural = _("projectgeschiedenis")
        ordering = ["-op", "-pk"]
        indexes = [models.Index(fields=["project", "-op"], name="projecten_wijziging_idx")]

    def __str__(self):
        return f"{self.project}: {self.veld}"


class Interesse(models.Model):
    """A contractor's person follows a project: they hear when its quarter, phase or certainty changes."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="interesses"
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="interesses"
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("interesse")
        verbose_name_plural = _("interesses")
        constraints = [models.UniqueConstraint(fields=["project", "gebruiker"], name="projecten_interesse_uniek")]

    def __str__(self):
        return f"{self.gebruiker} → {self.project}"


class Werkvoorraad(models.Model):
    """How many months of work a contractor has in hand for a quarter; shown only anonymised and aggregated."""

    organisatie = models.ForeignKey(
        "kring.Organisatie",
        verbose_name=_("opdrachtnemer"),
        on_delete=models.CASCADE,
        related_name="werkvoorraden",
        limit_choices_to={"soort": "opdrachtnemer"},
    )
    kwartaal = models.DateField(_("kwartaal"))
    maanden = models.DecimalField(
        _("werkvoorraad (maanden)"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0)]
    )
    gemeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="werkvoorraadmeldingen",
    )
    gemeld_op = models.DateTimeField(_("gemeld op"), default=timezone.now)

    class Meta:
        verbose_name = _("werkvoorraad")
        verbose_name_plural = _("werkvoorraden")
        ordering = ["kwartaal"]
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "kwartaal"], name="projecten_werkvoorraad_uniek"),
        ]

    def __str__(self):
        return f"{self.organisatie} {self.kwartaal}"


class Opgave(models.Model):
    """A task expected in an area (riolering, groen, energietransitie ...), by whoever owns it, within a window."""

    class Thema(models.TextChoices):
        RIOLERING = "riolering", _("Riolering")
        VERHARDING = "verharding", _("Verharding")
        GROEN = "groen", _("Groen")
        KLIMAATADAPTATIE = "klimaatadaptatie", _("Klimaatadaptatie")
        ENERGIETRANSITIE = "energietransitie", _("Energietransitie")
        SPELEN = "spelen", _("Spelen")
        VERLICHTING = "verlichting", _("Openbare verlichting")
        KABELS_LEIDINGEN = "kabels_leidingen", _("Kabels en leidingen")
        KUNSTWERKEN = "kunstwerken", _("Bruggen en kades")
        WONINGBOUW = "woningbouw", _("Woningbouw en renovatie")
        OVERIG = "overig", _("Overig")

    class Eigenaar(models.TextChoices):
        GEMEENTE = "gemeente", _("Gemeente (afdeling)")
        WATERSCHAP = "waterschap", _("Waterschap")
        NETBEHEERDER = "netbeheerder", _("Netbeheerder")
        CORPORATIE = "corporatie", _("Woningcorporatie")
        OVERIG = "overig", _("Overig")

    gebied = models.ForeignKey(Gebied, verbose_name=_("gebied"), on_delete=models.CASCADE, related_name="opgaven")
    titel = models.CharField(_("titel"), max_length=200)
    thema = models.CharField(_("thema"), max_length=30, choices=Thema.choices)
    eigenaar = models.CharField(_("eigenaar"), max_length=20, choices=Eigenaar.choices)
    eigenaar_naam = models.CharField(
        _("naam eigenaar"), max_length=120, blank=True, help_text=_("Bijvoorbeeld de afdeling of het bedrijf.")
    )
    venster_van = models.DateField(_("vroegst"))
    venster_tot = models.DateField(_("uiterlijk"))
    zekerheid = models.CharField(_("zekerheid"), max_length=10, choices=Zekerheid.choices, default=Zekerheid.MIDDEN)
    bron = models.CharField(_("bron"), max_length=200, blank=True, help_text=_("Bijvoorbeeld GRP 2024–2028."))
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opgaven",
        help_text=_("Het project waarin de opgave is opgenomen."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaven")
        ordering = ["gebied", "venster_van", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(venster_tot__gte=models.F("venster_van")), name="projecten_opgave_venster_geldig"
            ),
        ]

    def __str__(self):
        return self.titel


class Koppelkans(models.Model):
    """A chance to combine works: projects and/or opgaven in the same area whose windows overlap (within tolerance)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        GEBUNDELD = "gebundeld", _("Gebundeld")
        BEWUST_NIET = "bewust_niet", _("Bewust niet")

    gebied = models.ForeignKey(Gebied, verbose_name=_("gebied"), on_delete=models.CASCADE, related_name="koppelkansen")
    projecten = models.ManyToManyField(Project, verbose_name=_("projecten"), blank=True, related_name="koppelkansen")
    opgaven = models.ManyToManyField(Opgave, verbose_name=_("opgaven"), blank=True, related_name="koppelkansen")
    # A stable key of the members, so detection run twice finds the same koppelkans instead of a second one.
    sleutel = models.CharField(_("sleutel"), max_length=200, unique=True)
    periode_van = models.DateField(_("overlap vanaf"))
    periode_tot = models.DateField(_("overlap tot"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    gevonden_op = models.DateTimeField(_("gevonden op"), default=timezone.now)

    class Meta:
        verbose_name = _("koppelkans")
        verbose_name_plural = _("koppelkansen")
        ordering = ["periode_van", "pk"]

    def __str__(self):
        return f"{self.gebied} {self.periode_van:%Y}"


class Koppelbesluit(models.Model):
    """The decision log of a koppelkans."""

    koppelkans = models.ForeignKey(
        Koppelkans, verbose_name=_("koppelkans"), on_delete=models.CASCADE, related_name="besluiten"
    )
    besluit = models.CharField(_("besluit"), max_length=20, choices=Koppelkans.Status.choices)
    reden = models.TextField(_("reden"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="koppelbesluiten",
    )
    op = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("besluit over een koppelkans")
        verbose_name_plural = _("besluiten over koppelkansen")
        ordering = ["-op", "-pk"]

    def __str__(self):
        return f"{self.koppelkans}: {self.get_besluit_display()}"


class Graafrust(models.Model):
    """A street or part of an area just rebuilt: no digging until the date, unless for an emergency."""

    gebied = models.ForeignKey(Gebied, verbose_name=_("gebied"), on_delete=models.CASCADE, related_name="graafrust")
    locatie = models.CharField(_("straat of deel van het gebied"), max_length=200)
    tot = models.DateField(_("graafrust tot"))
    project = models.ForeignKey(
        Project, verbose_name=_("na project"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("graafrust")
        verbose_name_plural = _("graafrust")
        ordering = ["gebied", "tot"]

    def __str__(self):
        return f"{self.locatie} (tot {self.tot:%d-%m-%Y})"


def importbestand_pad(projectimport, filename):
    return f"imports/{timezone.now():%Y/%m}/{projectimport.gemeente_id}-{timezone.now():%H%M%S%f}"


class Projectimport(models.Model):
    """An uploaded planning: checked into a preview first, then committed all-or-nothing."""

    class Status(models.TextChoices):
        VOORVERTONING = "voorvertoning", _("Gecontroleerd, nog niet verwerkt")
        FOUTEN = "fouten", _("Bevat fouten")
        VERWERKT = "verwerkt", _("Verwerkt")
        VERLOPEN = "verlopen", _("Vervallen")

    gemeente = models.ForeignKey(
        "kring.Organisatie", verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="projectimports"
    )
    bestand = models.FileField(_("bestand"), upload_to=importbestand_pad)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    aantal_rijen = models.PositiveIntegerField(_("rijen"), default=0)
    aantal_nieuw = models.PositiveIntegerField(_("nieuwe projecten"), default=0)
    aantal_gewijzigd = models.PositiveIntegerField(_("gewijzigde projecten"), default=0)
    fouten = models.JSONField(_("fouten per rij"), default=list, blank=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geüpload door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="projectimports",
    )
    aangemaakt_op = models.DateTimeField(_("geüpload op"), default=timezone.now)
    verwerkt_op = models.DateTimeField(_("verwerkt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("import van projecten")
        verbose_name_plural = _("imports van projecten")
        ordering = ["-aangemaakt_op", "-pk"]

    def __str__(self):
        return f"{self.bestandsnaam} ({self.get_status_display()})"
