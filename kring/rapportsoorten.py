"""The kinds of PDF report, one entry per Rapport.Soort: which object it is about, who may see it, its title, template
and context.

A kind fetches its object through the selector of that object's own pages, so a report never shows anyone more than
those pages would; the same check runs when the report is requested, rendered and downloaded."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.dashboard import kwartaalrapportage
from kring.markdown import render_markdown
from kring.models import Intentieovereenkomst, Rapport, User
from kring.selectors.overeenkomst import deelnemers_overzicht, overeenkomst_get
from pastperformance import jaaroverzicht, rondeverslag
from sroi import verklaring
from werkgroepen.models import Bijeenkomst
from werkgroepen.selectors.bijeenkomsten import bijeenkomst_get, bijeenkomst_overzicht


class GegevensOntbreken(Exception):
    """The report's object does not exist (any more), or the requester may not see it (any more). The message is
    Dutch and says so without telling which of the two: that would reveal what exists."""


@dataclass(frozen=True)
class Rapportsoort:
    parameter: str  # the key in Rapport.parameters that holds the object's pk
    template: str
    ophalen: Callable[..., models.Model]  # (*, user, pk) -> the object; Http404 when `user` may not see it
    titel: Callable[[models.Model], str]
    context: Callable[..., dict]  # (object) -> the template's context; (object, *, user) with context_per_aanvrager
    niet_gevonden: str  # Dutch, shown to the requester and kept on a failed report
    # The content depends on who asks (past performance: what the blindness rule lets the requester see).
    context_per_aanvrager: bool = False

    def parameters(self, object_id: int) -> dict:
        return {self.parameter: object_id}

    def inhoud(self, obj: models.Model, *, user: User) -> dict:
        """The template's context for the report `user` requested."""
        return self.context(obj, user=user) if self.context_per_aanvrager else self.context(obj)

    def object_voor(self, *, user: User, parameters: dict) -> models.Model:
        try:
            return self.ophalen(user=user, pk=int(parameters[self.parameter]))
        except (KeyError, TypeError, ValueError, Http404) as fout:
            raise GegevensOntbreken(self.niet_gevonden) from fout


def _overeenkomst_titel(overeenkomst: Intentieovereenkomst) -> str:
    return _("%(titel)s, versie %(versie)s, met ondertekenaars") % {
        "titel": overeenkomst.titel,
        "versie": overeenkomst.versie,
    }


def _overeenkomst_context(overeenkomst: Intentieovereenkomst) -> dict:
    return {
        "overeenkomst": overeenkomst,
        "tekst": render_markdown(overeenkomst.tekst),
        "deelnemers": deelnemers_overzicht(overeenkomst=overeenkomst),
        "gemaakt_op": timezone.now(),
    }


def _bijeenkomst_titel(soort: str) -> Callable[[Bijeenkomst], str]:
    def titel(bijeenkomst: Bijeenkomst) -> str:
        return f"{soort}: {bijeenkomst.titel} ({timezone.localtime(bijeenkomst.begin):%d-%m-%Y})"

    return titel


def _bijeenkomst_context(bijeenkomst: Bijeenkomst) -> dict:
    return {
        "bijeenkomst": bijeenkomst,
        "overzicht": bijeenkomst_overzicht(bijeenkomst=bijeenkomst),
        "verslag": render_markdown(bijeenkomst.verslag, kop_niveau=3),
        "gemaakt_op": timezone.now(),
    }


RAPPORTSOORTEN: dict[str, Rapportsoort] = {
    Rapport.Soort.INTENTIEOVEREENKOMST: Rapportsoort(
        parameter="overeenkomst",
        template="pdf/intentieovereenkomst.html",
        ophalen=overeenkomst_get,
        titel=_overeenkomst_titel,
        context=_overeenkomst_context,
        niet_gevonden=gettext_lazy("Deze intentieovereenkomst bestaat niet (meer), of u mag haar niet inzien."),
    ),
    Rapport.Soort.BIJEENKOMST_AGENDA: Rapportsoort(
        parameter="bijeenkomst",
        template="pdf/bijeenkomst_agenda.html",
        ophalen=bijeenkomst_get,
        titel=_bijeenkomst_titel(gettext_lazy("Agenda")),
        context=_bijeenkomst_context,
        niet_gevonden=gettext_lazy("Deze bijeenkomst bestaat niet (meer), of u mag haar niet inzien."),
    ),
    Rapport.Soort.BIJEENKOMST_VERSLAG: Rapportsoort(
        parameter="bijeenkomst",
        template="pdf/bijeenkomst_verslag.html",
        ophalen=bijeenkomst_get,
        titel=_bijeenkomst_titel(gettext_lazy("Verslag")),
        context=_bijeenkomst_context,
        niet_gevonden=gettext_lazy("Deze bijeenkomst bestaat niet (meer), of u mag haar niet inzien."),
    ),
    # -- bespreking
    Rapport.Soort.PP_RONDE: Rapportsoort(
        parameter="ronde",
        template="pdf/pp_ronde.html",
        ophalen=rondeverslag.ophalen,
        titel=rondeverslag.titel,
        context=rondeverslag.context,
        niet_gevonden=gettext_lazy("Deze ronde bestaat niet (meer), is nog niet onthuld, of u mag haar niet inzien."),
        context_per_aanvrager=True,
    ),
    # -- profielen
    # -- sroi
    # -- stuurgroep
    Rapport.Soort.KWARTAALRAPPORTAGE: Rapportsoort(
        parameter="kwartaal",  # yyyyq: 20263 is the third quarter of 2026
        template="pdf/kwartaalrapportage.html",
        ophalen=kwartaalrapportage.ophalen,
        titel=kwartaalrapportage.titel,
        context=kwartaalrapportage.context,
        niet_gevonden=gettext_lazy(
            "Voor dit kwartaal is geen kwartaalrapportage te maken (het is nog niet begonnen), of u mag haar niet "
            "aanvragen."
        ),
        context_per_aanvrager=True,
    ),
    Rapport.Soort.SROI_VERPLICHTING: Rapportsoort(
        parameter="verplichting",
        template="pdf/sroi_verplichting.html",
        ophalen=verklaring.verplichting_ophalen,
        titel=verklaring.verplichting_titel,
        context=verklaring.verplichting_context,
        niet_gevonden=gettext_lazy("Deze SROI-verplichting bestaat niet (meer), of u mag haar niet inzien."),
    ),
    Rapport.Soort.SROI_OPDRACHTNEMER: Rapportsoort(
        parameter="organisatie",
        template="pdf/sroi_opdrachtnemer.html",
        ophalen=verklaring.opdrachtnemer_ophalen,
        titel=verklaring.opdrachtnemer_titel,
        context=verklaring.opdrachtnemer_context,
        niet_gevonden=gettext_lazy("Deze opdrachtnemer bestaat niet (meer), of u mag haar SROI niet inzien."),
        context_per_aanvrager=True,
    ),
    Rapport.Soort.PP_JAAROVERZICHT: Rapportsoort(
        parameter="organisatie",
        template="pdf/pp_jaaroverzicht.html",
        ophalen=jaaroverzicht.ophalen,
        titel=jaaroverzicht.titel,
        context=jaaroverzicht.context,
        niet_gevonden=gettext_lazy("Dit profiel bestaat niet (meer), of u mag het niet inzien."),
    ),
}


def rapportsoort(soort: str) -> Rapportsoort:
    try:
        return RAPPORTSOORTEN[soort]
    except KeyError:
        raise ValidationError(_("Dit soort rapport bestaat niet."), code="onbekende_soort") from None
