from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Werkgroep(models.Model):
    """A working group of the kring. Activities and meetings arrive with the werkgroepen issue."""

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

    @property
    def deelonderwerpen_lijst(self) -> list[str]:
        return [regel.strip(" •-\t") for regel in self.deelonderwerpen.splitlines() if regel.strip(" •-\t")]


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
