"""Candidate codes and free text next to inzet: pseudonyms only, never a name, BSN, date of birth, e-mail or phone."""

from django.core.exceptions import ValidationError

import pytest

from sroi.validators import controleer_kandidaatcode, controleer_vrije_tekst, elfproef


@pytest.mark.parametrize(
    ("code", "opgeslagen"),
    [
        ("KAND-012", "KAND-012"),
        ("kand-012", "KAND-012"),
        ("  BBL-7  ", "BBL-7"),
        ("A12", "A12"),
        ("PW-0001", "PW-0001"),
        ("X1-Y2-Z3", "X1-Y2-Z3"),
        ("ON24-3", "ON24-3"),
        ("123", "123"),
        ("1234567", "1234567"),  # seven digits: not a BSN
        ("K-12345-B", "K-12345-B"),
        ("ABCDEFGHIJKLMNOPQRS1", "ABCDEFGHIJKLMNOPQRS1"),  # 20 characters
    ],
)
def test_goede_codes(code, opgeslagen):
    assert controleer_kandidaatcode(code) == opgeslagen


@pytest.mark.parametrize(
    ("code", "reden"),
    [
        ("jan.jansen@example.nl", "e-mailadres"),
        ("jan@x", "e-mailadres"),
        ("0612345678", "telefoonnummer"),
        ("06-12345678", "telefoonnummer"),
        ("+31612345678", "telefoonnummer"),
        ("0031-612345678", "telefoonnummer"),
        ("12-03-1985", "geboortedatum"),
        ("1985-03-12", "geboortedatum"),
        ("K-01-02-2001", "geboortedatum"),
        ("12031985", "geboortedatum"),
        ("123456782", "acht of meer cijfers"),  # a valid BSN
        ("11111111", "acht of meer cijfers"),
        ("K-123456789", "acht of meer cijfers"),
        ("1234-56-782", "geldig BSN"),  # the digits pass the eleven-test
        ("KAND-1985", "jaartal"),
        ("2001-K7", "jaartal"),
        ("Jansen", "naam"),
        ("JANSEN", "naam"),
        ("jan-de-vries", "naam"),
        ("Jansen-12", "naam"),
        ("K12-Pietersen", "naam"),
        ("", "Vul een kandidaatcode in"),
        ("K 12", "spaties"),
        ("K_12", "letters, cijfers en streepjes"),
        ("KÄ-12", "letters, cijfers en streepjes"),
        ("K1", "3 tot 20 tekens"),
        ("ABCDEFGHIJKLMNOPQRS12", "3 tot 20 tekens"),
    ],
)
def test_foute_codes_met_reden(code, reden):
    with pytest.raises(ValidationError) as fout:
        controleer_kandidaatcode(code)
    assert reden in " ".join(fout.value.messages)


def test_elfproef():
    assert elfproef("123456782")
    assert elfproef("111222333")
    assert not elfproef("123456789")
    assert not elfproef("000000000")
    assert not elfproef("12345678")


@pytest.mark.parametrize(
    "tekst",
    [
        "",
        "Grondwerk fase 2, factuur 2024-0113",
        "Gastles op de mbo, 12 uur",
        "Factuur van € 12.345.678 bij een sociale onderneming",
        "Werkweek van 36 uur, start 01-03-2024",
    ],
)
def test_vrije_tekst_zonder_persoonsgegevens(tekst):
    controleer_vrije_tekst(tekst)


@pytest.mark.parametrize(
    ("tekst", "reden"),
    [
        ("Contact: j.jansen@example.nl", "e-mailadres"),
        ("Bel 06-12345678 voor de planning", "telefoonnummer"),
        ("Bel +31 6 12345678", "telefoonnummer"),
        ("BSN 123456782", "BSN"),
        ("BSN 1234.56.782", "BSN"),
        ("BSN 123 456 782", "BSN"),
        ("nummer 12345678", "BSN"),
    ],
)
def test_vrije_tekst_met_persoonsgegevens(tekst, reden):
    with pytest.raises(ValidationError) as fout:
        controleer_vrije_tekst(tekst, "omschrijving")
    assert reden in " ".join(fout.value.message_dict["omschrijving"])
