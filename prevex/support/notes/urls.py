from django.urls import path

from prevex.support.notes import views

app_name = "notes"

urlpatterns = [
    path("<uuid:public_id>/", views.notes, name="notes"),
]
