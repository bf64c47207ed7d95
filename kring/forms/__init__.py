from django import forms
from django.core.exceptions import ValidationError


def fouten_op_formulier(form: forms.Form, fout: ValidationError) -> None:
    """A service's ValidationError on the form: each message at its field when the form has it, else above the
    form (a field the form does not show, such as the fase on a project's edit page)."""
    if not hasattr(fout, "error_dict"):
        form.add_error(None, fout)
        return
    for veld, berichten in fout.error_dict.items():
        form.add_error(veld if veld in form.fields else None, berichten)
