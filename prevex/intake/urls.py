from django.urls import path

from prevex.intake import views, views_team

app_name = "intake"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:list_id>/colonnes/", views.mapping, name="mapping"),
    path("<uuid:list_id>/", views.preview, name="preview"),
    path("<uuid:list_id>/confirmer/", views.confirm, name="confirm"),
    path("<uuid:list_id>/annuler/", views.cancel, name="cancel"),
    path("<uuid:list_id>/defaire/", views.undo, name="undo"),
    path("tableau-de-bord/", views_team.intake_dashboard, name="dashboard"),
    path("services-sociaux/", views_team.social_services_check, name="social_services"),
    path("services-sociaux/export.xlsx", views_team.social_services_export, name="social_services_export"),
    path("services-sociaux/<uuid:answer_id>/", views_team.social_services_answer, name="social_services_answer"),
    path("situations/<uuid:public_id>/services-sociaux/", views_team.social_services_mark, name="social_services_mark"),
    path("regles/", views_team.eligibility, name="eligibility"),
    path(
        "regles/bailleurs-sociaux-par-defaut/", views_team.social_landlords_defaults, name="social_landlords_defaults"
    ),
    path("regles/profils/<int:profile_id>/supprimer/", views_team.profile_delete, name="profile_delete"),
]
