"""Keeping personal data out of SROI (DESIGN §5: candidates are pseudonyms everywhere).

A candidate is known only by a code the contractor chooses, such as ``KAND-012`` or ``BBL24-7``. The portal refuses a
code that looks like a name, an e-mail address, a BSN, a date or year of birth or a phone number, and says why, so the
contractor picks another code instead of a cleverer spelling of the same data. Free text next to a line (the
omschrijving, a rejection reason) is checked for the patterns that are unmistakable in a sentence: e-mail addresses,
BSN-like numbers and phone numbers."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_LENGTE = 3
MAX_LENGTE = 20  # Kandidaat.code

VOORBEELD = "KAND-012"
_TOEGESTAAN = re.compile(r"[A-Za-z0-9-]+")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}|@")
_EMAIL_IN_TEKST = re.compile(r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}")
# 06-12345678, 0612345678, +31 6 1234 5678, 0031..., 078-1234567 (ten digits starting with 0).
_TELEFOON = re.compile(r"(?:\+|00)31[\s-]?\d|\b0[1-9](?:[\s-]?\d){8}\b")
_DATUM_DMJ = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")
_DATUM_JMD = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_JAARTAL = re.compile(r"(?:19|20)\d\d")
_CIJFERREEKS = re.compile(r"\d+")
_CIJFERS_8_9 = re.compile(r"(?<!\d)\d{8,9}(?!\d)")
# A BSN in a sentence is often written in groups: 123 456 782, 1234.56.782; grouped, it counts when it passes the
# eleven-test (an amount such as 12.345.678 does not).
_BSN_GEGROEPEERD = re.compile(r"(?<![\d.-])\d(?:[\s.-]?\d){8}(?![\d.-])")


def elfproef(cijfers: str) -> bool:
    """The BSN eleven-test on nine digits: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11 (and not all zeros)."""
    if len(cijfers) != 9 or not cijfers.isdigit() or set(cijfers) == {"0"}:
        return False
    som = sum(int(cijfer) * gewicht for cijfer, gewicht in zip(cijfers[:8], range(9, 1, -1), strict=True))
    return (som - int(cijfers[8])) % 11 == 0


def _is_datum(dag: str, maand: str, jaar: str) -> bool:
    try:
        datum = datetime.date(int(jaar), int(maand), int(dag))
    except ValueError:
        return False
    return 1900 <= datum.year <= 2099


def _geweigerd(reden: str, code: str = "persoonsgegeven") -> ValidationError:
    return ValidationError(
        _("%(reden)s Kies een code zonder persoonsgegevens, bijvoorbeeld %(voorbeeld)s.")
        % {"reden": reden, "voorbeeld": VOORBEELD},
        code=code,
    )


def _persoonsgegeven_in_code(code: str) -> ValidationError | None:
    """The first kind of personal data the code looks like, as a refusal; None when it looks like none."""
    if _EMAIL.search(code):
        return _geweigerd(_("De code lijkt op een e-mailadres."), "email")
    if _TELEFOON.search(code):
        return _geweigerd(_("De code lijkt op een telefoonnummer."), "telefoon")
    for dag, maand, jaar in _DATUM_DMJ.findall(code):
        if _is_datum(dag, maand, jaar):
            return _geweigerd(_("De code lijkt op een datum, zoals een geboortedatum."), "datum")
    for jaar, maand, dag in _DATUM_JMD.findall(code):
        if _is_datum(dag, maand, jaar):
            return _geweigerd(_("De code lijkt op een datum, zoals een geboortedatum."), "datum")
    reeksen = _CIJFERREEKS.findall(code)
    for reeks in reeksen:
        if len(reeks) == 8 and _is_datum(reeks[:2], reeks[2:4], reeks[4:]):
            return _geweigerd(_("De code lijkt op een datum (ddmmjjjj), zoals een geboortedatum."), "datum")
    if any(len(reeks) >= 8 for reeks in reeksen):
        return _geweigerd(
            _("De code bevat acht of meer cijfers achter elkaar en lijkt daarmee op een BSN of ander nummer."), "bsn"
        )
    if elfproef("".join(reeksen)):
        return _geweigerd(_("De cijfers in de code vormen een geldig BSN."), "bsn")
    delen = [deel for deel in re.split(r"[\s\-_./]+", code) if deel]
    if any(_JAARTAL.fullmatch(deel) for deel in delen):
        return _geweigerd(_("De code bevat een los jaartal, dat op een geboortejaar kan lijken."), "jaartal")
    if delen and all(deel.isalpha() for deel in delen):
        return _geweigerd(_("De code bestaat alleen uit letters en kan daarmee een naam zijn."), "naam")
    for deel in delen:
        if len(deel) >= 3 and deel.isalpha() and deel[0].isupper() and deel[1:].islower():
            return _geweigerd(
                _(
                    "‘%(deel)s’ is geschreven als een naam (met een hoofdletter)."
                    " Gebruik hoofdletters en cijfers, geen namen."
                )
                % {"deel": deel},
                "naam",
            )
    return None


def controleer_kandidaatcode(code: str) -> str:
    """The candidate code as stored (trimmed, in capitals), or a Dutch ValidationError that says why it is refused.

    Allowed: 3–20 letters, digits and hyphens with at least one digit. Refused as personal data: an e-mail address, a
    phone number (06…, +31…), a date (dd-mm-jjjj, jjjj-mm-dd, ddmmjjjj), eight or more digits in a row or nine digits
    that pass the BSN eleven-test, a separate year 19xx/20xx, letters only, or a capitalised word (a name)."""
    code = (code or "").strip()
    if not code:
        raise ValidationError(
            _("Vul een kandidaatcode in, bijvoorbeeld %(voorbeeld)s.") % {"voorbeeld": VOORBEELD}, code="verplicht"
        )
    fout = _persoonsgegeven_in_code(code)
    if fout is not None:
        raise fout
    if any(teken.isspace() for teken in code):
        raise ValidationError(_("Een kandidaatcode bevat geen spaties; gebruik een streepje (-)."), code="spatie")
    if not _TOEGESTAAN.fullmatch(code):
        raise ValidationError(
            _("Een kandidaatcode bestaat alleen uit letters, cijfers en streepjes (-), zonder accenten."),
            code="tekens",
        )
    if not MIN_LENGTE <= len(code) <= MAX_LENGTE:
        raise ValidationError(
            _("Een kandidaatcode is %(min)s tot %(max)s tekens lang; deze is %(lengte)s.")
            % {"min": MIN_LENGTE, "max": MAX_LENGTE, "lengte": len(code)},
            code="lengte",
        )
    if not any(teken.isdigit() for teken in code):
        raise _geweigerd(_("Een kandidaatcode bevat minstens één cijfer."), "cijfer")
    return code.upper()


def controleer_vrije_tekst(tekst: str, veld: str | None = None) -> None:
    """Refuse (Dutch ValidationError, under `veld` when given) free text with an e-mail address, a BSN-like number
    (eight or nine digits, also in groups) or a phone number: an omschrijving or reason is about the work, not a
    person."""
    if not tekst:
        return
    fout = None
    if _EMAIL_IN_TEKST.search(tekst):
        fout = _("De tekst bevat een e-mailadres. Laat persoonsgegevens weg; de kandidaat heeft alleen een code.")
    elif _TELEFOON.search(tekst):
        fout = _("De tekst bevat een telefoonnummer. Laat persoonsgegevens weg; de kandidaat heeft alleen een code.")
    elif _CIJFERS_8_9.search(tekst) or any(
        elfproef(re.sub(r"\D", "", treffer)) for treffer in _BSN_GEGROEPEERD.findall(tekst)
    ):
        fout = _(
            "De tekst bevat een nummer van acht of negen cijfers, dat een BSN kan zijn. Laat persoonsgegevens weg."
        )
    if fout:
        fout = ValidationError(fout, code="persoonsgegeven")
        raise ValidationError({veld: fout}) if veld else fout
