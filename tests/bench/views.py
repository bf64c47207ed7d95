"""The baseline of `make bench`: the fastest a page of ours could be. It passes the whole middleware stack like every
page (session, login, CSP, account status), loads the user (the one query) and renders a small template."""

from django.http import HttpResponse
from django.template import engines

SJABLOON = engines["django"].from_string(
    "<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>Basis</title></head>"
    "<body><main><h1>Welkom, {{ user.naam }}</h1><p>{{ user.email }}</p></main></body></html>"
)


def basis(request):
    return HttpResponse(SJABLOON.render({"user": request.user}, request))
