from django.urls import path

from tremplin.www.centre.training import (
    contracts,
    exits,
    followups,
    register,
    social,
    statements,
    surveys,
)

app_name = "training"

urlpatterns = [
    path("groupes/", register.groups, name="groups"),
    path("groupes/<uuid:pk>/semaine/<str:day>/", register.week, name="register"),
    path("groupes/<uuid:pk>/semaine/<str:day>/verrou/", register.lock, name="register_lock"),
    path("stagiaires/", contracts.contract_list, name="contracts"),
    path("candidatures/<uuid:pk>/contrat/", contracts.sign, name="sign"),
    path("stagiaires/<uuid:pk>/", contracts.detail, name="contract"),
    path("stagiaires/<uuid:pk>/contrat.pdf", contracts.contract_pdf, name="contract_pdf"),
    path(
        "stagiaires/<uuid:pk>/avenants/<uuid:change>.pdf",
        contracts.amendment_pdf,
        name="amendment_pdf",
    ),
    path("stagiaires/<uuid:pk>/suspendre/", contracts.suspend, name="suspend"),
    path("stagiaires/<uuid:pk>/reprise/", contracts.resume, name="resume"),
    path("stagiaires/<uuid:pk>/prolonger/", contracts.extend, name="extend"),
    path("stagiaires/<uuid:pk>/sortie/", exits.exit_contract, name="exit"),
    path("stagiaires/<uuid:pk>/attestation.pdf", exits.attestation, name="attestation"),
    path("stagiaires/<uuid:pk>/releve.pdf", statements.statement_pdf, name="statement_pdf"),
    path("stagiaires/<uuid:pk>/suivi-social/", social.social, name="social"),
    path("releves/", statements.centre_statements, name="statements"),
    path("heures-agreees/", statements.agreed_hours, name="agreed_hours"),
    path("sorties/", exits.exit_list, name="exits"),
    path("suivis/", followups.followup_list, name="followups"),
    path("suivis/<uuid:pk>/telephone/", followups.record_phone_answer, name="followup_phone"),
    path("enquete/", surveys.results, name="survey_results"),
    path("enquete/tablette/<uuid:pk>/", surveys.tablet, name="survey_tablet"),
]
