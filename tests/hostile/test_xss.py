"""Stored XSS: a payload in every free-text column of every row, then every page (as every role that sees it, the
admin and the htmx partials too), every PDF report's HTML and every HTML mail must show it as text, never as markup
that runs.

The payloads go straight into the database, past the services (which refuse active HTML on input): what an old row,
an import or an admin change could hold. Output escaping is the defence under test. `onveilig` reads the HTML as a
browser would; the test fails as soon as one template renders user text with |safe or {% autoescape off %}."""

import datetime
import re
from html.parser import HTMLParser

from django.apps import apps
from django.contrib import admin
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

import pytest

from kring.audit import audit_log
from tests.conftest import ROLLEN, client_for
from tests.factories import (
    BesluitFactory,
    BijlageFactory,
    KennisitemFactory,
    KoppelbesluitFactory,
    OndertekeningFactory,
    ProjectwijzigingFactory,
    RapportFactory,
    ThemaFactory,
    VoortgangsnotitieFactory,
)
from tests.test_access_matrix import MATRIX, all_patterns, context, fill_route  # noqa: F401 (context: a fixture)

APPS = ("kring", "werkgroepen", "projecten", "pastperformance", "sroi")

SCRIPT = "<script>xss1()</script>"
IMG = '"><img src=x onerror=xss2()>'
MARKDOWN = "[a](javascript:xss3())"
LINK = '<a href="javascript:xss4()">a</a>'
SVG = "'><svg onload=xss5()>"
SJABLOON = "tpl{{ 7*7 }}"  # a template engine that evaluated it would show tpl49
ATTRIBUUT = "x onmouseover=xss6() y"  # breaks out of an unquoted attribute
ADRES = "javascript:xss0()//"  # a value put into href or src as a whole
KORT = "<xss7/>"  # for short columns; made unique per row (<xss12>) where it must be
LOS = [SCRIPT, IMG, SVG, LINK, MARKDOWN, ATTRIBUUT, SJABLOON, KORT]
# The address first: a field rendered as an href starts with it. Paragraphs, so Markdown reads the link as a link.
VOLLEDIG = "\n\n".join([ADRES, SCRIPT, IMG, SVG, MARKDOWN, LINK, ATTRIBUUT, SJABLOON, KORT])

# Columns that hold no text a member writes, with the reason; every other CharField and TextField gets a payload.
GEEN_VRIJE_TEKST = {
    "kring.User.password": "een wachtwoordhash, nooit getoond",
    "kring.AuditEvent.object_id": "de sleutel van het object waar het event over gaat",
    "kring.Herinnering.soort": "een code uit het register van herinneringsoorten",
    "kring.HerinneringVoorkeur.soort": "een code uit het register van herinneringsoorten",
    "werkgroepen.Agendafeed.token": "het geheime adres van de agendafeed, gemaakt door het portaal",
    "werkgroepen.Bijlage.mime_type": "gezet door de uploadcontrole (tests/hostile/test_uploads.py)",
    "werkgroepen.Bijlage.sha256": "berekend door de uploadcontrole",
    "sroi.Bewijsstuk.inhoudstype": "gezet door de uploadcontrole (tests/hostile/test_uploads.py)",
    "projecten.Koppelkans.sleutel": "berekend uit gebied en projecten",
    "projecten.Projectwijziging.veld": "de naam van een veld van Project",
    "pastperformance.Scoremaand.criterium_code": "de code van een criterium",
}


def tekstvelden(model) -> list[models.Field]:
    """The free-text columns of `model`: CharField and TextField without choices, not slugs or e-mail addresses (their
    validators allow no markup, and slugs are part of URLs). URLFields are included: a stored javascript: address must
    never become a link."""
    return [
        veld
        for veld in model._meta.concrete_fields
        if isinstance(veld, models.CharField | models.TextField)
        and not isinstance(veld, models.SlugField | models.EmailField)
        and not veld.choices
        and f"{model._meta.label}.{veld.name}" not in GEEN_VRIJE_TEKST
    ]


def modellen_met_tekst() -> list:
    return [model for model in apps.get_models() if model._meta.app_label in APPS and tekstvelden(model)]


