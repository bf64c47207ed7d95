"""Past performance: mutual, blind rating of cooperation per project (DESIGN §4, domain/research-past-performance.md).

A `Beoordelingsplan` ties a project to one of its contractors and names the responsible rater on each side; its
`Beoordelingsronde`s (start, tussentijds, eind) each hold four `Beoordeling`s: the gemeente about the contractor, the
contractor about the gemeente, and a self-rating of each side. Organisations are rated, never named people.

Status flows are transition tables (`OVERGANGEN`), enforced in pastperformance/services. Definitief is immutable:
corrections are an `Addendum`. Aggregates live in `Scoremaand` summary rows, updated when a round becomes definitief."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SCORE_MIN = 1
SCORE_MAX = 10
# Motivation is required at or below ONVOLDOENDE_TOT and at or above UITSCHIETER_VANAF; at or below
# ONVOLDOENDE_TOT a proposed afspraak is required too (research §4: the "voldoende" line is 6).
ONVOLDOENDE_TOT = 5
UITSCHIETER_VANAF = 9


class Richting(models.TextChoices):
    OG_ON = "og_on", _("Opdrachtgever over opdrachtnemer")
    ON_OG = "on_og", _("Opdrachtnemer over opdrachtgever")
    ZELF_OG = "zelf_og", _("Zelfbeoordeling opdrachtgever")
    ZELF_ON = "zelf_on", _("Zelfbeoordeling opdrachtnemer")


# Which side fills in each direction, and which side's performance it is about. A self-rating uses the criteria of the
# direction about the same side, so own view and the other side's view can be compared per criterion.
BEOORDELAAR_KANT = {Richting.OG_ON: "og", Richting.ON_OG: "on", Richting.ZELF_OG: "og", Richting.ZELF_ON: "on"}
OVER_KANT = {Richting.OG_ON: "on", Richting.ON_OG: "og", Richting.ZELF_OG: "og", Richting.ZELF_ON: "on"}
SPIEGEL = {Richting.ZELF_ON: Richting.OG_ON, Richting.ZELF_OG: Richting.ON_OG}


class Vragenlijst(models.Model):
    """One version of the questionnaire for one direction. A version in use is never edited: a beheerder makes a new
    version; a round keeps the version its ratings started with."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        VASTGESTELD = "vastgesteld", _("Vastgesteld")
        VERVANGEN = "vervangen", _("Vervangen")

    richting = models.CharField(_("richting"), max_length=10, choices=Richting.choices)
    versie = models.PositiveSmallIntegerField(_("versie"))
    naam = models.CharField(_("naam"), max_length=200)
    toelichting = models.TextField(_("toelichting"), blank=True, help_text=_("Markdown; HTML wordt opgeschoond."))
    label_1 = models.CharField(_("betekenis van 1"), max_length=120, default=_("Zeer slecht: ernstige tekortkomingen"))
    label_4 = models.CharField(
        _("betekenis van 4"), max_length=120, default=_("Onvoldoende: duidelijk onder verwachting")
    )
    label_7 = models.CharField(_("betekenis van 7"), max_length=120, default=_("Goed: volgens verwachting"))
    label_10 = models.CharField(_("betekenis van 10"), max_length=120, default=_("Uitstekend: ver boven verwachting"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT)
    vastgesteld_op = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        ordering = ["richting", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["richting", "versie"], name="pp_vragenlijst_versie_uniek"),
            # Exactly one version per direction is the one new ratings use.
            models.UniqueConstraint(
                fields=["richting"], condition=Q(status="vastgesteld"), name="pp_vragenlijst_een_vastgestelde"
            ),
        ]

    def __str__(self):
        return f"{self.naam} (versie {self.versie})"

    @property
    def labels(self) -> dict[int, str]:
        return {1: self.label_1, 4: self.label_4, 7: self.label_7, 10: self.label_10}


