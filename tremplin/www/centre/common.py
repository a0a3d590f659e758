"""Helpers shared by the centre pages."""

from django.http import Http404

from tremplin.accounts.capabilities import Capability, centres_where


def chosen_centre(request, capability: Capability):
    """The centre picked with ``?centre=<uuid>`` among those where the user holds
    ``capability``, else the first one; 404 when there is none."""
    centres = list(centres_where(request.user, capability).order_by("name"))
    if not centres:
        raise Http404
    wanted = request.GET.get("centre")
    for centre in centres:
        if str(centre.pk) == wanted:
            return centre, centres
    return centres[0], centres
