from django.urls import path

from prevex.organisations import views

app_name = "organisations"

urlpatterns = [
    path("secteurs/", views.sector_list, name="sectors"),
    path("secteurs/nouveau/", views.sector_edit, name="sector_create"),
    path("secteurs/<int:sector_id>/", views.sector_edit, name="sector_edit"),
]
