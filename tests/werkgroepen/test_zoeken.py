"""Searching the kennisbank: matches, ranking, safe snippets and facets on every database; Dutch stemming, weights and
the search syntax on PostgreSQL (CI runs the suite there too)."""

import datetime

from django.db import connection
from django.utils import timezone

import pytest

from tests.conftest import client_for
from tests.factories import KennisitemFactory, LidmaatschapFactory, ThemaFactory, WerkgroepFactory
from werkgroepen import zoeken
from werkgroepen.models import Kennisitem
from werkgroepen.selectors.kennisbank import kennisbank_zoeken
from werkgroepen.services.kennisbank import KennisitemInhoud, kennisitem_create, kennisitem_update

pytestmark = pytest.mark.django_db

Z = Kennisitem.Zichtbaarheid
alleen_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Nederlandse stemming en ts_headline bestaan alleen op PostgreSQL; CI draait deze tests daar (.ci/run).",
)


def maak(door, **velden) -> Kennisitem:
    """Through the service, so the search vector is filled (on PostgreSQL)."""
    gegevens = {
        "soort": "lesson_learned",
        "titel": "Een les",
        "samenvatting": "Kort.",
        "zichtbaarheid": Z.LEDEN,
        "herzien_voor": timezone.localdate() + datetime.timedelta(days=30),
        **velden,
    }
    return kennisitem_create(inhoud=KennisitemInhoud(**gegevens), door=door)


def titels(user, **params) -> list[str]:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.update(params)
    return [r.kennisitem.titel for r in kennisbank_zoeken(user=user, params=query, pagina=None).resultaten]


def zoek_pagina(user, query: str):
    from django.http import QueryDict

    return kennisbank_zoeken(user=user, params=QueryDict(query), pagina=None)


# --- Every database --------------------------------------------------------------------------------------------------


def test_every_word_must_match_and_the_title_counts_most(personas):
    lid = personas["on_eigen"]
    maak(lid, titel="Bouwteam en kademuur", samenvatting="Een les.")
    maak(lid, titel="Een andere les", samenvatting="Over een bouwteam bij een kademuur.")
    maak(lid, titel="Bouwteam", samenvatting="Zonder het tweede woord.")
    assert titels(lid, q="bouwteam kademuur") == ["Bouwteam en kademuur", "Een andere les"]
    assert titels(lid, q="kademuur") == ["Bouwteam en kademuur", "Een andere les"]


def test_search_finds_the_praktijk_fields_and_the_content(personas):
    lid = personas["on_eigen"]
    maak(lid, soort="praktijkvoorbeeld", titel="Werk met werk", uitdaging="x", aanpak="Eén aannemer voor de damwand.")
    maak(lid, titel="Handreiking", inhoud="## Oplevering\n\nRevisiegegevens van de **damwand**.")
    assert sorted(titels(lid, q="damwand")) == ["Handreiking", "Werk met werk"]


def test_search_respects_visibility(personas, gemeente_org):
    maak(personas["gemeente"], titel="Interne evaluatie damwand", zichtbaarheid=Z.GEMEENTE)
    maak(personas["gemeente"], titel="Openbare evaluatie damwand", zichtbaarheid=Z.OPENBAAR)
    assert titels(personas["on_eigen"], q="damwand") == ["Openbare evaluatie damwand"]
    assert sorted(titels(personas["stuurgroep"], q="damwand")) == [
        "Interne evaluatie damwand",
        "Openbare evaluatie damwand",
    ]
    from django.contrib.auth.models import AnonymousUser

    assert titels(AnonymousUser(), q="evaluatie") == ["Openbare evaluatie damwand"]


def test_snippets_are_escaped_with_only_our_marks(db):
    # Made directly: the service would refuse the event handler in the content, and snippets must be safe anyway.
    item = KennisitemFactory(
        titel="Riool",
        samenvatting="Bij de <b>riolering</b> liep het mis.",
        inhoud="Een zin met <img src=x onerror=alert(1)> en riolering.",
    )
    fragment = str(zoeken.fragment(item, "riolering"))
    assert "<b>" not in fragment and "<img" not in fragment
    assert "&lt;b&gt;<mark>riolering</mark>&lt;/b&gt;" in fragment or "<mark>riolering</mark>" in fragment
    assert fragment.count("<mark>") == fragment.count("</mark>") >= 1


