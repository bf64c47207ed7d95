"""Registration, e-mail confirmation, approval and refusal; and the bad input the issue names."""

import re

from django.core import mail
from django.test import Client

import pytest
from allauth.account.models import EmailAddress

from kring.models import AuditEvent, Organisatie, User
from kring.services.accounts import registratie_approve, registratie_refuse
from tests.factories import OrganisatieFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db

STERK = "Waterbouw-langs-de-Merwe-77"


def form_data(**overrides):
    data = {
        "naam": "Fenna Aanvrager",
        "email": "fenna@nieuwbedrijf.test",
        "password1": STERK,
        "password2": STERK,
        "organisatie_keuze": "bestaand",
        "privacy": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def lid_org():
    return OrganisatieFactory(naam="Biesbosch Test Bestrating B.V.")


@pytest.fixture
def beheerder(gemeente_org):
    user = UserFactory(beheerder=True, organisatie=gemeente_org, email="beheer@kring.test")
    give_totp(user)
    return user


def register(client, **overrides):
    return client.post("/account/signup/", form_data(**overrides))


def confirm_link(message) -> str:
    return re.search(r"https?://[^\s]+/account/confirm-email/[^\s]+/", message.body).group(0)


def test_register_with_existing_organisation_then_confirm_then_approve(
    client, lid_org, beheerder, django_capture_on_commit_callbacks
):
    response = register(client, organisatie=lid_org.pk)
    assert response.status_code == 302 and response["Location"] == "/account/confirm-email/"

    aanvrager = User.objects.get(email="fenna@nieuwbedrijf.test")
    assert (aanvrager.status, aanvrager.organisatie, aanvrager.naam) == (
        User.Status.AANGEVRAAGD,
        lid_org,
        "Fenna Aanvrager",
    )
    assert not aanvrager.is_beheerder and not aanvrager.is_stuurgroep
    assert AuditEvent.objects.filter(actie="account.geregistreerd", object_id=str(aanvrager.pk)).exists()
    assert [m.to for m in mail.outbox] == [["fenna@nieuwbedrijf.test"]]  # only the confirmation so far

    link = confirm_link(mail.outbox[0]).split("testserver", 1)[-1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    assert EmailAddress.objects.get(user=aanvrager).verified
    beheerders_mail = mail.outbox[-1]
    assert beheerders_mail.bcc == ["beheer@kring.test"] and "Fenna Aanvrager" in beheerders_mail.body

    # Before approval the applicant sees only the waiting page.
    client.force_login(aanvrager, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/start/")["Location"] == "/wachten/"

    with django_capture_on_commit_callbacks(execute=True):
        registratie_approve(gebruiker=aanvrager, door=beheerder)
    aanvrager.refresh_from_db()
    assert aanvrager.status == User.Status.ACTIEF
    assert mail.outbox[-1].to == ["fenna@nieuwbedrijf.test"] and "goedgekeurd" in mail.outbox[-1].subject
    assert client.get("/start/").status_code == 200
    assert AuditEvent.objects.filter(actie="account.goedgekeurd", actor=beheerder).exists()


def test_register_with_new_organisation_and_refuse(client, beheerder, django_capture_on_commit_callbacks):
    response = register(
        client,
        organisatie_keuze="nieuw",
        nieuwe_organisatie_naam="Kade Nieuwbouw Test B.V.",
        nieuwe_organisatie_soort="opdrachtnemer",
        nieuwe_organisatie_kvk="1234 56.78",
    )
    assert response.status_code == 302
    organisatie = Organisatie.objects.get(naam="Kade Nieuwbouw Test B.V.")
    assert organisatie.is_voorgesteld and organisatie.kvk_nummer == "12345678"
    assert organisatie not in Organisatie.objects.leden()

    aanvrager = User.objects.get(email="fenna@nieuwbedrijf.test")
    with django_capture_on_commit_callbacks(execute=True):
        registratie_refuse(gebruiker=aanvrager, reden="Onbekend bij de kring.", door=beheerder)
    aanvrager.refresh_from_db()
    assert aanvrager.status == User.Status.GEBLOKKEERD and not aanvrager.is_active
    assert not Organisatie.objects.filter(naam="Kade Nieuwbouw Test B.V.").exists()
    assert "Onbekend bij de kring." in mail.outbox[-1].body


def test_approving_first_applicant_admits_proposed_organisation(beheerder):
    voorgesteld = OrganisatieFactory(voorgesteld=True)
    aanvrager = UserFactory(aangevraagd=True, organisatie=voorgesteld)
    registratie_approve(gebruiker=aanvrager, door=beheerder)
    voorgesteld.refresh_from_db()
    assert voorgesteld in Organisatie.objects.leden()
    assert AuditEvent.objects.filter(actie="organisatie.toegelaten").exists()


def test_approval_needs_confirmed_email(beheerder, lid_org):
    from django.core.exceptions import ValidationError

    aanvrager = UserFactory(aangevraagd=True, organisatie=lid_org)
    EmailAddress.objects.filter(user=aanvrager).update(verified=False)
    with pytest.raises(ValidationError, match="nog niet bevestigd"):
        registratie_approve(gebruiker=aanvrager, door=beheerder)


def test_queue_pages_approve_and_refuse(beheerder, lid_org):
    een, twee = UserFactory.create_batch(2, aangevraagd=True, organisatie=lid_org)
    client = Client()
    client.force_login(beheerder, backend="django.contrib.auth.backends.ModelBackend")
    pagina = client.get("/beheer/registraties/").content.decode()
    assert een.naam in pagina and twee.naam in pagina

    assert client.post(f"/beheer/registraties/{een.pk}/goedkeuren/").status_code == 302
    leeg = client.post(f"/beheer/registraties/{twee.pk}/afwijzen/", {"reden": " "})
    assert leeg.status_code == 200 and "Dit veld is verplicht" in leeg.content.decode()
    assert client.post(f"/beheer/registraties/{twee.pk}/afwijzen/", {"reden": "Geen medewerker."}).status_code == 302
    een.refresh_from_db()
    twee.refresh_from_db()
    assert (een.status, twee.status) == (User.Status.ACTIEF, User.Status.GEBLOKKEERD)
    # A decided registration is no longer in the queue: 404, not a second decision.
    assert client.post(f"/beheer/registraties/{een.pk}/goedkeuren/").status_code == 404


# --- Bad input: a clear Dutch error, nothing created, nothing leaked -------------------------------------------------


def assert_nothing_created(users_before, orgs_before):
    assert User.objects.count() == users_before
    assert Organisatie.objects.count() == orgs_before


def test_taken_email_creates_nothing_and_leaks_nothing(client, lid_org):
    bestaand = UserFactory(email="bezet@bedrijf.test", organisatie=lid_org)
    users, orgs = User.objects.count(), Organisatie.objects.count()
    response = register(client, email="BEZET@bedrijf.test", organisatie=lid_org.pk)
    # The same answer as a fresh registration (no enumeration); the owner of the address is told by mail.
    assert response.status_code == 302 and response["Location"] == "/account/confirm-email/"
    assert_nothing_created(users, orgs)
    assert mail.outbox[-1].to == [bestaand.email]


@pytest.mark.parametrize(
    ("overrides", "veld", "melding"),
    [
        ({"nieuwe_organisatie_kvk": "1234567"}, "nieuwe_organisatie_kvk", "precies acht cijfers"),
        ({"nieuwe_organisatie_kvk": "ABCDEFGH"}, "nieuwe_organisatie_kvk", "precies acht cijfers"),
        ({"nieuwe_organisatie_kvk": ""}, "nieuwe_organisatie_kvk", "heeft een KvK-nummer nodig"),
        ({"nieuwe_organisatie_naam": ""}, "nieuwe_organisatie_naam", "Vul de naam van uw organisatie in"),
    ],
)
def test_new_organisation_errors(client, overrides, veld, melding):
    users, orgs = User.objects.count(), Organisatie.objects.count()
    data = {
        "organisatie_keuze": "nieuw",
        "nieuwe_organisatie_naam": "Polder Test B.V.",
        "nieuwe_organisatie_soort": "opdrachtnemer",
        "nieuwe_organisatie_kvk": "87654321",
        **overrides,
    }
    response = register(client, **data)
    assert response.status_code == 200
    assert melding in str(response.context["form"].errors[veld])
    assert_nothing_created(users, orgs)


def test_kvk_of_existing_member_is_refused(client, lid_org):
    response = register(
        client,
        organisatie_keuze="nieuw",
        nieuwe_organisatie_naam="Andere Naam B.V.",
        nieuwe_organisatie_soort="opdrachtnemer",
        nieuwe_organisatie_kvk=lid_org.kvk_nummer,
    )
    assert "staat al in de kring" in str(response.context["form"].errors["nieuwe_organisatie_kvk"])


@pytest.mark.parametrize(
    ("wachtwoord", "melding"),
    [
        ("kortwoord1", "te kort"),
        ("qwerty123456", "te algemeen"),
        ("123456789012345", "alleen cijfers"),
    ],
)
def test_weak_passwords_are_refused_in_dutch(client, lid_org, wachtwoord, melding):
    users = User.objects.count()
    response = register(client, organisatie=lid_org.pk, password1=wachtwoord, password2=wachtwoord)
    assert response.status_code == 200
    assert melding in str(response.context["form"].errors)
    assert User.objects.count() == users


def test_forged_organisation_id_is_refused(client, lid_org):
    voorgesteld = OrganisatieFactory(voorgesteld=True)  # exists, but is not a member: not selectable
    for forged in ["999999", str(voorgesteld.pk), "1 OR 1=1"]:
        response = register(client, organisatie=forged)
        assert response.status_code == 200
        assert "Selecteer een geldige keuze" in str(response.context["form"].errors["organisatie"])
    assert not User.objects.filter(email="fenna@nieuwbedrijf.test").exists()


def test_missing_csrf_token_is_refused(lid_org):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/signup/", form_data(organisatie=lid_org.pk))
    assert response.status_code == 403
    assert not User.objects.filter(email="fenna@nieuwbedrijf.test").exists()


def test_privacy_statement_must_be_read(client, lid_org):
    data = form_data(organisatie=lid_org.pk)
    del data["privacy"]
    response = client.post("/account/signup/", data)
    assert "Dit veld is verplicht" in str(response.context["form"].errors["privacy"])


def test_stray_new_organisation_fields_do_not_block_choosing_an_existing_one(client, lid_org):
    response = register(client, organisatie=lid_org.pk, nieuwe_organisatie_kvk="abc")
    assert response.status_code == 302
    assert User.objects.get(email="fenna@nieuwbedrijf.test").organisatie == lid_org
