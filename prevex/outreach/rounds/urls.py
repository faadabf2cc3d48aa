from django.urls import path

from prevex.outreach.rounds import views

app_name = "rounds"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("nouvelle/", views.plan, name="plan"),
    path("<uuid:round_id>/", views.detail, name="detail"),
    path("<uuid:round_id>/etapes/<int:stop_id>/resultat/", views.record, name="record"),
    path("<uuid:round_id>/feuille/", views.sheet, name="sheet"),
    path("<uuid:round_id>/feuille.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("<uuid:round_id>/annuler/", views.cancel, name="cancel"),
]
