from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.validators import validate_kvk_nummer


class OrganisatieQuerySet(models.QuerySet):
    def leden(self):
        """Organisations that are members today (approved, membership period running)."""
        vandaag = timezone.localdate()
        return self.filter(lid_sinds__isnull=False, lid_sinds__lte=vandaag).filter(
            Q(lid_tot__isnull=True) | Q(lid_tot__gte=vandaag)
        )


class Organisatie(models.Model):
    class Soort(models.TextChoices):
        GEMEENTE = "gemeente", _("Gemeente")
        OPDRACHTNEMER = "opdrachtnemer", _("Opdrachtnemer")
        OVERIG = "overig", _("Overig")

    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    kvk_nummer = models.CharField(
        _("KvK-nummer"),
        max_length=8,
        blank=True,
        validators=[validate_kvk_nummer],
        help_text=_("Acht cijfers, zoals in het Handelsregister. Verplicht voor opdrachtnemers."),
    )
    plaats = models.CharField(_("plaats"), max_length=100, blank=True)
    lid_sinds = models.DateField(
        _("lid sinds"), null=True, blank=True, help_text=_("Leeg zolang de organisatie alleen is voorgesteld.")
    )
    lid_tot = models.DateField(_("lid tot"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = OrganisatieQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_nummer"], condition=~Q(kvk_nummer=""), name="kring_organisatie_kvk_uniek"
            ),
            models.UniqueConstraint(fields=["naam"], name="kring_organisatie_naam_uniek"),
            models.CheckConstraint(
                condition=~Q(soort="opdrachtnemer") | ~Q(kvk_nummer=""), name="kring_organisatie_kvk_voor_bedrijven"
            ),
            models.CheckConstraint(
                condition=Q(lid_tot__isnull=True) | Q(lid_sinds__isnull=False, lid_tot__gte=models.F("lid_sinds")),
                name="kring_organisatie_periode_geldig",
            ),
        ]

    def __str__(self):
        return self.naam

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.soort == self.Soort.OPDRACHTNEMER and not self.kvk_nummer:
            raise ValidationError({"kvk_nummer": _("Een opdrachtnemer heeft een KvK-nummer nodig.")})

    @property
    def is_voorgesteld(self) -> bool:
        return self.lid_sinds is None


