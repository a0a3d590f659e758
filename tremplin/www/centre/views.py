from django.shortcuts import render

from tremplin.accounts.models import CENTRE_ROLES
from tremplin.accounts.permissions import role_required


@role_required(*CENTRE_ROLES)
def dashboard(request):
    return render(request, "www/centre/dashboard.html")
