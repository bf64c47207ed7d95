from django import forms
from django.db import models
from django.forms import inlineformset_factory
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kring.markdown import weiger_actieve_html
from kring.models import User
from werkgroepen.models import Actiepunt, Agendapunt, Besluit, Bijeenkomst
from werkgroepen.selectors.werkgroepen import actieve_leden
from werkgroepen.services.bijeenkomsten import (
    ActiepuntGegevens,
    BesluitGegevens,
    BijeenkomstGegevens,
    tijd_en_plaats_fouten,
)

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _formulierveld(modelveld, **kwargs):
    # An online link typed without a scheme is a https address (Django 6's default, chosen now).
    if isinstance(modelveld, models.URLField):
        kwargs["assume_scheme"] = "https"
    return modelveld.formfield(**kwargs)


class BijeenkomstForm(forms.ModelForm):
    """Planning or changing a meeting. The werkgroep is chosen when planning only: the invitees follow from it."""

    class Meta:
        model = Bijeenkomst
        formfield_callback = _formulierveld
        fields = ["titel", "werkgroep", "begin", "einde", "locatie", "online_link", "omschrijving"]
        widgets = {"begin": MOMENT, "einde": MOMENT, "omschrijving": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "locatie": _(
                "Bijvoorbeeld: Stadskantoor, Spuiboulevard 300, Dordrecht. Vul een locatie, een online link of allebei in."
            ),
            "online_link": _("Het adres van de videovergadering, als die er is."),
        }

    def __init__(self, *args, werkgroepen=None, kringbreed=False, **kwargs):
        """`werkgroepen`: the werkgroepen the organiser may plan for (None when changing a planned meeting);
        `kringbreed`: they may also plan a meeting of the whole kring."""
        super().__init__(*args, **kwargs)
        self.fields["begin"].input_formats = ["%Y-%m-%dT%H:%M"]
        self.fields["einde"].input_formats = ["%Y-%m-%dT%H:%M"]
        if werkgroepen is None:
            del self.fields["werkgroep"]
            return
        veld = self.fields["werkgroep"]
        veld.queryset = werkgroepen
        veld.help_text = _("De genodigden volgen hieruit: de hele kring, of de leden van de werkgroep.")
        if kringbreed:
            veld.empty_label = _("De hele kring")
        else:
            veld.required = True
            veld.empty_label = None

    def clean(self):
        cleaned = super().clean()
        fouten = tijd_en_plaats_fouten(
            begin=cleaned.get("begin"),
            einde=cleaned.get("einde"),
            locatie=cleaned.get("locatie", ""),
            online_link=cleaned.get("online_link", ""),
        )
        # A field with an error is left out of the model's constraints, so their technical messages stay away.
        for veld, fout in fouten.items():
            self.add_error(veld, fout)
        return cleaned

    def gegevens(self) -> BijeenkomstGegevens:
        data = self.cleaned_data
        return BijeenkomstGegevens(
            titel=data["titel"],
            begin=data["begin"],
            einde=data["einde"],
            locatie=data.get("locatie", ""),
            online_link=data.get("online_link", ""),
            omschrijving=data.get("omschrijving", ""),
            werkgroep=data.get("werkgroep"),
        )


class AgendapuntForm(forms.ModelForm):
    class Meta:
        model = Agendapunt
        fields = ["titel", "toelichting"]
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.soort != Agendapunt.Soort.EIGEN:
            # A fixed item of the kenniskring keeps its name; only its explanation changes.
            self.fields["titel"].disabled = True
            self.fields["titel"].help_text = _("Een vast agendapunt van de kenniskring houdt zijn naam.")