class UserQuerySet(models.QuerySet):
    def select_for_update(self, **kwargs):
        # The organisation is joined by default (see the manager); PostgreSQL cannot lock the nullable side of
        # that outer join, and only the user row needs the lock.
        kwargs.setdefault("of", ("self",))
        return super().select_for_update(**kwargs)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_queryset(self):
        # Nearly every page asks the user's kind, which lives on the organisation: fetch both in one query.
        return super().get_queryset().select_related("organisatie")

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("Een gebruiker heeft een e-mailadres nodig.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        """A system beheerder from the command line: active and beheerder; a second factor is asked at first login."""
        extra.setdefault("status", User.Status.ACTIEF)
        extra.setdefault("is_beheerder", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser):
    """A person with an account. Their kind (gemeente/opdrachtnemer) follows from their organisation; stuurgroep and
    beheerder are roles given on top."""

    class Status(models.TextChoices):
        AANGEVRAAGD = "aangevraagd", _("Aangevraagd")
        ACTIEF = "actief", _("Actief")
        GEBLOKKEERD = "geblokkeerd", _("Geblokkeerd")

    email = models.EmailField(_("e-mailadres"), unique=True)
    naam = models.CharField(_("naam"), max_length=150)
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="medewerkers",
        null=True,
        blank=True,
        help_text=_("Alleen systeemaccounts hebben geen organisatie."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AANGEVRAAGD)
    status_reden = models.TextField(_("reden van de status"), blank=True)
    is_stuurgroep = models.BooleanField(_("stuurgroeplid"), default=False)
    is_beheerder = models.BooleanField(_("beheerder"), default=False)
    is_tekenbevoegd = models.BooleanField(
        _("tekenbevoegd"),
        default=False,
        help_text=_("Mag de intentieovereenkomst namens de eigen organisatie ondertekenen."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["naam"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["naam"]
        indexes = [models.Index(fields=["status", "aangemaakt_op"], name="kring_user_status_idx")]

    def __str__(self):
        return self.naam or self.email

    # Django and allauth ask these; they are derived from status and role so there is one source of truth.
    @property
    def is_active(self) -> bool:
        return self.status != self.Status.GEBLOKKEERD

    @property
    def is_staff(self) -> bool:
        return self.is_beheerder and self.is_actief

    @property
    def is_superuser(self) -> bool:
        return self.is_staff

    def has_perm(self, perm, obj=None) -> bool:
        return self.is_staff

    def has_perms(self, perm_list, obj=None) -> bool:
        return self.is_staff

    def has_module_perms(self, app_label) -> bool:
        return self.is_staff

    def get_full_name(self) -> str:
        return self.naam

    def get_short_name(self) -> str:
        return self.naam.split(" ")[0] if self.naam else self.email

    @property
    def is_actief(self) -> bool:
        return self.status == self.Status.ACTIEF

    @property
    def is_gemeente(self) -> bool:
        return self.organisatie_id is not None and self.organisatie.soort == Organisatie.Soort.GEMEENTE

    @property
    def is_opdrachtnemer(self) -> bool:
        return self.organisatie_id is not None and self.organisatie.soort == Organisatie.Soort.OPDRACHTNEMER

    @property
    def rollen(self) -> list[str]:
        """The roles in Dutch, for display."""
        rollen = []
        if self.is_gemeente:
            rollen.append(str(_("Gemeente")))
        if self.is_opdrachtnemer:
            rollen.append(str(_("Opdrachtnemer")))
        if self.is_stuurgroep:
            rollen.append(str(_("Stuurgroep")))
        if self.is_beheerder:
            rollen.append(str(_("Beheerder")))
        return rollen


class AuditEvent(models.Model):
    """One row per business or authentication event: who did what to which object, and what changed."""

    actor = models.ForeignKey(
        User, verbose_name=_("door"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_omschrijving = models.CharField(_("door (zoals toen)"), max_length=254, blank=True)
    actie = models.CharField(_("actie"), max_length=64, db_index=True)
    object_type = models.ForeignKey(
        ContentType, verbose_name=_("soort object"), null=True, blank=True, on_delete=models.SET_NULL
    )
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    object_omschrijving = models.CharField(_("object"), max_length=254, blank=True)
    voor = models.JSONField(_("voor"), null=True, blank=True)
    na = models.JSONField(_("na"), null=True, blank=True)
    ip_adres = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("auditlog")
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="kring_audit_object_idx")]

    def __str__(self):
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.actie} {self.object_omschrijving}"


# --- Intentieovereenkomst --------------------------------------------------------------------------------------------


class Intentieovereenkomst(models.Model):
    """One version of the agreement that binds the kring. Status changes follow the table in the services."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        TER_ONDERTEKENING = "ter_ondertekening", _("Ter ondertekening")
        VAN_KRACHT = "van_kracht", _("Van kracht")
        VERLOPEN = "verlopen", _("Verlopen")

    titel = models.CharField(_("titel"), max_length=200)
    versie = models.PositiveSmallIntegerField(_("versie"), unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT)
    ingangsdatum = models.DateField(_("ingangsdatum"))
    einddatum = models.DateField(_("einddatum"))
    tekst = models.TextField(
        _("tekst"), help_text=_("Markdown: kopjes met #, lijsten met -, nadruk met *; HTML wordt opgeschoond.")
    )
    ondertekening_gesloten_op = models.DateTimeField(_("ondertekening gesloten op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("intentieovereenkomst")
        verbose_name_plural = _("intentieovereenkomsten")
        ordering = ["-versie"]
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__gt=models.F("ingangsdatum")), name="kring_overeenkomst_periode_geldig"
            ),
        ]

    def __str__(self):
        return f"{self.titel} (versie {self.versie})"

    def get_absolute_url(self):
        return reverse("kring:overeenkomst_detail", kwargs={"pk": self.pk})


