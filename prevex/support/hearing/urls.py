from django.urls import path

from prevex.support.hearing import views

app_name = "hearing"

urlpatterns = [
    path("<uuid:public_id>/fiche.pdf", views.sheet, name="sheet"),
    path("<uuid:public_id>/fiche-juge.pdf", views.court_sheet, name="court_sheet"),
    path("<uuid:public_id>/dsf/", views.dsf, name="dsf"),
    path("<uuid:public_id>/dsf.pdf", views.dsf_pdf, name="dsf_pdf"),
]
