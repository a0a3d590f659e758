"""Where a logged-in user lands: the first space they may open."""

from django.shortcuts import redirect, render

from tremplin.accounts.capabilities import can
from tremplin.accounts.context_processors import SPACES
from tremplin.www.decorators import staff_view


@staff_view("GET", capability=None)
def my_space(request):
    for url_name, _label, capability in SPACES:
        if can(request.user, capability):
            return redirect(url_name)
    return render(request, "www/no_space.html")
