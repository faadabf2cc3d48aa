from django.urls import path

from prevex.outreach.messaging import views, webhooks

app_name = "messaging"

urlpatterns = [
    path("", views.message_list, name="list"),
    path("<uuid:message_id>/verifie/", views.message_check, name="check"),
    path("modeles/", views.templates, name="templates"),
    path("modeles/<slug:letter_kind>/<slug:channel>/", views.template_edit, name="template_edit"),
    path("modeles/<slug:letter_kind>/<slug:channel>/longueur/", views.template_length, name="template_length"),
    # the providers' delivery reports (authenticated, idempotent: webhooks.py)
    path("webhooks/sms/brevo/", webhooks.brevo_sms, name="webhook_brevo_sms"),
    path("webhooks/sms/ovh/", webhooks.ovh_sms, name="webhook_ovh_sms"),
    path("webhooks/email/", webhooks.email_tracking_view, name="webhook_email"),
]
