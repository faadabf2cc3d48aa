from django.urls import path

from prevex.imports import views

app_name = "imports"

urlpatterns = [
    path("suivi/", views.suivi_upload, name="suivi_upload"),
    path("suivi/<uuid:batch_id>/", views.suivi_preview, name="suivi_preview"),
    path("suivi/<uuid:batch_id>/confirmer/", views.suivi_confirm, name="suivi_confirm"),
    path("suivi/<uuid:batch_id>/annuler/", views.suivi_cancel, name="suivi_cancel"),
]
