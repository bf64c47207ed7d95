from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from werkgroepen.models import Signaal, Werkgroep
from werkgroepen.services.signalen import overgangen_vanuit

MARKDOWN_UITLEG = _("Gewone tekst; opmaak met Markdown mag (*nadruk*, lijstjes met -). HTML-code wordt geweigerd.")


class SignaalForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Wat wilt u melden?"),
        choices=[
            (Signaal.Soort.KLAAGPAAL, _("Klaagpaal: iets schuurt in de samenwerking")),
            (Signaal.Soort.HULPVRAAG, _("Hulpvraag: u zoekt hulp, kennis of een collega die meedenkt")),
        ],
        widget=forms.RadioSelect,
    )
    titel = forms.CharField(label=_("Titel"), max_length=200, help_text=_("In één zin: waar gaat het om?"))
    omschrijving = forms.CharField(
        label=_("Omschrijving"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=MARKDOWN_UITLEG,
    )
    werkgroep = forms.ModelChoiceField(
        label=_("Voor welke werkgroep?"),
        queryset=Werkgroep.objects.filter(gesloten_op__isnull=True),
        required=False,
        empty_label=_("De hele kring"),
        help_text=_(
            "De trekkers van die werkgroep pakken het op; zonder werkgroep doet de coördinator van de kring dat."
        ),
    )
    anoniem = forms.BooleanField(
        label=_("Anoniem indienen"),
        required=False,
        help_text=_(
            "Uw naam wordt dan helemaal niet opgeslagen, niet eens verborgen: niemand kan zien dat dit van u komt, de "
            "beheerder ook niet. U krijgt dan geen bericht over het antwoord; kijk daarvoor op de klaagpaal. Let op "
            "dat de tekst zelf u niet verraadt."
        ),
    )


class SignaalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"))

    def __init__(self, *args, signaal: Signaal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, Signaal.Status(status).label) for status in overgangen_vanuit(signaal)
        ]


class SignaalAntwoordForm(forms.Form):
    antwoord = forms.CharField(
        label=_("Antwoord"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=format_lazy("{} {}", _("Alle leden lezen het antwoord onder het item."), MARKDOWN_UITLEG),
    )
