from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from werkgroepen.selectors.werkgroepen import werkgroep_get, werkgroep_list


@login_not_required
@require_GET
def lijst(request):
    return render(request, "werkgroepen/lijst.html", {"werkgroepen": werkgroep_list()})


@login_not_required
@require_GET
def detail(request, slug):
    return render(request, "werkgroepen/detail.html", {"werkgroep": werkgroep_get(slug=slug)})