def test_marker_characters_typed_by_a_member_do_not_become_html():
    ruw = f"begin {zoeken.BEGIN}<script>{zoeken.EINDE} en {zoeken.EINDE}los{zoeken.BEGIN} <i>x</i>"
    html = str(zoeken._als_html(ruw))
    assert html == "begin <mark>&lt;script&gt;</mark> en los &lt;i&gt;x&lt;/i&gt;"


def test_the_python_snippet_cuts_a_window_around_the_first_hit():
    item = Kennisitem(samenvatting="woord " * 200 + "Kademuur " + "woord " * 200)
    fragment = str(zoeken._als_html(zoeken._fragment_python(item, ["kademuur"])))
    assert fragment.startswith("… ") and fragment.endswith(" …") and "<mark>Kademuur</mark>" in fragment
    assert len(fragment) < zoeken.FRAGMENT_LENGTE + 30


def test_facets_count_the_filtered_visible_set(personas, gemeente_org):
    lid = personas["on_eigen"]
    continuiteit = WerkgroepFactory(naam="Continuïteit", slug="continuiteit")
    sroi = WerkgroepFactory(naam="SROI", slug="sroi")
    samenwerking = ThemaFactory(naam="Samenwerking", slug="samenwerking")
    social = ThemaFactory(naam="Social return", slug="social-return")
    a = maak(lid, titel="Planning A", werkgroep=continuiteit, themas=[samenwerking])
    maak(lid, titel="Planning B", soort="tool", werkgroep=continuiteit, themas=[samenwerking, social])
    maak(lid, titel="Planning C", werkgroep=sroi, themas=[social])
    maak(personas["gemeente"], titel="Planning intern", zichtbaarheid=Z.GEMEENTE, werkgroep=sroi)
    Kennisitem.objects.filter(pk=a.pk).update(gepubliceerd_op=timezone.now().replace(year=2023))
    dit_jaar = str(timezone.localdate().year)

    def facetten(resultaat):
        return {f.naam: {w.label: w.aantal for w in f.waarden} for f in resultaat.facetten}

    alles = zoek_pagina(lid, "q=planning")
    assert facetten(alles) == {
        "soort": {"Lesson learned": 2, "Tool": 1},
        "werkgroep": {"Continuïteit": 2, "SROI": 1},
        "thema": {"Samenwerking": 2, "Social return": 2},
        "jaar": {dit_jaar: 2, "2023": 1},
    }
    gefilterd = zoek_pagina(lid, "q=planning&werkgroep=continuiteit&pagina=2")
    assert [r.kennisitem.titel for r in gefilterd.resultaten] == ["Planning B", "Planning A"]
    assert facetten(gefilterd)["thema"] == {"Samenwerking": 2, "Social return": 1}
    werkgroep = next(f for f in gefilterd.facetten if f.naam == "werkgroep")
    assert [(w.label, w.gekozen, w.adres) for w in werkgroep.waarden] == [("Continuïteit", True, "?q=planning")]
    assert [(f.titel, f.label, f.adres_weg) for f in gefilterd.actief] == [
        ("Werkgroep", "Continuïteit", "?q=planning")
    ]

    op_thema = zoek_pagina(lid, "thema=social-return&jaar=" + dit_jaar)
    assert sorted(r.kennisitem.titel for r in op_thema.resultaten) == ["Planning B", "Planning C"]
    assert {f.label for f in op_thema.actief} == {"Social return", dit_jaar}


def test_unknown_facet_values_are_ignored(personas):
    maak(personas["on_eigen"], titel="Les")
    resultaat = zoek_pagina(personas["on_eigen"], "werkgroep=bestaat-niet&jaar=twintig&soort=roman")
    assert [r.kennisitem.titel for r in resultaat.resultaten] == ["Les"] and resultaat.actief == []


