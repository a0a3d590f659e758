"""Pages opened from a personal link sent by e-mail (6-month follow-up, satisfaction surveys):
find what the link is for, show its form, save the answer, thank the person. A link that can
no longer be used (forged, already answered, expired) shows why, as a page that is gone (410).
"""

from django.shortcuts import render

from tremplin.www.forms import form_status


def gone(request, refusal):
    return render(
        request, "www/public/followup/problem.html", {"message": refusal.message}, status=410
    )


def answer_by_link_page(request, token, *, find, form_class, save, template, context, refused):
    """``find(token)`` → the object of the link (or ``refused``); ``save(token, data)`` records
    the answer; ``context(found)`` is what the form's page shows besides the form."""
    try:
        found = find(token)
    except refused as refusal:
        return gone(request, refusal)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(token, form.cleaned_data)
        except refused as refusal:
            return gone(request, refusal)
        return render(request, "www/public/followup/thanks.html")
    return render(
        request,
        template,
        {"form": form, **context(found)},
        status=form_status(form),
    )
