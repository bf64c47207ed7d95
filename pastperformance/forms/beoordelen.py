"""The rating form: per criterion of the rating's questionnaire a score (1-10 or NVT), a motivation and a proposed
afspraak, and one general explanation. The form only parses; the rules (what is required when, lengths, no active
HTML) live in the service, which words them in Dutch per field (`veldnaam`)."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from pastperformance.models import SCORE_MAX, SCORE_MIN, Beoordeling, Criterium, Score
from pastperformance.services.beoordelen import ScoreInvoer, veldnaam

NVT = "nvt"
CONCEPT, INDIENEN = "concept", "indienen"


@dataclass(frozen=True)
class Criteriumvelden:
    """One criterion's fieldset on the page, with the meanings of 1, 4, 7 and 10 of the rating's questionnaire."""

    criterium: Criterium
    waarde: forms.BoundField
    motivering: forms.BoundField
    voorgestelde_afspraak: forms.BoundField
    labels: dict[int, str]

    def _betekenis_id(self, waarde: int) -> str:
        return f"{self.waarde.auto_id}_betekenis_{waarde}"

    @property
    def opties(self) -> list[dict]:
        """The radio buttons: value, text, id, whether chosen, and what describes it (aria-describedby): the error of
        the score, and at 1/4/7/10 the meaning of that value."""
        gekozen = str(self.waarde.value() or "")
        fout = [f"{self.waarde.auto_id}_fout"] if self.waarde.errors else []
        return [
            {
                "waarde": waarde,
                "tekst": tekst,
                "id": f"{self.waarde.auto_id}_{waarde}",
                "gekozen": waarde == gekozen,
                "beschreven_door": " ".join(
                    fout
                    + ([self._betekenis_id(int(waarde))] if waarde.isdigit() and int(waarde) in self.labels else [])
                ),
            }
            for waarde, tekst in self.waarde.field.choices
        ]

    @property
    def betekenissen(self) -> list[dict]:
        return [
            {"waarde": waarde, "tekst": tekst, "id": self._betekenis_id(waarde)}
            for waarde, tekst in self.labels.items()
        ]

    @property
    def gekozen_tekst(self) -> str:
        """The answer as the read-only page shows it: "7 – Goed: volgens verwachting", "NVT" or ""."""
        keuze = str(self.waarde.value() or "")
        if keuze == NVT:
            return str(_("NVT (niet van toepassing)"))
        if keuze.isdigit() and int(keuze) in self.labels:
            return f"{keuze} – {self.labels[int(keuze)]}"
        return keuze


class BeoordelingForm(forms.Form):
    algemene_toelichting = forms.CharField(
        label=_("Algemene toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat wilt u de andere partij in het algemeen meegeven? Markdown mag; HTML wordt geweigerd."),
    )

    def __init__(self, *args, beoordeling: Beoordeling, **kwargs):
        self.criteria = list(beoordeling.vragenlijst.criteria.all())
        self.labels = beoordeling.vragenlijst.labels
        scores = {score.criterium_id: score for score in beoordeling.scores.all()}
        kwargs.setdefault("initial", {"algemene_toelichting": beoordeling.algemene_toelichting})
        super().__init__(*args, **kwargs)
        for criterium in self.criteria:
            keuzes = [(str(waarde), str(waarde)) for waarde in range(SCORE_MIN, SCORE_MAX + 1)]
            if criterium.nvt_toegestaan:
                keuzes.append((NVT, _("NVT")))
            ongeldig = (
                _("Kies een score van 1 tot en met 10, of NVT.")
                if criterium.nvt_toegestaan
                else _("Kies een score van 1 tot en met 10.")
            )
            self.fields[veldnaam(criterium.pk, "waarde")] = forms.ChoiceField(
                label=_("Score"), choices=keuzes, required=False, error_messages={"invalid_choice": ongeldig}
            )
            self.fields[veldnaam(criterium.pk, "motivering")] = forms.CharField(
                label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
            self.fields[veldnaam(criterium.pk, "voorgestelde_afspraak")] = forms.CharField(
                label=_("Voorgestelde afspraak"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            if score := scores.get(criterium.pk):
                self.initial.setdefault(veldnaam(criterium.pk, "waarde"), self._als_keuze(score))
                self.initial.setdefault(veldnaam(criterium.pk, "motivering"), score.motivering)
                self.initial.setdefault(veldnaam(criterium.pk, "voorgestelde_afspraak"), score.voorgestelde_afspraak)

    @staticmethod
    def _als_keuze(score: Score) -> str:
        if score.nvt:
            return NVT
        return "" if score.waarde is None else str(score.waarde)

    def criteriumvelden(self) -> list[Criteriumvelden]:
        return [
            Criteriumvelden(
                criterium=criterium,
                waarde=self[veldnaam(criterium.pk, "waarde")],
                motivering=self[veldnaam(criterium.pk, "motivering")],
                voorgestelde_afspraak=self[veldnaam(criterium.pk, "voorgestelde_afspraak")],
                labels=self.labels,
            )
            for criterium in self.criteria
        ]

    def scores(self) -> dict[int, ScoreInvoer]:
        """The answers per criterion id, for `beoordeling_bewaar`."""
        antwoorden = {}
        for criterium in self.criteria:
            keuze = self.cleaned_data[veldnaam(criterium.pk, "waarde")]
            antwoorden[criterium.pk] = ScoreInvoer(
                waarde=int(keuze) if keuze not in ("", NVT) else None,
                nvt=keuze == NVT,
                motivering=self.cleaned_data[veldnaam(criterium.pk, "motivering")],
                voorgestelde_afspraak=self.cleaned_data[veldnaam(criterium.pk, "voorgestelde_afspraak")],
            )
        return antwoorden

    def foutoverzicht(self) -> list[dict]:
        """The errors for the summary above the form, in the order of the page, each linking to its field."""
        regels = [{"href": "", "tekst": fout} for fout in self.non_field_errors()]
        for velden in self.criteriumvelden():
            for veld, href in (
                (velden.waarde, f"#{velden.waarde.auto_id}_{velden.waarde.field.choices[0][0]}"),
                (velden.motivering, f"#{velden.motivering.auto_id}"),
                (velden.voorgestelde_afspraak, f"#{velden.voorgestelde_afspraak.auto_id}"),
            ):
                regels += [
                    {"href": href, "tekst": f"{velden.criterium.naam}, {veld.label.lower()}: {fout}"}
                    for fout in veld.errors
                ]
        veld = self["algemene_toelichting"]
        regels += [{"href": f"#{veld.auto_id}", "tekst": f"{veld.label}: {fout}"} for fout in veld.errors]
        return regels
