"""Forms of the project pages. The project form is a plain form built from the model's fields: the checks between
fields and objects live in the service (project_valideren), which words them in Dutch; a ModelForm would run the
model's own constraint checks first, in English."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from kring.markdown import weiger_actieve_html
from projecten.ambitieweb import NIVEAUS, THEMAS
from projecten.kwartalen import kwartaal_code, kwartaal_parse
from projecten.models import Gebied, Project
from projecten.selectors.projecten import Keuzes
from projecten.services.projecten import BEWERKBARE_VELDEN, KWARTAALVELDEN, VOLGEVELDEN
from werkgroepen.forms.agenda import DATUM, MARKDOWN_HULP, BedragVeld

KWARTAAL_HULP = _("Bijvoorbeeld 2027-K2 (ook Q2 2027 of 2e kwartaal 2027).")
REDEN_HULP = _(
    "Verplicht als u de planning, de waardeklasse, de zekerheid, de procedure, de contractvorm of het venster "
    "wijzigt. De reden komt met de wijziging in de geschiedenis van het project."
)
AMBITIE = "ambitie_"
BEDRAGEN = ("raming", "mki_doel", "mki_gerealiseerd")


class KwartaalInvoer(forms.CharField):
    """A quarter typed as 2027-K2, Q2 2027 or 2e kwartaal 2027; cleaned to its first day, shown as 2027-K2."""

    def prepare_value(self, value):
        return kwartaal_code(value) if hasattr(value, "year") else value

    def to_python(self, value):
        tekst = super().to_python(value)
        if not tekst:
            return None
        try:
            return kwartaal_parse(tekst)
        except ValueError as fout:
            raise ValidationError(str(fout), code="kwartaal") from None


class GebiedKeuze(forms.ModelChoiceField):
    def label_from_instance(self, gebied: Gebied) -> str:
        return f"{gebied.naam} ({gebied.gemeente.plaats or gebied.gemeente.naam})"


class PersoonKeuze(forms.ModelChoiceField):
    def label_from_instance(self, persoon) -> str:
        return f"{persoon.naam} ({persoon.organisatie})" if persoon.organisatie_id else persoon.naam


class ProjectForm(forms.Form):
    """A project as its gemeente writes it. New projects choose their first fase here; after that the fase changes
    on the project's page. When editing, `reden` goes with every change of a tracked field."""

    # (legend, fields, explanation) of the fieldsets on the page.
    GROEPEN = [
        (
            _("Project"),
            ["gemeente", "nummer", "naam", "omschrijving", "gebied", "soort_werk", "fase", "contactpersoon"],
            "",
        ),
        (
            _("Planning"),
            [
                "aanbesteding_kwartaal",
                "start_kwartaal",
                "duur_maanden",
                "zekerheid",
                "verschuifbaar_vanaf",
                "verschuifbaar_tot",
            ],
            "",
        ),
        (_("Waarde en aanbesteding"), ["waardeklasse", "raming", "procedure", "contractvorm"], ""),
        (_("SROI en duurzaamheid"), ["sroi_percentage", "co2_niveau", "mki_doel", "mki_gerealiseerd"], ""),
        (
            _("Ambitieweb"),
            [AMBITIE + thema for thema in THEMAS],
            _(
                "Per thema het ambitieniveau van het project (Aanpak Duurzaam GWW): 1 inzicht, 2 verbetering met "
                "concrete doelen, 3 toegevoegde waarde."
            ),
        ),
        (_("Besproken in de kring"), ["besproken_in_kring_op", "bespreking"], ""),
    ]

    def __init__(self, data=None, *, keuzes: Keuzes, project: Project | None = None):
        self.project = project
        velden = [veld for veld in BEWERKBARE_VELDEN if veld != "ambitieweb" and (project is None or veld != "fase")]
        beginwaarden = {}
        if project is not None:
            beginwaarden = model_to_dict(project, fields=velden)
            beginwaarden |= {AMBITIE + thema: niveau for thema, niveau in (project.ambitieweb or {}).items()}
        super().__init__(data, initial=beginwaarden)
        if keuzes.gemeenten is not None:
            self.fields["gemeente"] = forms.ModelChoiceField(
                label=_("Gemeente"), queryset=keuzes.gemeenten, empty_label=_("Kies een gemeente")
            )
        self.fields.update(
            fields_for_model(
                Project,
                fields=velden,
                field_classes={
                    **dict.fromkeys(KWARTAALVELDEN, KwartaalInvoer),
                    **dict.fromkeys(BEDRAGEN, BedragVeld),
                    "gebied": GebiedKeuze,
                    "contactpersoon": PersoonKeuze,
                },
                localized_fields=BEDRAGEN,
                widgets={
                    **{veld: forms.TextInput(attrs={"inputmode": "decimal"}) for veld in BEDRAGEN},
                    "omschrijving": forms.Textarea(attrs={"rows": 4}),
                    "bespreking": forms.Textarea(attrs={"rows": 4}),
                    "besproken_in_kring_op": DATUM,
                },
                help_texts={
                    **dict.fromkeys(KWARTAALVELDEN, KWARTAAL_HULP),
                    "omschrijving": MARKDOWN_HULP,
                    "bespreking": _("Wat is er besproken over aanpak, risico's en contractvorm? ") + MARKDOWN_HULP,
                    "verschuifbaar_vanaf": _(
                        "Het vroegste kwartaal waarin de aanbesteding mag vallen als de kring de projecten spreidt. "
                        "Leeg: het project schuift niet."
                    ),
                    "verschuifbaar_tot": _("Het laatste kwartaal waarin de aanbesteding mag vallen."),
                },
            )
        )
        self.fields["gebied"].queryset = keuzes.gebieden
        self.fields["waardeklasse"].queryset = keuzes.waardeklassen
        self.fields["contactpersoon"].queryset = keuzes.contactpersonen
        for veld in ("naam", "omschrijving", "bespreking"):
            self.fields[veld].validators.append(weiger_actieve_html)
        niveaus = [
            ("", _("Niet ingevuld")),
            *((str(niveau), f"{niveau} – {label}") for niveau, label in NIVEAUS.items()),
        ]
        for thema, label in THEMAS.items():
            self.fields[AMBITIE + thema] = forms.TypedChoiceField(
                label=label, choices=niveaus, coerce=int, empty_value=None, required=False
            )
        if project is not None:
            self.fields["reden"] = forms.CharField(
                label=_("Reden van de wijziging"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=REDEN_HULP,
            )
        for veld in VOLGEVELDEN:
            if veld in self.fields:
                # static/js/projecten.js shows the reason only once one of these changes.
                self.fields[veld].widget.attrs["data-volgveld"] = ""

    def groepen(self) -> list[tuple[str, list[forms.BoundField], str]]:
        return [
            (titel, [self[veld] for veld in velden if veld in self.fields], toelichting)
            for titel, velden, toelichting in self.GROEPEN
        ]

    def gegevens(self) -> dict:
        """The project's fields for the service: what the form has, the ambitieweb as {thema: niveau}."""
        gegevens = {veld: waarde for veld, waarde in self.cleaned_data.items() if veld in BEWERKBARE_VELDEN}
        gegevens["ambitieweb"] = {
            thema: self.cleaned_data[AMBITIE + thema]
            for thema in THEMAS
            if self.cleaned_data.get(AMBITIE + thema) is not None
        }
        return gegevens


class FaseForm(forms.Form):
    fase = forms.ChoiceField(label=_("Nieuwe fase"))
    reden = forms.CharField(
        label=_("Reden"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht als het project een fase teruggaat; komt in de geschiedenis van het project."),
    )

    def __init__(self, *args, overgangen: list[tuple[str, str, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fase"].choices = [
            ("", _("Kies een fase")),
            *(
                (fase, _("%(fase)s (terug, met reden)") % {"fase": label} if terug else label)
                for fase, label, terug in overgangen
            ),
        ]


class GunningForm(forms.Form):
    opdrachtnemers = forms.ModelMultipleChoiceField(
        label=_("Opdrachtnemer(s)"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Bij een combinatie kiest u alle deelnemende bedrijven."),
        error_messages={"required": _("Kies minstens één opdrachtnemer.")},
    )

    def __init__(self, *args, keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opdrachtnemers"].queryset = keuzes
