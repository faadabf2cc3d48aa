from django.urls import path

from prevex.journal import views

app_name = "journal"

urlpatterns = [
    path("", views.team_journal, name="team_journal"),
    path("mon-historique.csv", views.my_history, name="my_history"),
]
