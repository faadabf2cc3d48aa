from django.urls import path

from prevex.outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.today, name="today"),
    path("situations/<uuid:public_id>/aller-vers/pause/", views.pause, name="pause"),
    path("situations/<uuid:public_id>/aller-vers/reprise/", views.resume, name="resume"),
    path("aller-vers/taches/<int:task_id>/faite/", views.task_done, name="task_done"),
    path("equipe/sequence/", views.sequence, name="sequence"),
]
