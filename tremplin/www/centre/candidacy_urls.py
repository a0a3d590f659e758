"""URLs of the candidacy pages, included in the ``centre`` namespace."""

from django.urls import path

from tremplin.www.centre import candidacies as views

urlpatterns = [
    path("candidatures/", views.inbox_index, name="inbox_index"),
    path("candidatures/nouvelle/", views.candidacy_new, name="candidacy_new"),
    path("candidatures/formation/<uuid:training_id>/", views.training_inbox, name="training_inbox"),
    path(
        "candidatures/formation/<uuid:training_id>/quota/",
        views.quota_update,
        name="quota_update",
    ),
    path("candidatures/<uuid:candidacy_id>/", views.candidacy_detail, name="candidacy_detail"),
    path(
        "candidatures/<uuid:candidacy_id>/action/",
        views.candidacy_transition,
        name="candidacy_transition",
    ),
    path(
        "candidatures/<uuid:candidacy_id>/lien/",
        views.candidacy_send_link,
        name="candidacy_send_link",
    ),
    path(
        "candidatures/<uuid:candidacy_id>/entretien/",
        views.interview_edit,
        name="interview_edit",
    ),
    path(
        "candidatures/<uuid:candidacy_id>/conditions/",
        views.eligibility_new,
        name="eligibility_new",
    ),
    path("personnes/<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("personnes/<uuid:person_id>/modifier/", views.person_edit, name="person_edit"),
    path("personnes/<uuid:person_id>/fusionner/", views.person_merge, name="person_merge"),
    path("messages/", views.message_list, name="message_list"),
    path("messages/<slug:name>/", views.message_preview, name="message_preview"),
]
