from django.urls import path

from prevex.support.actions import views

app_name = "actions"

urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("<uuid:public_id>/", views.situation_actions, name="situation"),
    path("<uuid:public_id>/<int:action_id>/", views.action_update, name="update"),
    path("<uuid:public_id>/droits/", views.propose_rights, name="propose_rights"),
]
