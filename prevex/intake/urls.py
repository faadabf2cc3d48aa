from django.urls import path

from prevex.intake import views
from prevex.intake.mds.pipeline import social_services_answer
from prevex.intake.prefecture.pipeline import prefecture_list

app_name = "intake"

urlpatterns = [
    *prefecture_list.urls(),
    *social_services_answer.urls(),
    path("tableau-de-bord/", views.intake_dashboard, name="dashboard"),
    path("services-sociaux/export.xlsx", views.social_services_export, name="social_services_export"),
    path("situations/<uuid:public_id>/services-sociaux/", views.social_services_mark, name="social_services_mark"),
    path("regles/", views.eligibility, name="eligibility"),
    path("regles/bailleurs-sociaux-par-defaut/", views.social_landlords_defaults, name="social_landlords_defaults"),
    path("regles/profils/<int:profile_id>/supprimer/", views.profile_delete, name="profile_delete"),
]
