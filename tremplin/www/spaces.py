"""Where a logged-in user lands: the space of their first role."""

from django.shortcuts import redirect, render

from tremplin.accounts.models import CENTRE_ROLES, Role


def my_space(request):
    roles = {m.role for m in request.user.memberships.active()}
    if roles & set(CENTRE_ROLES):
        return redirect("centre:dashboard")
    if Role.PRESCRIBER in roles:
        return redirect("prescriber:dashboard")
    if Role.FEDERATION_ANALYST in roles:
        return redirect("federation:dashboard")
    return render(request, "www/no_space.html")
