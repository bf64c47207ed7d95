from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
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