def gif(veld: models.Field, nummer: int, pk) -> str:
    """The payload of one cell: all of them when they fit, else one that fits (rotating over the fields), with the
    row's pk so unique columns stay unique."""
    if isinstance(veld, models.URLField):
        return "javascript:xss0()"
    achtervoegsel = f" #{pk}"
    ruimte = (veld.max_length or 10**6) - len(achtervoegsel)
    if len(VOLLEDIG) <= ruimte:
        return (VOLLEDIG if isinstance(veld, models.TextField) else VOLLEDIG.replace("\n\n", " ")) + achtervoegsel
    passend = [payload for payload in LOS if len(payload) <= ruimte]
    if not passend:  # a KvK number: "<xss" and as many digits of the pk as fit, still unique within one test
        return f"<xss{pk % 10 ** (veld.max_length - 4)}"
    return passend[nummer % len(passend)] + achtervoegsel


def vergiftig() -> dict[str, int]:
    """A payload in every free-text column of every row of the portal's models; the number of rows per model."""
    rijen = {}
    for model in modellen_met_tekst():
        velden = tekstvelden(model)
        pks = list(model._base_manager.values_list("pk", flat=True))
        for pk in pks:
            model._base_manager.filter(pk=pk).update(
                **{veld.attname: gif(veld, nummer, pk) for nummer, veld in enumerate(velden)}
            )
        rijen[model._meta.label] = len(pks)
    return rijen


# -- The check --------------------------------------------------------------------------------------------------------

# Attributes whose value a browser loads or runs as an address.
ADRES_ATTRIBUTEN = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "hx-get", "hx-post"}
ONZICHTBAAR = re.compile(r"[\x00-\x20]")
ACTIEVE_SCHEMAS = ("javascript:", "vbscript:", "data:text/html")
# Unescaped payloads as they would stand in the source; escaped they read &lt;script&gt; and so on.
RUW = ("<script>xss", "<img src=x onerror=", "<svg onload=", "<xss")


