from django.urls import path

from prevex.support.notes import views

app_name = "notes"

urlpatterns = [
    path("<uuid:public_id>/", views.notes, name="notes"),
    path("<uuid:public_id>/consentements/", views.consents, name="consents"),
    path("<uuid:public_id>/consentements/<int:consent_id>/retrait/", views.consent_withdraw, name="consent_withdraw"),
]
