"""The per-person export is complete: a walk over every model and field finds each place that can hold a person's
data — a relation to the user, also through another model, and text that looks like an e-mail address, a name, an IP
address, a file or raw JSON — and each is exported by a source of kring/persoonsgegevens.py or excluded there with a
reason. The walk itself is tested on a registry with a gap, so it cannot pass by finding nothing."""

import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

import pytest
from allauth.account import app_settings as account_settings
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

from kring import persoonsgegevens as register
from kring.persoonsgegevens import BRONNEN, persoonsgegevens_verzamelen
from kring.services.privacy import persoonsgegevens_export
from pastperformance.models import Score
from tests.factories import UserFactory, onthulde_ronde
from tests.kring.test_privacy import volledig  # noqa: F401  (a fixture: the member with every kind of data)

# A field whose name says it holds something about a person, written out as text.
PERSOONLIJKE_NAAM = re.compile(
    r"e_?mail|telefoon|(^|_)ip(_|$)|user_agent|(^|_)uid$|ondertekenaar|aanwezig|(^|_)naam_|_naam$|actor|"
    r"contactpersoon|eigenaar"
)
PERSOONLIJK_TYPE = (models.EmailField, models.GenericIPAddressField, models.FileField, models.JSONField)


def _label(model) -> str:
    return model._meta.label


def _concrete(model):
    return [veld for veld in model._meta.get_fields() if veld.concrete]


def _naar_gebruiker(veld) -> bool:
    return (veld.many_to_one or veld.one_to_one or veld.many_to_many) and veld.related_model is get_user_model()


# --- The walks (each returns what is neither covered nor excluded) ----------------------------------------------------


def modellen_zonder_besluit(bronnen, zonder_bron) -> set[str]:
    alle = {_label(model) for model in apps.get_models()}
    return alle - {bron.model for bron in bronnen} - set(zonder_bron)


def relaties_via_ander_model(bronnen) -> set[tuple[str, str]]:
    """(model, path) for every row that belongs (cascading foreign key) to a row a source selects by a relation to
    the user: `email_address__user`, `beoordeling__ingediend_door` ..."""
    directe_via: dict[str, set[str]] = {}
    for bron in bronnen:
        directe_via.setdefault(bron.model, set()).update(v for v in bron.via if v != "pk" and "__" not in v)
    paden = set()
    for model in apps.get_models():
        for veld in _concrete(model):
            if not (veld.many_to_one or veld.one_to_one) or veld.related_model is get_user_model():
                continue
            if veld.remote_field.on_delete is not models.CASCADE:
                continue
            for via in directe_via.get(_label(veld.related_model), ()):
                paden.add((_label(model), f"{veld.name}__{via}"))
    return paden


def niet_gedekte_relaties(bronnen, uitgesloten, uitgesloten_via) -> set[tuple[str, str]]:
    gedekt = {(bron.model, via) for bron in bronnen for via in bron.via}
    direct = {
        (_label(model), veld.name) for model in apps.get_models() for veld in _concrete(model) if _naar_gebruiker(veld)
    }
    return (direct | relaties_via_ander_model(bronnen)) - gedekt - set(uitgesloten) - set(uitgesloten_via)


def persoonlijke_velden() -> set[tuple[str, str]]:
    return {
        (_label(model), veld.name)
        for model in apps.get_models()
        for veld in _concrete(model)
        if not veld.is_relation and (isinstance(veld, PERSOONLIJK_TYPE) or PERSOONLIJKE_NAAM.search(veld.name))
    }


def niet_gedekte_velden(bronnen, buiten_export) -> set[tuple[str, str]]:
    gedekt = {(bron.model, pad.split("__")[0]) for bron in bronnen for pad in (*bron.velden, *bron.via)}
    return persoonlijke_velden() - gedekt - set(buiten_export)


# --- The registry passes every walk -----------------------------------------------------------------------------------


def test_every_model_is_a_source_or_has_a_reason():
    vergeten = modellen_zonder_besluit(BRONNEN, register.ZONDER_BRON)
    assert not vergeten, f"Modellen zonder bron en zonder reden in kring/persoonsgegevens.py: {sorted(vergeten)}"
    bronmodellen = {bron.model for bron in BRONNEN}
    assert not bronmodellen & set(register.ZONDER_BRON), "Zowel bron als zonder bron"
    alle = {_label(model) for model in apps.get_models()}
    assert set(register.ZONDER_BRON) <= alle, f"Verouderd: {set(register.ZONDER_BRON) - alle}"
    assert all(reden.strip() for reden in register.ZONDER_BRON.values())


def test_every_relation_to_the_user_also_through_another_model_is_covered_or_excluded():
    vergeten = niet_gedekte_relaties(BRONNEN, register.UITGESLOTEN, register.UITGESLOTEN_VIA)
    assert not vergeten, f"Relaties met een persoon zonder bron of reden: {sorted(vergeten)}"
    gevonden = relaties_via_ander_model(BRONNEN)
    assert set(register.UITGESLOTEN_VIA) <= gevonden, f"Verouderd: {set(register.UITGESLOTEN_VIA) - gevonden}"
    gedekt = {(bron.model, via) for bron in BRONNEN for via in bron.via}
    assert not set(register.UITGESLOTEN_VIA) & gedekt, "Zowel gedekt als uitgesloten"
    assert all(reden.strip() for reden in register.UITGESLOTEN_VIA.values())


def test_every_field_with_a_persons_data_as_text_is_exported_or_excluded():
    vergeten = niet_gedekte_velden(BRONNEN, register.VELDEN_BUITEN_EXPORT)
    assert not vergeten, f"Velden met persoonsgegevens zonder bron of reden: {sorted(vergeten)}"
    assert set(register.VELDEN_BUITEN_EXPORT) <= persoonlijke_velden(), "Verouderde velduitsluitingen"
    assert all(reden.strip() for reden in register.VELDEN_BUITEN_EXPORT.values())


