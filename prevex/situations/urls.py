from django.urls import path

from prevex.situations import views

app_name = "situations"

urlpatterns = [
    path("situations/", views.situation_list, name="list"),
    path("situations/nouvelle/", views.situation_create_view, name="create"),
    path("situations/<uuid:public_id>/", views.situation_detail, name="detail"),
    path("situations/<uuid:public_id>/modifier/", views.situation_edit, name="edit"),
    path("situations/<uuid:public_id>/referents/", views.referents_edit, name="referents"),
    path("situations/<uuid:public_id>/evenements/<str:kind>/", views.event_create, name="event_create"),
    path("situations/<uuid:public_id>/evenements/<int:event_id>/corriger/", views.event_edit, name="event_edit"),
    path(
        "situations/<uuid:public_id>/evenements/<int:event_id>/supprimer/", views.event_delete_view, name="event_delete"
    ),
]
