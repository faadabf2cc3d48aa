from django.urls import path

from prevex.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:batch_id>/colonnes/", views.mapping, name="mapping"),
    path("<uuid:batch_id>/", views.preview, name="preview"),
    path("<uuid:batch_id>/confirmer/", views.confirm, name="confirm"),
    path("<uuid:batch_id>/annuler/", views.cancel, name="cancel"),
    path("<uuid:batch_id>/defaire/", views.undo, name="undo"),
]
