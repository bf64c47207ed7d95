from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Werkgroep(models.Model):
    """A working group of the kring. Memberships, activities and meetings arrive with the werkgroepen issue."""

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
