"""Template context for every page.

The main menu and the footer link to some forty pages on every page. Their addresses are reversed once per process
instead of on each request: reversing them took more time than the rest of the layout together."""

from functools import cache

from django.urls import reverse

# The URL names the menu (components/header.html) and footer use, as `nav.<name with _ for :>`.
MENU = (
    "kring:home",
    "kring:start",
    "werkgroepen:lijst",
    "werkgroepen:kennisbank",
    "werkgroepen:uitvoeringsagenda",
    "werkgroepen:bijeenkomsten",
    "werkgroepen:signalen",
    "projecten:kalender",
    "projecten:lijst",
    "pastperformance:index",
    "sroi:index",
    "kring:leden",
    "kring:overeenkomst_lijst",
    "kring:profiel",
    "werkgroepen:aanmeldingen",
    "projecten:spreiding",
    "projecten:gebieden",
    "projecten:gevolgd",
    "projecten:import",
    "pastperformance:afspraken",
    "pastperformance:profielen",
    "pastperformance:opdrachtgeverschap",
    "pastperformance:bezwaren",
    "pastperformance:kalibratie",
    "pastperformance:vragenlijsten",
    "pastperformance:beleid",
    "sroi:voortgang",
    "sroi:kandidaten",
    "sroi:pool",
    "sroi:waardetabellen",
    "kring:stuurgroep",
    "kring:indicatoren",
    "kring:registraties",
    "kring:verwijderverzoeken",
    "kring:auditlog",
    "admin:index",
    "account_logout",
    "account_login",
    "account_signup",
    "kring:privacy",
    "kring:toegankelijkheid",
)


@cache
def _adressen() -> dict[str, str]:
    return {naam.replace(":", "_"): reverse(naam) for naam in MENU}


def navigatie(request):
    return {"nav": _adressen()}
