"""« Trouver une personne » : the centre's search box and its results page."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from tremplin.accounts.capabilities import Capability
from tremplin.audit.access import log_list_access
from tremplin.intake.search import SearchRefused, find_people
from tremplin.www.decorators import staff_view


@staff_view("GET", capability=Capability.OPEN_CENTRE_SPACE)
@never_cache
def search(request):
    text = request.GET.get("q", "").strip()
    context = {"q": text, "centre_q": text, "people": [], "query": None, "refusal": ""}
    status = 200
    if text:
        try:
            context["query"], context["people"] = find_people(request.user, text)
        except SearchRefused as refusal:
            context["refusal"] = refusal.message
            status = 400
        # Every person shown is in the access log, as for a file opening.
        log_list_access(request, context["people"], "centre:search")
    return render(request, "www/centre/search/results.html", context, status=status)