class Themadoel(models.Model):
    overeenkomst = models.ForeignKey(
        Intentieovereenkomst,
        verbose_name=_("intentieovereenkomst"),
        on_delete=models.CASCADE,
        related_name="themadoelen",
    )
    naam = models.CharField(_("naam"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    werkgroepen = models.ManyToManyField(
        "werkgroepen.Werkgroep", verbose_name=_("werkgroepen"), blank=True, related_name="themadoelen"
    )

    class Meta:
        verbose_name = _("themadoel")
        verbose_name_plural = _("themadoelen")
        ordering = ["overeenkomst", "volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["overeenkomst", "naam"], name="kring_themadoel_naam_uniek"),
        ]

    def __str__(self):
        return self.naam


class Ondertekening(models.Model):
    """A participant's signature: one per organisation per version, by a person entitled to sign for it."""

    overeenkomst = models.ForeignKey(
        Intentieovereenkomst,
        verbose_name=_("intentieovereenkomst"),
        on_delete=models.PROTECT,
        related_name="ondertekeningen",
    )
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="ondertekeningen"
    )
    ondertekenaar = models.ForeignKey(
        User, verbose_name=_("ondertekend door"), on_delete=models.PROTECT, related_name="ondertekeningen"
    )
    # The name and function as printed under the agreement, kept as they were on the day of signing.
    naam_ondertekenaar = models.CharField(_("naam ondertekenaar"), max_length=150)
    functie = models.CharField(_("functie"), max_length=150, blank=True)
    ondertekend_op = models.DateTimeField(_("ondertekend op"), default=timezone.now)

    class Meta:
        verbose_name = _("ondertekening")
        verbose_name_plural = _("ondertekeningen")
        ordering = ["overeenkomst", "organisatie__naam"]
        constraints = [
            models.UniqueConstraint(fields=["overeenkomst", "organisatie"], name="kring_ondertekening_uniek"),
        ]

    def __str__(self):
        return f"{self.organisatie} — {self.overeenkomst}"


# --- Rapporten -------------------------------------------------------------------------------------------------------


def rapport_pad(rapport, filename):
    # One fixed name per report, so a retried or duplicated task overwrites instead of adding a file.
    return f"rapporten/{rapport.pk}.pdf"


def rapport_opslag():
    # Under MEDIA_ROOT; overwriting keeps that one name when a task is redelivered after writing but before committing.
    return FileSystemStorage(allow_overwrite=True)


class Rapport(models.Model):
    """A PDF report requested by a person and rendered by a worker."""

    class Soort(models.TextChoices):
        INTENTIEOVEREENKOMST = "intentieovereenkomst", _("Intentieovereenkomst met ondertekenaars")
        BIJEENKOMST_AGENDA = "bijeenkomst_agenda", _("Agenda van een bijeenkomst")
        BIJEENKOMST_VERSLAG = "bijeenkomst_verslag", _("Verslag van een bijeenkomst")
        PP_RONDE = "pp_ronde", _("Rapport van een beoordelingsronde")
        PP_JAAROVERZICHT = "pp_jaaroverzicht", _("Jaaroverzicht past performance van een organisatie")
        SROI_VERPLICHTING = "sroi_verplichting", _("SROI-verantwoording van een project")
        SROI_OPDRACHTNEMER = "sroi_opdrachtnemer", _("SROI-verantwoording van een opdrachtnemer")
        KWARTAALRAPPORTAGE = "kwartaalrapportage", _("Kwartaalrapportage voor de stuurgroep")

    class Status(models.TextChoices):
        WACHT = "wacht", _("Wordt later gemaakt")  # the broker was unreachable: sent again when it is back
        WACHTRIJ = "wachtrij", _("In de wachtrij")
        BEZIG = "bezig", _("Wordt gemaakt")
        KLAAR = "klaar", _("Klaar")
        MISLUKT = "mislukt", _("Mislukt")

    soort = models.CharField(_("soort"), max_length=40, choices=Soort.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    titel = models.CharField(_("titel"), max_length=200)
    aangevraagd_door = models.ForeignKey(
        User, verbose_name=_("aangevraagd door"), on_delete=models.CASCADE, related_name="rapporten"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WACHTRIJ)
    bestand = models.FileField(_("bestand"), upload_to=rapport_pad, storage=rapport_opslag, blank=True)
    fout = models.TextField(_("foutmelding"), blank=True)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    gestart_op = models.DateTimeField(_("gestart op"), null=True, blank=True)
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")
        ordering = ["-aangevraagd_op", "-pk"]
        indexes = [models.Index(fields=["aangevraagd_door", "-aangevraagd_op"], name="kring_rapport_aanvr_idx")]

    def __str__(self):
        return self.titel

    @property
    def is_afgerond(self) -> bool:
        return self.status in (self.Status.KLAAR, self.Status.MISLUKT)

    @property
    def duur(self):
        if self.gestart_op and self.klaar_op:
            return self.klaar_op - self.gestart_op
        return None


# --- Herinneringen ---------------------------------------------------------------------------------------------------


class Herinnering(models.Model):
    """One reminder actually sent. Unique per kind, object, recipient and due date, so a re-run never mails twice."""

    soort = models.CharField(_("soort"), max_length=64)
    object_type = models.ForeignKey(ContentType, verbose_name=_("soort object"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("object-id"))
    ontvanger = models.ForeignKey(
        User, verbose_name=_("ontvanger"), on_delete=models.CASCADE, related_name="herinneringen"
    )
    vervaldatum = models.DateField(_("vervaldatum"))
    verstuurd_op = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    in_overzicht = models.BooleanField(_("in weekoverzicht"), default=False)

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        ordering = ["-verstuurd_op", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["soort", "object_type", "object_id", "ontvanger", "vervaldatum"],
                name="kring_herinnering_uniek",
            ),
        ]
        indexes = [models.Index(fields=["ontvanger", "-verstuurd_op"], name="kring_herinn_ontvanger_idx")]

    def __str__(self):
        return f"{self.soort} → {self.ontvanger} ({self.vervaldatum:%d-%m-%Y})"


class HerinneringVoorkeur(models.Model):
    """How a person wants one kind of reminder; without a row the kind's default applies."""

    class Frequentie(models.TextChoices):
        DIRECT = "direct", _("Direct")
        WEKELIJKS = "wekelijks", _("In een wekelijks overzicht")
        UIT = "uit", _("Niet")

    gebruiker = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="herinnering_voorkeuren"
    )
    soort = models.CharField(_("soort"), max_length=64)
    frequentie = models.CharField(_("frequentie"), max_length=20, choices=Frequentie.choices)

    class Meta:
        verbose_name = _("herinneringsvoorkeur")
        verbose_name_plural = _("herinneringsvoorkeuren")
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "soort"], name="kring_herinneringvoorkeur_uniek"),
        ]

    def __str__(self):
        return f"{self.gebruiker}: {self.soort} {self.get_frequentie_display()}"