class AanwezigheidForm(forms.Form):
    aanwezig = forms.ModelMultipleChoiceField(
        label=_("Aanwezig"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
        help_text=_("Vink aan wie er was; wie niet is aangevinkt, staat als afwezig in het verslag."),
    )

    def __init__(self, *args, aanwezigheden, **kwargs):
        """`aanwezigheden`: the meeting's rows, each with its person loaded."""
        super().__init__(*args, **kwargs)
        veld = self.fields["aanwezig"]
        veld.queryset = User.objects.filter(pk__in=[rij.gebruiker_id for rij in aanwezigheden])
        veld.choices = [(rij.gebruiker_id, rij.gebruiker.naam) for rij in aanwezigheden]
        geregistreerd = {rij.gebruiker_id for rij in aanwezigheden if rij.status == "aanwezig"}
        # Before anything was recorded, who registered is the best guess.
        voorstel = geregistreerd or {rij.gebruiker_id for rij in aanwezigheden if rij.status == "aangemeld"}
        self.initial.setdefault("aanwezig", sorted(voorstel))


class VerslagForm(forms.ModelForm):
    class Meta:
        model = Bijeenkomst
        fields = ["verslag"]
        widgets = {"verslag": forms.Textarea(attrs={"rows": 14})}
        help_texts = {
            "verslag": _(
                "Markdown: # voor een kop, - voor een opsomming, *woord* voor nadruk. HTML is niet toegestaan."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verslag"].validators.append(weiger_actieve_html)


class _VerslagRegelFormSet(forms.BaseInlineFormSet):
    """Decisions or actiepunten of one meeting. Choices are fetched once for all rows, not once per row."""

    @cached_property
    def keuzes(self) -> dict[str, list[tuple]]:
        agendapunten = [("", "—")] + [
            (punt.pk, punt.titel)
            for punt in Agendapunt.objects.filter(bijeenkomst=self.instance, signaal__isnull=True).order_by(
                "volgorde", "pk"
            )
        ]
        keuzes = {"agendapunt": agendapunten}
        if "eigenaar" in self.form.base_fields:
            keuzes["eigenaar"] = [("", "---------")] + [
                (lid.pk, f"{lid.naam} ({lid.organisatie})") for lid in actieve_leden()
            ]
        return keuzes

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for veld, keuzes in self.keuzes.items():
            form.fields[veld].choices = keuzes
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        for veld, keuzes in self.keuzes.items():
            form.fields[veld].choices = keuzes
        return form

    def ingevuld(self) -> list[forms.Form]:
        """The rows kept or added (removed and untouched blank rows left out)."""
        return [form for form in self.forms if form.cleaned_data and form not in self.deleted_forms]


class _BesluitRegels(_VerslagRegelFormSet):
    def gegevens(self) -> list[BesluitGegevens]:
        return [
            BesluitGegevens(
                tekst=form.cleaned_data["tekst"], agendapunt=form.cleaned_data.get("agendapunt"), pk=form.instance.pk
            )
            for form in self.ingevuld()
        ]


class _ActiepuntRegels(_VerslagRegelFormSet):
    def gegevens(self) -> list[ActiepuntGegevens]:
        return [
            ActiepuntGegevens(
                omschrijving=form.cleaned_data["omschrijving"],
                eigenaar=form.cleaned_data["eigenaar"],
                deadline=form.cleaned_data["deadline"],
                agendapunt=form.cleaned_data.get("agendapunt"),
                pk=form.instance.pk,
            )
            for form in self.ingevuld()
        ]


class _BesluitForm(forms.ModelForm):
    class Meta:
        model = Besluit
        fields = ["tekst", "agendapunt"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 2})}
        labels = {"agendapunt": _("Bij agendapunt")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tekst"].validators.append(weiger_actieve_html)


class _ActiepuntForm(forms.ModelForm):
    class Meta:
        model = Actiepunt
        fields = ["omschrijving", "eigenaar", "deadline", "agendapunt"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 2}), "deadline": DATUM}
        labels = {"agendapunt": _("Bij agendapunt")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices come from the formset (members of the kring); the queryset only validates the chosen one.
        self.fields["eigenaar"].queryset = actieve_leden()
        self.fields["omschrijving"].validators.append(weiger_actieve_html)


# A POST says itself how many rows it holds; without a limit Django builds up to 2,000 forms (seconds of work).
MAX_REGELS = 100
_GRENS = {"max_num": MAX_REGELS, "absolute_max": MAX_REGELS}

BesluitFormSet = inlineformset_factory(
    Bijeenkomst, Besluit, form=_BesluitForm, formset=_BesluitRegels, extra=2, can_delete=True, **_GRENS
)
ActiepuntFormSet = inlineformset_factory(
    Bijeenkomst, Actiepunt, form=_ActiepuntForm, formset=_ActiepuntRegels, extra=2, can_delete=True, **_GRENS
)
