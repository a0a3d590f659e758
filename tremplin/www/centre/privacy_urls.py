"""Personal data over time (issue 14): access requests, the access log, erasure, withheld
social notes. Included under /centre/donnees-personnelles/ in the ``centre`` namespace."""

from django.urls import path

from tremplin.www.centre import privacy

urlpatterns = [
    path("demandes-acces/", privacy.access_requests, name="access_requests"),
    path(
        "demandes-acces/<uuid:request_id>/preparer/",
        privacy.access_request_prepare,
        name="access_request_prepare",
    ),
    path(
        "demandes-acces/<uuid:request_id>/repondue/",
        privacy.access_request_answered,
        name="access_request_answered",
    ),
    path(
        "personnes/<uuid:person_id>/demande-acces/",
        privacy.access_request_new,
        name="access_request_new",
    ),
    path(
        "personnes/<uuid:person_id>/consultations/",
        privacy.person_access_log,
        name="person_access_log",
    ),
    path("personnes/<uuid:person_id>/effacer/", privacy.person_erase, name="person_erase"),
    path("membres/", privacy.member_list, name="member_list"),
    path(
        "membres/<int:user_id>/consultations/",
        privacy.member_access_log,
        name="member_access_log",
    ),
    path("notes/<uuid:note_id>/retenir/", privacy.note_withhold, name="note_withhold"),
    path("notes/<uuid:note_id>/remettre/", privacy.note_release, name="note_release"),
]