# --- Privacy ---------------------------------------------------------------------------------------------------------


class Verwijderverzoek(models.Model):
    """A person's request to have their account removed (AVG art. 17); a beheerder handles it by anonymising."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UITGEVOERD = "uitgevoerd", _("Uitgevoerd")
        AFGEWEZEN = "afgewezen", _("Afgewezen")

    gebruiker = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="verwijderverzoeken"
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    afgehandeld_op = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    afgehandeld_door = models.ForeignKey(
        User,
        verbose_name=_("afgehandeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reden_afwijzing = models.TextField(_("reden van afwijzing"), blank=True)

    class Meta:
        verbose_name = _("verwijderverzoek")
        verbose_name_plural = _("verwijderverzoeken")
        ordering = ["aangevraagd_op", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gebruiker"], condition=Q(status="open"), name="kring_verwijderverzoek_een_open"
            ),
        ]

    def __str__(self):
        return f"{self.gebruiker} ({self.aangevraagd_op:%d-%m-%Y})"


class Indicator(models.Model):
    """A measurable indicator of a themadoel, with a target: the stuurgroep reads value against target per quarter.
    Its `bron` names how the portal computes it (kring/indicatoren.py); `handmatig` values are entered by hand."""

    class Bron(models.TextChoices):
        PROJECTEN_BESPROKEN = "projecten_besproken", _("Projecten besproken in de kring vóór de aanbesteding (%)")
        PP_OG_ON = "pp_og_on", _("Gemiddeld cijfer van de gemeenten voor de opdrachtnemers")
        PP_ON_OG = "pp_on_og", _("Gemiddeld cijfer van de opdrachtnemers voor de gemeenten")
        PP_OP_TIJD = "pp_op_tijd", _("Beoordelingsrondes op tijd onthuld (%)")
        SROI_GEREALISEERD = "sroi_gerealiseerd", _("SROI gerealiseerd van het verschuldigde bedrag (%)")
        ACTIVITEITEN_OP_SCHEMA = "activiteiten_op_schema", _("Activiteiten van de uitvoeringsagenda op schema (%)")
        KLAAGPAAL_OPGEVOLGD = "klaagpaal_opgevolgd", _("Klaagpaal-items opgevolgd (%)")
        HANDMATIG = "handmatig", _("Handmatig per kwartaal ingevuld")

    themadoel = models.ForeignKey(
        Themadoel, verbose_name=_("themadoel"), on_delete=models.CASCADE, related_name="indicatoren"
    )
    naam = models.CharField(_("naam"), max_length=200)
    bron = models.CharField(_("bron"), max_length=40, choices=Bron.choices)
    eenheid = models.CharField(_("eenheid"), max_length=20, blank=True, help_text=_("Bijvoorbeeld %, cijfer, dagen."))
    doel = models.DecimalField(_("doel"), max_digits=10, decimal_places=2)
    hoger_is_beter = models.BooleanField(_("hoger is beter"), default=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["themadoel", "volgorde", "pk"]
        constraints = [models.UniqueConstraint(fields=["themadoel", "naam"], name="kring_indicator_naam_uniek")]

    def __str__(self):
        return self.naam


class Indicatorwaarde(models.Model):
    """The value of an indicator in one quarter: computed and kept when the quarter closes (so later changes in the
    data do not rewrite history), or entered by hand for a `handmatig` indicator."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="waarden"
    )
    kwartaal = models.DateField(_("kwartaal"))  # first day of the quarter
    waarde = models.DecimalField(_("waarde"), max_digits=10, decimal_places=2, null=True, blank=True)
    toelichting = models.CharField(_("toelichting"), max_length=300, blank=True)
    door = models.ForeignKey(
        User, verbose_name=_("ingevuld door"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("indicatorwaarde")
        verbose_name_plural = _("indicatorwaarden")
        ordering = ["indicator", "kwartaal"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "kwartaal"], name="kring_indicatorwaarde_per_kwartaal")
        ]

    def __str__(self):
        return f"{self.indicator}: {self.waarde} ({self.kwartaal:%m-%Y})"
