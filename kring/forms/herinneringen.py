from django import forms

from kring.herinneringen import Herinneringsoort


class HerinneringVoorkeurenForm(forms.Form):
    """One radio group per kind of reminder that applies to the person, with the choices that kind allows."""

    def __init__(self, *args, voorkeuren: list[tuple[Herinneringsoort, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for soort, frequentie in voorkeuren:
            self.fields[soort.code] = forms.ChoiceField(
                label=soort.label,
                help_text=soort.uitleg,
                choices=soort.keuzes,
                initial=frequentie,
                widget=forms.RadioSelect,
            )
