from django.urls import path

from tremplin.www.prescriber import choose, referrals, views

app_name = "prescriber"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("orientations/", referrals.referral_list, name="referral_list"),
    path("orientations/nouvelle/", choose.referral_new, name="referral_new"),
    path("orientations/nouvelle/<uuid:training_id>/", choose.referral_to, name="referral_to"),
    path("orientations/<uuid:referral_id>/", referrals.referral_detail, name="referral_detail"),
    path(
        "orientations/<uuid:referral_id>/accord-suite/",
        referrals.referral_consent,
        name="referral_consent",
    ),
    path(
        "orientations/<uuid:referral_id>/retirer/",
        referrals.referral_withdraw,
        name="referral_withdraw",
    ),
    path(
        "orientations/<uuid:referral_id>/nouveau-lien/",
        referrals.referral_renew,
        name="referral_renew",
    ),
]