def test_the_walk_finds_what_covers_the_e_mail_address_and_name_fields():
    # Sanity of the patterns: the well-known places are found, so the walk is not vacuous.
    velden = persoonlijke_velden()
    for verwacht in [
        ("kring.User", "email"),
        ("account.EmailAddress", "email"),
        ("kring.AuditEvent", "ip_adres"),
        ("kring.AuditEvent", "actor_omschrijving"),
        ("kring.Ondertekening", "naam_ondertekenaar"),
        ("usersessions.UserSession", "user_agent"),
        ("pastperformance.Bespreking", "overige_aanwezigen"),
        ("sroi.Bewijsstuk", "bestand"),
    ]:
        assert verwacht in velden
    paden = relaties_via_ander_model(BRONNEN)
    for verwacht in [
        ("account.EmailConfirmation", "email_address__user"),
        ("socialaccount.SocialToken", "account__user"),
        ("pastperformance.Score", "beoordeling__ingediend_door"),
    ]:
        assert verwacht in paden


# --- The walks catch a gap ----------------------------------------------------------------------------------------------


def test_a_source_left_out_is_caught_by_every_walk():
    zonder_scores = tuple(bron for bron in BRONNEN if bron.model != "pastperformance.Score")
    assert modellen_zonder_besluit(zonder_scores, register.ZONDER_BRON) == {"pastperformance.Score"}
    assert niet_gedekte_relaties(zonder_scores, register.UITGESLOTEN, register.UITGESLOTEN_VIA) == {
        ("pastperformance.Score", "beoordeling__ingediend_door")
    }
    zonder_sessies = tuple(bron for bron in BRONNEN if bron.sleutel != "sessies")
    assert niet_gedekte_velden(zonder_sessies, register.VELDEN_BUITEN_EXPORT) == {
        ("usersessions.UserSession", "ip"),
        ("usersessions.UserSession", "user_agent"),
    }


def test_an_exclusion_left_out_is_caught():
    reden = dict(register.ZONDER_BRON)
    del reden["kring.Organisatie"]
    assert modellen_zonder_besluit(BRONNEN, reden) == {"kring.Organisatie"}
    via = dict(register.UITGESLOTEN_VIA)
    del via[("pastperformance.Reactie", "beoordeling__ingediend_door")]
    assert niet_gedekte_relaties(BRONNEN, register.UITGESLOTEN, via) == {
        ("pastperformance.Reactie", "beoordeling__ingediend_door")
    }
    velden = dict(register.VELDEN_BUITEN_EXPORT)
    del velden[("projecten.Opgave", "eigenaar_naam")]
    assert niet_gedekte_velden(BRONNEN, velden) == {("projecten.Opgave", "eigenaar_naam")}


def test_email_confirmations_are_not_stored():
    """The reason `account.EmailConfirmation` is no source holds only while confirmations are signed links."""
    assert account_settings.EMAIL_CONFIRMATION_HMAC is True


# --- The sources added for completeness export the person's rows, and only theirs ----------------------------------


@pytest.mark.django_db
def test_scores_motivations_and_gemeente_tokens_are_in_the_export():
    ronde = onthulde_ronde()
    beoordeling = ronde.beoordelingen.get(richting="og_on")
    beoordeling.algemene_toelichting = "Prettige samenwerking met de uitvoerder."
    beoordeling.save()
    Score.objects.filter(beoordeling=beoordeling).update(motivering="Planning liep goed.")
    gemeente_medewerker = beoordeling.ingediend_door
    app = SocialApp.objects.create(provider="openid_connect", provider_id="gemeente", name="Gemeente", client_id="x")
    account = SocialAccount.objects.create(user=gemeente_medewerker, provider="gemeente", uid="m-1")
    verloopt = timezone.now() + timezone.timedelta(hours=1)
    SocialToken.objects.create(app=app, account=account, token="geheim-token-123", expires_at=verloopt)
    ander = SocialAccount.objects.create(user=UserFactory(), provider="gemeente", uid="m-2")
    SocialToken.objects.create(app=app, account=ander, token="geheim-token-456")

    gegevens = persoonsgegevens_verzamelen(gemeente_medewerker)["gegevens"]

    assert gegevens["pp_beoordelingen"][0]["algemene_toelichting"] == "Prettige samenwerking met de uitvoerder."
    # Her rating of the contractor and her side's self-rating; not the contractor's rating of the gemeente.
    scores = gegevens["pp_scores"]
    assert (
        len(scores)
        == Score.objects.filter(beoordeling__ronde=ronde, beoordeling__richting__in=["og_on", "zelf_og"]).count()
    )
    assert {rij["beoordeling_richting"] for rij in scores} == {"og_on", "zelf_og"}
    assert {rij["motivering"] for rij in scores if rij["beoordeling_richting"] == "og_on"} == {"Planning liep goed."}
    assert gegevens["gemeente_toegangssleutels"] == [{"app_name": "Gemeente", "expires_at": verloopt}]
    tekst = persoonsgegevens_export(gebruiker=gemeente_medewerker)
    assert "geheim-token-123" not in tekst and "geheim-token-456" not in tekst


# The full member of the privacy tests (a row in every source): every source, the new ones included, finds her rows.


@pytest.mark.django_db
def test_a_member_with_every_kind_of_data_has_rows_in_every_source(volledig):  # noqa: F811
    lid, _totp = volledig
    gegevens = persoonsgegevens_verzamelen(lid)["gegevens"]
    assert set(gegevens) == {bron.sleutel for bron in BRONNEN}
    assert not [sleutel for sleutel, rijen in gegevens.items() if not rijen]