class _Zoeker(HTMLParser):
    """Reads HTML as a browser does (entities decoded) and notes every payload that became markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.vondsten: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag.startswith("xss"):
            self.vondsten.append(f"element <{tag}>")
        self._in_script = tag == "script"
        for naam, waarde in attrs:
            waarde = waarde or ""
            if (naam.startswith("on") or naam == "srcdoc") and "xss" in waarde:
                self.vondsten.append(f"<{tag} {naam}={waarde!r}>")
            if "xss" in naam:
                self.vondsten.append(f"<{tag}> met attribuut {naam!r}")
            if naam in ADRES_ATTRIBUTEN and ONZICHTBAAR.sub("", waarde).lower().startswith(ACTIEVE_SCHEMAS):
                self.vondsten.append(f"<{tag} {naam}={waarde!r}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "xss" in data:
            self.vondsten.append(f"script met {data.strip()[:80]!r}")


def onveilig(html: str) -> list[str]:
    """Every payload that became running markup in `html`; empty when the document is safe."""
    zoeker = _Zoeker()
    zoeker.feed(html)
    zoeker.close()
    vondsten = zoeker.vondsten + [f"onontsnapt {ruw!r}" for ruw in RUW if ruw in html]
    if "tpl49" in html:
        vondsten.append("tekst is als sjabloon uitgevoerd (tpl49)")
    return vondsten


@pytest.mark.parametrize(
    "html",
    [
        f"<p>{SCRIPT}</p>",
        f'<input value="{IMG}">',
        f"<p title='{SVG}'>",
        '<a href="javascript:xss3()">a</a>',
        '<a href=" java\tscript:x()">a</a>',
        f"<div title={ATTRIBUUT}>",
        "<p><xss7/></p>",
        "<p>tpl49</p>",
        "<script>var naam = 'xss1()';</script>",
    ],
)
def test_the_check_finds_running_payloads(html):
    assert onveilig(html)


def test_the_check_lets_escaped_payloads_pass():
    from django.utils.html import escape

    html = f'<p>{escape(VOLLEDIG)}</p><input value="{escape(IMG)}"><a href="/x/?q={escape(SCRIPT)}">x</a>'
    assert onveilig(html) == []


# -- The data ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def gegevens(context):  # noqa: F811 (the fixture imported above)
    """The access matrix's objects (every page has one to show), the rows with text it does not make, then a payload
    in every free-text column of all of them."""
    personas = context["personas"]
    eigen = personas["on_eigen"]
    from pastperformance import models as pp
    from sroi import models as sroi

    ronde = context["bespreking_ronde"]
    beoordeling = ronde.beoordelingen.get(richting="og_on")
    openbaar = KennisitemFactory(zichtbaarheid="openbaar", auteur=eigen)
    openbaar.tags.create(naam="kademuur")
    openbaar.themas.add(ThemaFactory())
    extra = {
        "openbaar_item": openbaar,
        "openbare_bijlage": BijlageFactory(kennisitem=openbaar),
        "notitie": VoortgangsnotitieFactory(activiteit=context["activiteit"]),
        "besluit": BesluitFactory(bijeenkomst=context["bijeenkomst"]),
        "ondertekening": OndertekeningFactory(
            overeenkomst=context["overeenkomst_open"], organisatie=personas["gemeente"].organisatie
        ),
        "wijziging": ProjectwijzigingFactory(project=context["project_eigen"]),
        "koppelbesluit": KoppelbesluitFactory(koppelkans=context["koppelkans_eigen"]),
        "reactie": pp.Reactie.objects.create(beoordeling=beoordeling, eens=False, tekst="Niet herkenbaar."),
        "bespreking": pp.Bespreking.objects.create(ronde=ronde, datum=datetime.date(2026, 3, 2), samenvatting="Goed."),
        "addendum": pp.Addendum.objects.create(ronde=context["bespreking_definitief"], tekst="Aanvulling."),
        "waarschuwing": sroi.Waarschuwing.objects.create(
            verplichting=context["sroi_verplichting"],
            soort="achterstand",
            toelichting="Achter.",
            sinds=datetime.date(2026, 1, 1),
        ),
        "poolinteresse": sroi.Poolinteresse.objects.create(
            aanbod=context["pool_aanbod"], organisatie=personas["on_ander"].organisatie, bericht="Graag."
        ),
        "mislukt_rapport": RapportFactory(
            overeenkomst=context["overeenkomst_open"], aangevraagd_door=eigen, status="mislukt", fout="Mis."
        ),
        "beleid": pp.Beleid.huidig(),
        "indicatorwaarde": context["indicator"].waarden.create(
            kwartaal=datetime.date(2026, 1, 1), waarde=3, toelichting="Handmatig."
        ),
    }
    # The audit log shows what changed: a change of a text field carries the payload in its JSON.
    audit_log(actie="kennisitem.gewijzigd", actor=eigen, obj=openbaar, voor={"titel": "Oud"}, na={"titel": VOLLEDIG})
    rijen = vergiftig()
    # On PostgreSQL the kennisbank searches a stored vector (a no-op on SQLite): index the poisoned texts.
    from werkgroepen import zoeken
    from werkgroepen.models import Kennisitem

    for item in Kennisitem.objects.all():
        zoeken.zoekvector_bijwerken(item, labels=[])
    return {**context, **extra, "rijen": rijen}


def test_every_model_with_free_text_has_rows_on_the_pages(gegevens):
    """A new model with text gets rows in the data above (or the access matrix's context), so its pages are tried."""
    leeg = [label for label, aantal in gegevens["rijen"].items() if not aantal]
    assert not leeg, f"Modellen met vrije tekst zonder rijen in de XSS-test: {leeg}"


# -- The pages --------------------------------------------------------------------------------------------------------


def _is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def _paginas(ctx):
    """(key, url, expectations, method) of every URL pattern outside the admin, filled with the matrix's objects."""
    for naam, route in all_patterns():
        if route.startswith("admin/"):
            continue
        sleutel = naam or route
        verwachtingen, bouw, methode = MATRIX[sleutel]
        yield sleutel, fill_route(route, bouw(ctx) if bouw else {}), verwachtingen, methode


# Query parameters the pages read (filters, search, paging, the login's next); each gets a payload too.
PARAMETERS = ("q", "zoek", "pagina", "toon", "was", "sorteer", "status", "soort", "next", "kwartaal", "jaar")


def test_no_page_runs_a_stored_payload(gegevens):
    """Every page as every role that may see it; a page that breaks on the payloads (not 200) fails too."""
    clients = {rol: client_for(gegevens["personas"][rol]) for rol in ROLLEN}
    vondsten, kapot, met_payload = [], [], set()
    for sleutel, url, verwachtingen, methode in _paginas(gegevens):
        for rol in ROLLEN:
            if methode == "get" and verwachtingen[rol] != "200":
                continue  # a refusal or redirect shows no member's text
            response = clients[rol].get(url)
            if methode == "get" and response.status_code != 200:
                kapot.append(f"{rol} {url}: {response.status_code}")
            if response.status_code == 200 and _is_html(response):
                html = response.content.decode()
                vondsten += [f"{rol} {url}: {vondst}" for vondst in onveilig(html)]
                if "xss" in html:
                    met_payload.add(sleutel)
    assert not kapot, "Pagina's die met de payloads niet meer werken:\n" + "\n".join(kapot)
    assert not vondsten, "Uitgevoerde payloads:\n" + "\n".join(vondsten)
    # The payloads are really on the pages (as text): the detail pages of everything the walk filled.
    assert len(met_payload) > 100, sorted(met_payload)


def test_no_page_runs_a_payload_from_its_query_string(gegevens):
    """Reflected: the filters, the search and the paging show what was asked; as text only."""
    query = "&".join(f"{naam}={SCRIPT}{IMG}" for naam in PARAMETERS)
    vondsten = []
    for _sleutel, url, verwachtingen, methode in _paginas(gegevens):
        rol = next((rol for rol in reversed(ROLLEN) if verwachtingen[rol] == "200"), None)
        if methode != "get" or rol is None:
            continue
        response = client_for(gegevens["personas"][rol]).get(f"{url}?{query}")
        if response.status_code == 200 and _is_html(response):
            vondsten += [f"{rol} {url}: {vondst}" for vondst in onveilig(response.content.decode())]
    assert not vondsten, "Uitgevoerde payloads:\n" + "\n".join(vondsten)


# Words inside the payloads. (PostgreSQL's text search drops what stands between <script> and </script>.)
@pytest.mark.parametrize("zoekterm", ["xss2", "onerror img", "javascript", "onload"])
def test_kennisbank_search_snippets_stay_text(gegevens, zoekterm):
    """The snippets mark the hits with <mark> around escaped text (werkgroepen.zoeken), hits inside a payload too."""
    for rol in ("anoniem", "on_eigen", "beheerder"):
        response = client_for(gegevens["personas"][rol]).get("/werkgroepen/kennisbank/", {"q": zoekterm})
        html = response.content.decode()
        assert response.status_code == 200 and onveilig(html) == [], (rol, onveilig(html))
        assert "<mark>" in html, rol  # the search found the payloads


def test_the_interesse_partial_for_htmx_stays_text(gegevens):
    project = gegevens["kalender_project"]
    client = client_for(gegevens["personas"]["on_eigen"])
    for _keer in range(2):  # follow, then unfollow
        response = client.post(f"/projecten/{project.pk}/interesse/", HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and "<html" not in response.content.decode()
        assert onveilig(response.content.decode()) == []


def test_no_admin_page_runs_a_stored_payload(gegevens):
    """The admin's lists (with a search) and change pages of every registered model, as a beheerder."""
    client = client_for(gegevens["personas"]["beheerder"])
    vondsten = []
    for model in admin.site._registry:
        basis = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls = [basis, f"{basis}?q={SCRIPT}"]
        obj = model._default_manager.order_by("-pk").first()
        if obj is not None:
            urls.append(f"{basis}{obj.pk}/change/")
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            vondsten += [f"{url}: {vondst}" for vondst in onveilig(response.content.decode())]
    assert not vondsten, "Uitgevoerde payloads:\n" + "\n".join(vondsten)


# -- Reports and mails ------------------------------------------------------------------------------------------------


def _kwartaal_nu() -> int:
    vandaag = timezone.localdate()
    return vandaag.year * 10 + (vandaag.month - 1) // 3 + 1


# Per kind of report: who asks, and for which object (the pk the kind's parameter holds).
RAPPORTEN = {
    "intentieovereenkomst": lambda g: ("on_eigen", g["overeenkomst_open"].pk),
    "bijeenkomst_agenda": lambda g: ("on_eigen", g["bijeenkomst"].pk),
    "bijeenkomst_verslag": lambda g: ("on_eigen", g["bijeenkomst"].pk),
    "pp_ronde": lambda g: ("on_eigen", g["bespreking_ronde"].pk),
    "pp_jaaroverzicht": lambda g: ("gemeente", g["personas"]["on_eigen"].organisatie_id),
    "sroi_verplichting": lambda g: ("gemeente", g["inzet_regel"].verplichting_id),
    "sroi_opdrachtnemer": lambda g: ("on_eigen", g["personas"]["on_eigen"].organisatie_id),
    "kwartaalrapportage": lambda g: ("stuurgroep", _kwartaal_nu()),
}


def test_every_kind_of_report_is_tried():
    from kring.rapportsoorten import RAPPORTSOORTEN

    assert set(RAPPORTEN) == set(RAPPORTSOORTEN)


@pytest.mark.parametrize("soort", sorted(RAPPORTEN))
def test_no_report_runs_a_stored_payload(gegevens, soort):
    """The HTML a PDF is made from (kring.pdf renders exactly this), as the report's requester sees it."""
    from kring.rapportsoorten import rapportsoort

    rol, pk = RAPPORTEN[soort](gegevens)
    user = gegevens["personas"][rol]
    soortdef = rapportsoort(soort)
    obj = soortdef.object_voor(user=user, parameters=soortdef.parameters(pk))
    html = render_to_string(soortdef.template, soortdef.inhoud(obj, user=user))
    assert onveilig(html) == []
    assert "xss" in html  # the report shows the poisoned text, as text


class Gif:
    """Any object in a mail's context: every attribute, key and loop gives itself again and it reads as the payloads,
    so every variable a mail template prints carries them."""

    tekst = " ".join(LOS)
    # For |date: a date and time, so the filter formats it instead of failing.
    year, month, day, hour, minute, second, microsecond, tzinfo = 2026, 3, 2, 9, 30, 0, 0, None

    def weekday(self):
        return 0

    def __getattr__(self, naam):
        if naam.startswith("__"):
            raise AttributeError(naam)
        return self

    def __getitem__(self, sleutel):
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __iter__(self):
        return iter([self])

    def __len__(self):
        return 1

    def __str__(self):
        return self.tekst


def _html_mailtemplates() -> set[str]:
    from pathlib import Path

    from django.conf import settings

    map_ = Path(settings.BASE_DIR) / "templates"
    return {str(pad.relative_to(map_)) for pad in (map_ / "emails").rglob("*.html")}


def test_no_html_mail_runs_a_payload():
    """Every HTML mail template: each kind of reminder, alone and in the weekly overview, and the invitation. (The
    .txt mails are plain text, in which nothing runs; they switch autoescaping off on purpose.)"""
    from types import SimpleNamespace

    from kring.herinneringen import soorten

    gerenderd = set()
    for soort in soorten().values():
        item = SimpleNamespace(soort=soort, aanleiding=SimpleNamespace(context=Gif()))
        for overzicht in (False, True):
            mail = SimpleNamespace(overzicht=overzicht, items=[item], groepen=[(soort, [item])])
            html = render_to_string(
                "emails/herinneringen/bericht.html",
                {"mail": mail, "ontvanger": Gif(), "onderwerp": Gif(), "voorkeuren_url": "https://kring.test/"},
            )
            assert onveilig(html) == [], soort.code
            assert html.count("xss1") >= 3, soort.code  # subject, name and the item's text
        gerenderd |= {"emails/herinneringen/bericht.html", soort.template_html}
    html = render_to_string("emails/uitnodiging.html", {"onderwerp": Gif(), "ontvanger": Gif(), "bijeenkomst": Gif()})
    assert onveilig(html) == [] and "xss1" in html
    gerenderd.add("emails/uitnodiging.html")
    assert gerenderd == _html_mailtemplates()


def test_mails_sent_from_poisoned_data_stay_text(gegevens, mailoutbox):
    """The real senders over the poisoned rows: the invitation to a meeting and the day's reminders."""
    from kring.services.herinneringen import herinneringen_send
    from tests.factories import AanwezigheidFactory
    from werkgroepen.services.ical import uitnodigingen_send

    AanwezigheidFactory(bijeenkomst=gegevens["bijeenkomst"], gebruiker=gegevens["personas"]["on_eigen"])
    uitnodigingen_send(bijeenkomst_id=gegevens["bijeenkomst"].pk)
    herinneringen_send()
    html = [inhoud for bericht in mailoutbox for inhoud, soort in bericht.alternatives if soort == "text/html"]
    assert len(html) >= 2
    for document in html:
        assert onveilig(document) == []
    assert any("xss1" in document for document in html)