class Criterium(models.Model):
    vragenlijst = models.ForeignKey(
        Vragenlijst, verbose_name=_("vragenlijst"), on_delete=models.CASCADE, related_name="criteria"
    )
    # The code links a criterion across versions and to its mirror in the self-rating (e.g. "veiligheid").
    code = models.SlugField(_("code"), max_length=40)
    naam = models.CharField(_("naam"), max_length=120)
    toelichting = models.TextField(_("toelichting"), blank=True, help_text=_("Waar let de beoordelaar op?"))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    nvt_toegestaan = models.BooleanField(_("NVT toegestaan"), default=True)

    class Meta:
        verbose_name = _("criterium")
        verbose_name_plural = _("criteria")
        ordering = ["vragenlijst", "volgorde", "pk"]
        constraints = [models.UniqueConstraint(fields=["vragenlijst", "code"], name="pp_criterium_code_uniek")]

    def __str__(self):
        return self.naam


class Beleid(models.Model):
    """The kring's past-performance policy: one row (pk 1), edited by beheerders, every change audited."""

    gebruik_voor_selectie = models.BooleanField(
        _("beoordelingen gebruiken bij selectie"),
        default=False,
        help_text=_(
            "Standaard uit: de kring beoordeelt om samen bij te sturen, niet om opdrachtnemers te selecteren. Zet dit "
            "alleen aan met een vastgelegde grondslag."
        ),
    )
    grondslag = models.TextField(
        _("grondslag voor selectie"),
        blank=True,
        help_text=_("Verplicht als beoordelingen bij selectie worden gebruikt: besluit, datum en juridische basis."),
    )
    minimum_n = models.PositiveSmallIntegerField(
        _("minimum aantal beoordelingen"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Daaronder toont een profiel 'geen oordeel', nooit een standaardcijfer."),
    )
    venster_maanden = models.PositiveSmallIntegerField(
        _("venster (maanden)"), default=36, validators=[MinValueValidator(6), MaxValueValidator(120)]
    )
    onthulling_dagen = models.PositiveSmallIntegerField(
        _("onthulling uiterlijk na (dagen)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    reactie_dagen = models.PositiveSmallIntegerField(
        _("reactietermijn (dagen)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    verlenging_dagen = models.PositiveSmallIntegerField(
        _("verlenging reactietermijn (dagen)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    tussentijds_maanden = models.PositiveSmallIntegerField(
        _("tussentijdse ronde elke (maanden uitvoering)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    eindronde_dagen = models.PositiveSmallIntegerField(
        _("eindronde binnen (dagen na oplevering)"),
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), default=timezone.now)

    class Meta:
        verbose_name = _("beleid past performance")
        verbose_name_plural = _("beleid past performance")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="pp_beleid_een_rij"),
            models.CheckConstraint(
                condition=Q(gebruik_voor_selectie=False) | ~Q(grondslag=""), name="pp_beleid_selectie_met_grondslag"
            ),
        ]

    def __str__(self):
        return str(_("Beleid past performance"))

    @classmethod
    def huidig(cls) -> "Beleid":
        beleid, _nieuw = cls.objects.get_or_create(pk=1)
        return beleid


class Beoordelingsplan(models.Model):
    """The rating of one contractor on one project: who rates on each side and the execution dates the rounds are
    planned from."""

    project = models.ForeignKey(
        "projecten.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="beoordelingsplannen"
    )
    opdrachtnemer = models.ForeignKey(
        "kring.Organisatie",
        verbose_name=_("opdrachtnemer"),
        on_delete=models.PROTECT,
        related_name="beoordelingsplannen",
        limit_choices_to={"soort": "opdrachtnemer"},
    )
    beoordelaar_og = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordelaar namens de gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    beoordelaar_on = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordelaar namens de opdrachtnemer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uitvoering_start = models.DateField(_("start uitvoering"))
    uitvoering_eind = models.DateField(_("geplande oplevering"))
    opgeleverd_op = models.DateField(_("opgeleverd op"), null=True, blank=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("beoordelingsplan")
        verbose_name_plural = _("beoordelingsplannen")
        ordering = ["-uitvoering_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "opdrachtnemer"], name="pp_plan_per_opdrachtnemer"),
            models.CheckConstraint(
                condition=Q(uitvoering_eind__gte=models.F("uitvoering_start")), name="pp_plan_eind_na_start"
            ),
        ]

    def __str__(self):
        return f"{self.project} – {self.opdrachtnemer}"

    def get_absolute_url(self):
        return reverse("pastperformance:plan", kwargs={"pk": self.pk})


class Beoordelingsronde(models.Model):
    class Soort(models.TextChoices):
        START = "start", _("Startronde")
        TUSSENTIJDS = "tussentijds", _("Tussentijdse ronde")
        EIND = "eind", _("Eindronde")

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        OPEN = "open", _("Open: beoordelen")
        ONTHULD = "onthuld", _("Onthuld: bespreken")
        BESPROKEN = "besproken", _("Besproken: reactietermijn")
        DEFINITIEF = "definitief", _("Definitief")
        VERVALLEN = "vervallen", _("Vervallen")

    # The only allowed status changes (enforced in pastperformance/services/rondes.py and .../bespreking.py).
    OVERGANGEN = {
        Status.GEPLAND: (Status.OPEN, Status.VERVALLEN),
        Status.OPEN: (Status.ONTHULD, Status.VERVALLEN),
        Status.ONTHULD: (Status.BESPROKEN,),
        Status.BESPROKEN: (Status.DEFINITIEF,),
        Status.DEFINITIEF: (),
        Status.VERVALLEN: (),
    }

    plan = models.ForeignKey(
        Beoordelingsplan, verbose_name=_("beoordelingsplan"), on_delete=models.CASCADE, related_name="rondes"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    volgnummer = models.PositiveSmallIntegerField(_("volgnummer"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.GEPLAND)
    opent_op = models.DateField(_("opent op"))
    onthulling_uiterlijk = models.DateField(
        _("onthulling uiterlijk"),
        help_text=_("Dan worden de beoordelingen zichtbaar, ook als nog niet alles is ingevuld."),
    )
    geopend_op = models.DateTimeField(_("geopend op"), null=True, blank=True)
    onthuld_op = models.DateTimeField(_("onthuld op"), null=True, blank=True)
    reactie_tot = models.DateField(_("reageren kan tot en met"), null=True, blank=True)
    reactie_verlengd = models.BooleanField(_("reactietermijn verlengd"), default=False)
    definitief_op = models.DateTimeField(_("definitief op"), null=True, blank=True)
    vervallen_reden = models.CharField(_("reden vervallen"), max_length=300, blank=True)
    # Lessons of an eindronde, written at the bespreking; one action publishes them to the kennisbank.
    lessen = models.TextField(_("lessen voor de kring"), blank=True)
    kennisitem = models.ForeignKey(
        "werkgroepen.Kennisitem",
        verbose_name=_("gepubliceerd in de kennisbank"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("beoordelingsronde")
        verbose_name_plural = _("beoordelingsrondes")
        ordering = ["plan", "volgnummer"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "volgnummer"], name="pp_ronde_volgnummer_uniek"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(soort="eind") & ~Q(status="vervallen"), name="pp_ronde_een_eindronde"
            ),
            models.CheckConstraint(
                condition=Q(onthulling_uiterlijk__gte=models.F("opent_op")), name="pp_ronde_onthulling_na_opening"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "onthulling_uiterlijk"], name="pp_ronde_status_onthul_idx"),
            models.Index(fields=["status", "opent_op"], name="pp_ronde_status_opent_idx"),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.volgnummer} – {self.plan}"

    def get_absolute_url(self):
        return reverse("pastperformance:ronde", kwargs={"pk": self.pk})

    @property
    def is_onthuld(self) -> bool:
        return self.status in (self.Status.ONTHULD, self.Status.BESPROKEN, self.Status.DEFINITIEF)


class Beoordeling(models.Model):
    """One side's rating in a round (one of four directions). Its scores are blind until the round is revealed."""

    ronde = models.ForeignKey(
        Beoordelingsronde, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="beoordelingen"
    )
    richting = models.CharField(_("richting"), max_length=10, choices=Richting.choices)
    vragenlijst = models.ForeignKey(
        Vragenlijst, verbose_name=_("vragenlijst"), on_delete=models.PROTECT, related_name="beoordelingen"
    )
    beoordelaar_organisatie = models.ForeignKey(
        "kring.Organisatie", verbose_name=_("beoordelaar"), on_delete=models.PROTECT, related_name="+"
    )
    beoordeelde_organisatie = models.ForeignKey(
        "kring.Organisatie", verbose_name=_("beoordeelde"), on_delete=models.PROTECT, related_name="+"
    )
    algemene_toelichting = models.TextField(_("algemene toelichting"), blank=True)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ingediend_op = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    bijgewerkt_op = models.DateTimeField(_("concept bewaard op"), null=True, blank=True)
    # False after an upheld bezwaar: the rating stays visible (with the addendum) but no longer counts in profiles.
    telt_mee = models.BooleanField(_("telt mee in profielen"), default=True)

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        ordering = ["ronde", "richting"]
        constraints = [models.UniqueConstraint(fields=["ronde", "richting"], name="pp_beoordeling_per_richting")]

    def __str__(self):
        return f"{self.get_richting_display()} – {self.ronde}"

    @property
    def is_ingediend(self) -> bool:
        return self.ingediend_op is not None


class Score(models.Model):
    beoordeling = models.ForeignKey(
        Beoordeling, verbose_name=_("beoordeling"), on_delete=models.CASCADE, related_name="scores"
    )
    criterium = models.ForeignKey(Criterium, verbose_name=_("criterium"), on_delete=models.PROTECT, related_name="+")
    # Empty means NVT (not applicable) in a submitted rating, or not yet answered in a draft.
    waarde = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    nvt = models.BooleanField(_("niet van toepassing"), default=False)
    motivering = models.TextField(_("motivering"), blank=True)
    voorgestelde_afspraak = models.TextField(_("voorgestelde afspraak"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["beoordeling", "criterium__volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["beoordeling", "criterium"], name="pp_score_per_criterium"),
            models.CheckConstraint(
                condition=Q(waarde__isnull=True) | Q(waarde__gte=SCORE_MIN, waarde__lte=SCORE_MAX),
                name="pp_score_bereik",
            ),
            models.CheckConstraint(condition=Q(nvt=False) | Q(waarde__isnull=True), name="pp_score_nvt_zonder_cijfer"),
        ]

    def __str__(self):
        return f"{self.criterium}: {'NVT' if self.nvt else self.waarde}"


class Bespreking(models.Model):
    """The conversation after the reveal: when, who was there, what was said."""

    ronde = models.OneToOneField(
        Beoordelingsronde, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="bespreking"
    )
    datum = models.DateField(_("datum"))
    aanwezigen = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("aanwezig"), blank=True, related_name="+"
    )
    overige_aanwezigen = models.CharField(
        _("overige aanwezigen"), max_length=300, blank=True, help_text=_("Rollen of organisaties, geen namen nodig.")
    )
    samenvatting = models.TextField(_("samenvatting"))
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("bespreking")
        verbose_name_plural = _("besprekingen")

    def __str__(self):
        return f"{self.ronde} ({self.datum:%d-%m-%Y})"


class Afspraak(models.Model):
    """An agreed improvement with an owner and a due date, checked again in the next round of the same plan."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        NAGEKOMEN = "nagekomen", _("Nagekomen")
        NIET_NAGEKOMEN = "niet_nagekomen", _("Niet nagekomen")
        VERVALLEN = "vervallen", _("Vervallen")

    ronde = models.ForeignKey(
        Beoordelingsronde, verbose_name=_("gemaakt in ronde"), on_delete=models.CASCADE, related_name="afspraken"
    )
    criterium_code = models.SlugField(_("criterium"), max_length=40, blank=True)
    omschrijving = models.TextField(_("afspraak"))
    eigenaar_organisatie = models.ForeignKey(
        "kring.Organisatie", verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="+"
    )
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aanspreekpunt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pp_afspraken",
    )
    deadline = models.DateField(_("uiterlijk"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    gecontroleerd_in = models.ForeignKey(
        Beoordelingsronde,
        verbose_name=_("gecontroleerd in ronde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gecontroleerde_afspraken",
    )
    toelichting = models.TextField(_("toelichting bij de status"), blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), default=timezone.now)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="pp_afspraak_status_dl_idx")]

    def __str__(self):
        return self.omschrijving[:80]


class Reactie(models.Model):
    """The rated organisation's reply to a rating: always shown beside it."""

    beoordeling = models.OneToOneField(
        Beoordeling, verbose_name=_("beoordeling"), on_delete=models.CASCADE, related_name="reactie"
    )
    eens = models.BooleanField(_("eens met de beoordeling"))
    tekst = models.TextField(_("reactie"))
    gesprek_gewenst = models.BooleanField(_("gesprek gewenst"), default=False)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    op = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")

    def __str__(self):
        return f"{_('Reactie')} – {self.beoordeling}"


class Bezwaar(models.Model):
    """An objection against a definitief rating, decided by a panel of one gemeente manager and one kring member not
    involved in the project. The decision is recorded as an addendum; the original rating is kept."""

    class Status(models.TextChoices):
        INGEDIEND = "ingediend", _("Ingediend")
        PANEL = "panel", _("Bij het panel")
        BESLOTEN = "besloten", _("Besloten")

    class Besluit(models.TextChoices):
        GEGROND = "gegrond", _("Gegrond: telt niet mee in profielen")
        DEELS = "deels", _("Deels gegrond: addendum, telt mee")
        ONGEGROND = "ongegrond", _("Ongegrond")

    OVERGANGEN = {
        Status.INGEDIEND: (Status.PANEL,),
        Status.PANEL: (Status.BESLOTEN,),
        Status.BESLOTEN: (),
    }

    beoordeling = models.ForeignKey(
        Beoordeling, verbose_name=_("beoordeling"), on_delete=models.CASCADE, related_name="bezwaren"
    )
    organisatie = models.ForeignKey(
        "kring.Organisatie", verbose_name=_("ingediend door organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    gronden = models.TextField(_("gronden"))
    ingediend_op = models.DateTimeField(_("ingediend op"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INGEDIEND)
    panel_gemeente = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("panellid namens een gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pp_panels_gemeente",
    )
    panel_kring = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("panellid uit de kring"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pp_panels_kring",
    )
    besluit = models.CharField(_("besluit"), max_length=20, choices=Besluit.choices, blank=True)
    besloten_op = models.DateTimeField(_("besloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        ordering = ["-ingediend_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["beoordeling"], condition=~Q(status="besloten"), name="pp_bezwaar_een_lopend"
            ),
            models.CheckConstraint(
                condition=Q(panel_gemeente__isnull=True)
                | Q(panel_kring__isnull=True)
                | ~Q(panel_gemeente=models.F("panel_kring")),
                name="pp_bezwaar_panel_twee_personen",
            ),
        ]

    def __str__(self):
        return f"{_('Bezwaar')} – {self.beoordeling}"


class Addendum(models.Model):
    """The only way to correct a definitief round: an added text, by a beheerder or as a panel's decision."""

    ronde = models.ForeignKey(
        Beoordelingsronde, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="addenda"
    )
    beoordeling = models.ForeignKey(
        Beoordeling,
        verbose_name=_("beoordeling"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="addenda",
    )
    bezwaar = models.OneToOneField(
        Bezwaar, verbose_name=_("bezwaar"), on_delete=models.CASCADE, null=True, blank=True, related_name="addendum"
    )
    tekst = models.TextField(_("tekst"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    op = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")
        ordering = ["op", "pk"]

    def __str__(self):
        return f"{_('Addendum')} – {self.ronde}"


class KpiMeting(models.Model):
    """A hard figure beside the soft scores. Its kind decides whose performance it measures."""

    class Soort(models.TextChoices):
        BETAALTERMIJN = "betaaltermijn", _("Dagen van factuur tot betaling")
        BESLUITTERMIJN = "besluittermijn", _("Dagen tot besluit over een wijziging")
        VERTRAGING = "vertraging", _("Dagen vertraging")

    # The side whose performance the figure is about: payment and decisions are the gemeente's, delay the contractor's.
    OVER_KANT = {Soort.BETAALTERMIJN: "og", Soort.BESLUITTERMIJN: "og", Soort.VERTRAGING: "on"}

    plan = models.ForeignKey(
        Beoordelingsplan, verbose_name=_("beoordelingsplan"), on_delete=models.CASCADE, related_name="kpi_metingen"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    dagen = models.PositiveSmallIntegerField(_("dagen"), validators=[MaxValueValidator(1000)])
    peildatum = models.DateField(_("datum"), help_text=_("Bijvoorbeeld de betaaldatum of de datum van het besluit."))
    omschrijving = models.CharField(
        _("omschrijving"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: factuur termijn 3, meerwerk kademuur."),
    )
    ingevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    ingevoerd_op = models.DateTimeField(_("ingevoerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("KPI-meting")
        verbose_name_plural = _("KPI-metingen")
        ordering = ["plan", "soort", "peildatum"]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.dagen}"


class Scoremaand(models.Model):
    """Summary row: the definitief scores one organisation received in one direction, for one criterion (or "" for the
    whole rating, or "kpi:<soort>" for a hard KPI), in one month. Profiles and benchmarks add up these rows with a
    recency weight instead of scanning all scores. `organisatie` empty = the whole kring."""

    TOTAAL = ""

    organisatie = models.ForeignKey(
        "kring.Organisatie",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    richting = models.CharField(_("richting"), max_length=10, choices=Richting.choices)
    criterium_code = models.CharField(_("criterium"), max_length=60, blank=True)
    maand = models.DateField(_("maand"))  # first day of the month
    aantal = models.PositiveIntegerField(_("aantal"), default=0)
    som = models.DecimalField(_("som"), max_digits=14, decimal_places=4, default=0)
    som_kwadraten = models.DecimalField(_("som van kwadraten"), max_digits=18, decimal_places=4, default=0)

    class Meta:
        verbose_name = _("scoremaand")
        verbose_name_plural = _("scoremaanden")
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "richting", "criterium_code", "maand"],
                condition=Q(organisatie__isnull=False),
                name="pp_scoremaand_uniek",
            ),
            models.UniqueConstraint(
                fields=["richting", "criterium_code", "maand"],
                condition=Q(organisatie__isnull=True),
                name="pp_scoremaand_kring_uniek",
            ),
        ]
        indexes = [models.Index(fields=["richting", "criterium_code", "maand"], name="pp_scoremaand_idx")]

    def __str__(self):
        return f"{self.organisatie or _('kring')} {self.richting} {self.criterium_code} {self.maand:%m-%Y}"


class Beoordelaarverdeling(models.Model):
    """Summary row for rater calibration: how often a person gave each score in definitief ratings of one direction.
    `beoordelaar` empty = the whole kring."""

    beoordelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordelaar"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    richting = models.CharField(_("richting"), max_length=10, choices=Richting.choices)
    waarde = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    aantal = models.PositiveIntegerField(_("aantal"), default=0)

    class Meta:
        verbose_name = _("beoordelaarverdeling")
        verbose_name_plural = _("beoordelaarverdelingen")
        constraints = [
            models.UniqueConstraint(
                fields=["beoordelaar", "richting", "waarde"],
                condition=Q(beoordelaar__isnull=False),
                name="pp_verdeling_uniek",
            ),
            models.UniqueConstraint(
                fields=["richting", "waarde"], condition=Q(beoordelaar__isnull=True), name="pp_verdeling_kring_uniek"
            ),
        ]

    def __str__(self):
        return f"{self.beoordelaar or _('kring')} {self.richting} {self.waarde}: {self.aantal}"