def test_the_search_page_shows_marked_snippets_and_facet_links(personas):
    LidmaatschapFactory(gebruiker=personas["on_eigen"])
    maak(
        personas["on_eigen"],
        titel="Kademuur",
        samenvatting="Een kademuur <em>herstellen</em>.",
        themas=[ThemaFactory(naam="Samenwerking", slug="samenwerking")],
    )
    pagina = client_for(personas["on_eigen"]).get("/werkgroepen/kennisbank/?q=kademuur").content.decode()
    assert "<mark>" in pagina and "<em>herstellen" not in pagina
    assert 'href="?q=kademuur&amp;thema=samenwerking"' in pagina
    assert "1 item gevonden voor ‘kademuur’" in pagina


# --- PostgreSQL: Dutch full-text search ------------------------------------------------------------------------------


@alleen_postgres
@pytest.mark.parametrize(("tekst", "zoekterm"), [("rioleringen", "riolering"), ("riolering", "rioleringen")])
def test_dutch_stemming_finds_other_forms_of_a_word(tekst, zoekterm, personas):
    maak(personas["on_eigen"], titel="Vervanging", samenvatting=f"Wij vervingen de {tekst} in de wijk.")
    maak(personas["on_eigen"], titel="Iets anders", samenvatting="Over asfalt.")
    assert titels(personas["on_eigen"], q=zoekterm) == ["Vervanging"]


@alleen_postgres
def test_weights_rank_title_over_summary_over_content(personas):
    lid = personas["on_eigen"]
    maak(lid, titel="In de inhoud", inhoud="Een woord over damwanden.")
    maak(lid, titel="Damwanden in de titel")
    maak(lid, titel="In de samenvatting", samenvatting="Over damwanden.")
    assert titels(lid, q="damwand") == ["Damwanden in de titel", "In de samenvatting", "In de inhoud"]


@alleen_postgres
def test_tags_and_themes_are_searchable(personas):
    maak(
        personas["on_eigen"],
        titel="Zonder het woord",
        tags=["visbrug"],
        themas=[ThemaFactory(naam="Omgevingsmanagement")],
    )
    assert titels(personas["on_eigen"], q="visbrug") == ["Zonder het woord"]
    assert titels(personas["on_eigen"], q="omgevingsmanagement") == ["Zonder het woord"]


@alleen_postgres
def test_websearch_syntax_excludes_words_and_phrases(personas):
    lid = personas["on_eigen"]
    maak(lid, titel="Asfalt en riolering")
    maak(lid, titel="Alleen riolering")
    assert titels(lid, q="riolering -asfalt") == ["Alleen riolering"]
    assert titels(lid, q='"asfalt en riolering"') == ["Asfalt en riolering"]


@alleen_postgres
def test_the_vector_follows_an_edit(personas):
    lid = personas["on_eigen"]
    item = maak(lid, titel="Oude titel")
    kennisitem_update(
        kennisitem=item,
        inhoud=KennisitemInhoud(
            soort="tool", titel="Checklist bereikbaarheid", samenvatting="Kort.", zichtbaarheid=Z.LEDEN
        ),
        door=lid,
    )
    assert titels(lid, q="bereikbaarheid") == ["Checklist bereikbaarheid"]
    assert titels(lid, q="oude") == []


@alleen_postgres
def test_postgres_snippets_mark_the_stemmed_words(personas):
    maak(personas["on_eigen"], titel="Wijk", samenvatting="De rioleringen in <b>de</b> wijk zijn vervangen.")
    resultaat = zoek_pagina(personas["on_eigen"], "q=riolering").resultaten[0]
    assert "<mark>rioleringen</mark>" in resultaat.fragment and "<b>" not in resultaat.fragment


@alleen_postgres
def test_the_gin_index_exists():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'werkgroepen_kennisitem_zoekvector_gin'")
        assert "USING gin (zoekvector)" in cursor.fetchone()[0]
