from django import forms
from django.utils.translation import gettext_lazy as _


class BlokkeerForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van de blokkade"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Wordt bij het account bewaard en komt in het auditlog."),
    )


class RollenForm(forms.Form):
    is_stuurgroep = forms.BooleanField(label=_("Stuurgroeplid"), required=False)
    is_beheerder = forms.BooleanField(
        label=_("Beheerder"),
        required=False,
        help_text=_("Een beheerder werkt altijd met een tweede factor; zonder wordt die bij het inloggen gevraagd."),
    )
    is_tekenbevoegd = forms.BooleanField(
        label=_("Tekenbevoegd"),
        required=False,
        help_text=_(
            "Mag de intentieovereenkomst namens de eigen organisatie ondertekenen. Alleen voor medewerkers van een "
            "gemeente of een opdrachtnemer."
        ),
    )
