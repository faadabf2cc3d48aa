from django.urls import path

from prevex.support.diagnosis import views

app_name = "diagnosis"

urlpatterns = [
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/nouvelle-version/", views.new, name="new"),
    path("<uuid:public_id>/plan-d-apurement/", views.plan, name="plan"),
    path("<uuid:public_id>/droits/", views.rights_page, name="rights"),
]
