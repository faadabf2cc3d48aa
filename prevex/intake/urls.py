from django.urls import path

from prevex.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:list_id>/colonnes/", views.mapping, name="mapping"),
    path("<uuid:list_id>/", views.preview, name="preview"),
    path("<uuid:list_id>/confirmer/", views.confirm, name="confirm"),
    path("<uuid:list_id>/annuler/", views.cancel, name="cancel"),
    path("<uuid:list_id>/defaire/", views.undo, name="undo"),
]
