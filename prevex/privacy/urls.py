from django.urls import path

from prevex.privacy import views

app_name = "privacy"

urlpatterns = [
    path("conservation/", views.retention, name="retention"),
    path("situations/<uuid:public_id>/donnees/", views.rights_export, name="rights_export"),
    path("situations/<uuid:public_id>/effacer/", views.rights_erase, name="rights_erase"),
]
