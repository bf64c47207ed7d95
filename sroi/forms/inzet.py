from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sroi.models import Bouwblok, Inzetregel, Verplichting
from werkgroepen.forms.kennisbank import BijlagenVeld
from werkgroepen.uploads import ACCEPT, TOEGESTAAN

Soort = Bouwblok.Soort
NIET_IN_TABEL = _("Deze keuze staat niet in de waardetabel van deze verplichting.")

# The choice that decides the fieldsets (static/js/keuzegroepen.js), and for each the field with its bouwblok.
BLOKVELD = {Soort.CATEGORIE: "categorie", Soort.SOCIAAL_INKOPEN: "inkoop", Soort.ACTIVITEIT: "activiteit"}
SOORTVELDEN = {
    Soort.CATEGORIE: ["categorie", "kandidaat_code", "uren_per_week", "bonussen"],
    Soort.SOCIAAL_INKOPEN: ["inkoop", "bedrag"],
    Soort.ACTIVITEIT: ["activiteit", "uren"],
}


class BlokKeuze(forms.ModelChoiceField):
    def label_from_instance(self, blok):
        return blok.naam


class InzetForm(forms.Form):
    """A line of inzet. Which fields count depends on `soort`; the fieldsets of the other soorten are hidden and
    disabled by static/js/keuzegroepen.js, and without JavaScript the view reads only the chosen soort's fields.
    Requirements per soort (and every other rule) are the service's, so its Dutch messages land on these fields."""

    soort = forms.ChoiceField(label=_("Soort inzet"), widget=forms.RadioSelect)
    categorie = BlokKeuze(
        label=_("Doelgroep"),
        queryset=Bouwblok.objects.none(),
        required=False,
        error_messages={"invalid_choice": NIET_IN_TABEL},
    )
    kandidaat_code = forms.CharField(
        label=_("Kandidaatcode"),
        required=False,
        max_length=40,
        help_text=_(
            "Een code die uw organisatie kiest, bijvoorbeeld KAND-012: letters, cijfers en streepjes, minstens één "
            "cijfer. Nooit een naam, BSN, geboortedatum, e-mailadres of telefoonnummer. Dezelfde code is dezelfde "
            "kandidaat."
        ),
    )
    uren_per_week = forms.DecimalField(
        label=_("Uren per week"),
        required=False,
        max_digits=4,
        decimal_places=1,
        localize=True,
        help_text=_("Een volle week is 36 uur."),
    )
    bonussen = forms.ModelMultipleChoiceField(
        label=_("Bonussen"),
        queryset=Bouwblok.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": NIET_IN_TABEL},
    )
    inkoop = BlokKeuze(
        label=_("Soort inkoop"),
        queryset=Bouwblok.objects.none(),
        required=False,
        error_messages={"invalid_choice": NIET_IN_TABEL},
    )
    bedrag = forms.DecimalField(
        label=_("Factuurbedrag excl. btw (€)"), required=False, max_digits=12, decimal_places=2, localize=True
    )
    activiteit = BlokKeuze(
        label=_("Activiteit"),
        queryset=Bouwblok.objects.none(),
        required=False,
        error_messages={"invalid_choice": NIET_IN_TABEL},
    )
    uren = forms.DecimalField(label=_("Uren"), required=False, max_digits=8, decimal_places=1, localize=True)
    start = forms.DateField(label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    eind = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    omschrijving = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=Inzetregel._meta.get_field("omschrijving").max_length,
        help_text=_("Het werk of de factuur, in een zin. Geen persoonsgegevens."),
    )
    bewijs = BijlagenVeld(label=_("Bewijsstukken"), required=False)

    def __init__(self, *args, verplichting: Verplichting, **kwargs):
        super().__init__(*args, **kwargs)
        blokken = list(verplichting.waardetabel.bouwblokken.all())
        per_soort = {soort: [b for b in blokken if b.soort == soort] for soort in Soort}
        self.fields["soort"].choices = [(soort.value, soort.label) for soort in BLOKVELD if per_soort[soort]]
        alle = verplichting.waardetabel.bouwblokken.all()
        for soort, veld in BLOKVELD.items():
            self.fields[veld].queryset = alle.filter(soort=soort)
            # The choices from the list already read, so the page does not query per field.
            self.fields[veld].choices = [("", "---------")] + [(b.pk, b.naam) for b in per_soort[soort]]
        self.fields["bonussen"].queryset = alle.filter(soort=Soort.BONUS)
        self.fields["bonussen"].choices = [(b.pk, b.naam) for b in per_soort[Soort.BONUS]]
        self.fields["bewijs"].help_text = _(
            "Bijvoorbeeld een arbeidscontract zonder BSN, een factuur of een presentielijst. U kunt meer bestanden "
            "tegelijk kiezen: %(soorten)s, elk hoogstens %(mb)s MB."
        ) % {"soorten": TOEGESTAAN, "mb": settings.KENNISBANK_MAX_UPLOAD_MB}
        self.fields["bewijs"].widget.attrs["accept"] = ACCEPT

    def groep(self, soort: str) -> list[forms.BoundField]:
        return [self[veld] for veld in SOORTVELDEN[soort]]

    def groepen(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(value, label, fields) of each soort the table offers, for the fieldsets."""
        return [(waarde, label, self.groep(waarde)) for waarde, label in self.fields["soort"].choices]

    def clean(self):
        data = super().clean()
        soort = data.get("soort")
        if soort and not data.get(BLOKVELD[soort]) and BLOKVELD[soort] not in self.errors:
            self.add_error(BLOKVELD[soort], _("Maak een keuze."))
        return data

    def gegevens(self) -> dict:
        """The service's keyword arguments: only the chosen soort's fields (a form without JavaScript sends all)."""
        data = self.cleaned_data
        soort = data["soort"]
        return {
            "soort": data[BLOKVELD[soort]],
            "kandidaat_code": data["kandidaat_code"] if soort == Soort.CATEGORIE else "",
            "uren_per_week": data["uren_per_week"] if soort == Soort.CATEGORIE else None,
            "bonussen": list(data["bonussen"]) if soort == Soort.CATEGORIE else [],
            "bedrag": data["bedrag"] if soort == Soort.SOCIAAL_INKOPEN else None,
            "uren": data["uren"] if soort == Soort.ACTIVITEIT else None,
            "start": data["start"],
            "eind": data["eind"],
            "omschrijving": data["omschrijving"],
            "bewijs": data["bewijs"],
        }


class BeoordelenForm(forms.Form):
    """The coordinator's decision on a line: the button pressed (actie) and, to reject, a reason."""

    VALIDEREN = "valideren"
    AFWIJZEN = "afwijzen"

    actie = forms.ChoiceField(
        label=_("Besluit"),
        choices=[(VALIDEREN, _("Valideren")), (AFWIJZEN, _("Afwijzen"))],
        error_messages={"required": _("Kies valideren of afwijzen.")},
    )
    reden = forms.CharField(
        label=_("Reden van afwijzing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij afwijzen; de opdrachtnemer leest de reden. Geen persoonsgegevens."),
    )
