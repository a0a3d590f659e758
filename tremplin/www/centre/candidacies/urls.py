"""URLs of the candidacy pages, included in the ``centre`` namespace."""

from django.urls import path

from tremplin.www.centre.candidacies import candidacy, inbox, messages, people

urlpatterns = [
    path("candidatures/", inbox.inbox_index, name="inbox_index"),
    path("candidatures/nouvelle/", people.candidacy_new, name="candidacy_new"),
    path("candidatures/formation/<uuid:training_id>/", inbox.training_inbox, name="training_inbox"),
    path(
        "candidatures/formation/<uuid:training_id>/quota/",
        inbox.quota_update,
        name="quota_update",
    ),
    path("candidatures/<uuid:candidacy_id>/", candidacy.candidacy_detail, name="candidacy_detail"),
    path(
        "candidatures/<uuid:candidacy_id>/action/",
        candidacy.candidacy_transition,
        name="candidacy_transition",
    ),
    path(
        "candidatures/<uuid:candidacy_id>/lien/",
        candidacy.candidacy_send_link,
        name="candidacy_send_link",
    ),
    path(
        "candidatures/<uuid:candidacy_id>/entretien/",
        candidacy.interview_edit,
        name="interview_edit",
    ),
    path(
        "candidatures/<uuid:candidacy_id>/conditions/",
        candidacy.eligibility_new,
        name="eligibility_new",
    ),
    path("personnes/<uuid:person_id>/", people.person_detail, name="person_detail"),
    path("personnes/<uuid:person_id>/modifier/", people.person_edit, name="person_edit"),
    path("personnes/<uuid:person_id>/fusionner/", people.person_merge, name="person_merge"),
    path("messages/", messages.message_list, name="message_list"),
    path("messages/<slug:name>/", messages.message_preview, name="message_preview"),
]
