from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kring.models import User
from werkgroepen.models import Bijlage, Kennisitem, Thema, Werkgroep
from werkgroepen.permissions import mag_gemeente_intern_kiezen
from werkgroepen.selectors.kennisbank import kennisitem_list
from werkgroepen.services.kennisbank import KennisitemInhoud, standaard_herzien_voor
from werkgroepen.uploads import ACCEPT, TOEGESTAAN
from werkgroepen.zoeken import PRAKTIJK_VELDEN

Zichtbaarheid = Kennisitem.Zichtbaarheid


class MeerdereBestanden(forms.FileInput):
    allow_multiple_selected = True


class BijlagenVeld(forms.FileField):
    """Any number of files in one input; each is checked by the service (werkgroepen.uploads)."""

    widget = MeerdereBestanden

    def clean(self, data, initial=None):
        enkel = super().clean
        if isinstance(data, list | tuple):
            return [enkel(bestand, initial) for bestand in data if bestand]
        return [enkel(data, initial)] if data else []


class KennisitemForm(forms.ModelForm):
    """A kennisitem. The praktijk fields sit in their own fieldset, which static/js/keuzegroepen.js hides for other
    soorten; without JavaScript they stay visible and only count for a praktijkvoorbeeld."""

    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Vrije trefwoorden, gescheiden door komma's, bijvoorbeeld: bouwteam, visbrug, bbl."),
    )
    bijlagen = BijlagenVeld(label=_("Bijlagen toevoegen"), required=False)
    bijlagen_weg = forms.ModelMultipleChoiceField(
        label=_("Bijlagen verwijderen"),
        queryset=Bijlage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = Kennisitem
        fields = [
            "soort",
            "titel",
            "samenvatting",
            "werkgroep",
            "themas",
            "zichtbaarheid",
            "herzien_voor",
            "inhoud",
            *PRAKTIJK_VELDEN,
            "gerelateerd",
        ]
        widgets = {
            "samenvatting": forms.Textarea(attrs={"rows": 3}),
            "inhoud": forms.Textarea(attrs={"rows": 12}),
            **{veld: forms.Textarea(attrs={"rows": 3}) for veld in PRAKTIJK_VELDEN},
            "themas": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "zichtbaarheid": forms.RadioSelect(attrs={"class": "form-check-input"}),
            "gerelateerd": forms.SelectMultiple(attrs={"size": 8}),
            "herzien_voor": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "samenvatting": _(
                "Twee of drie zinnen: waar gaat het over en voor wie is het nuttig (hoogstens 600 tekens)."
            ),
            "werkgroep": _("De werkgroep waaruit het item komt, als dat zo is."),
            "zichtbaarheid": _(
                "Openbaar: ook voor bezoekers zonder account. Leden van de kring: iedereen die inlogt. Leden van de "
                "werkgroep: alleen wie nu in de gekozen werkgroep zit. Gemeente-intern: alleen medewerkers van een "
                "gemeente. Beheerders zien alles."
            ),
            "herzien_voor": _("Na deze datum krijgt u een herinnering om te kijken of het item nog klopt."),
            "inhoud": _(
                "Markdown: # kopje, **vet**, *schuin*, - lijstjes en [links](https://…). HTML wordt niet overgenomen."
            ),
            "gerelateerd": _("Houd Ctrl (of Cmd) ingedrukt om meer items te kiezen."),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        self.fields["bijlagen"].help_text = _(
            "U kunt meer bestanden tegelijk kiezen: %(soorten)s, elk hoogstens %(mb)s MB."
        ) % {"soorten": TOEGESTAAN, "mb": settings.KENNISBANK_MAX_UPLOAD_MB}
        self.fields["bijlagen"].widget.attrs["accept"] = ACCEPT
        self.fields["werkgroep"].queryset = Werkgroep.objects.filter(
            Q(gesloten_op__isnull=True) | Q(pk=item.werkgroep_id)
        )
        self.fields["themas"].queryset = Thema.objects.all()
        self.fields["gerelateerd"].queryset = kennisitem_list(user=user).exclude(pk=item.pk).order_by("titel", "pk")
        if not (mag_gemeente_intern_kiezen(user) or (item.pk and item.zichtbaarheid == Zichtbaarheid.GEMEENTE)):
            self.fields["zichtbaarheid"].choices = [
                keuze for keuze in Zichtbaarheid.choices if keuze[0] != Zichtbaarheid.GEMEENTE
            ]
        if item.pk:
            self.initial["tags"] = ", ".join(tag.naam for tag in item.tags.all())
        else:
            self.initial.setdefault("herzien_voor", standaard_herzien_voor())
        if item.pk and item.bijlagen.all():
            self.fields["bijlagen_weg"].queryset = item.bijlagen.all()
        else:
            del self.fields["bijlagen_weg"]

    @property
    def praktijkvelden(self) -> list[forms.BoundField]:
        return [self[veld] for veld in PRAKTIJK_VELDEN]

    def inhoud(self) -> KennisitemInhoud:
        data = self.cleaned_data
        return KennisitemInhoud(
            **{
                veld: data[veld] for veld in ("soort", "titel", "samenvatting", "zichtbaarheid", "inhoud", "werkgroep")
            },
            **{veld: data[veld] for veld in PRAKTIJK_VELDEN},
            themas=list(data["themas"]),
            tags=data["tags"].split(","),
            gerelateerd=list(data["gerelateerd"]),
            herzien_voor=data["herzien_voor"],
        )
