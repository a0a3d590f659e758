from django.shortcuts import render

from tremplin.accounts.models import Role
from tremplin.accounts.permissions import role_required


@role_required(Role.PRESCRIBER)
def dashboard(request):
    return render(request, "www/prescriber/dashboard.html")
