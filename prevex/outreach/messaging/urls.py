from django.urls import path

from prevex.outreach.messaging import inbound_webhooks, inbox, views, webhooks

app_name = "messaging"

urlpatterns = [
    path("", views.message_list, name="list"),
    path("<uuid:message_id>/verifie/", views.message_check, name="check"),
    path("modeles/", views.templates, name="templates"),
    path("modeles/<slug:letter_kind>/<slug:channel>/", views.template_edit, name="template_edit"),
    path("modeles/<slug:letter_kind>/<slug:channel>/longueur/", views.template_length, name="template_length"),
    # the tenants' replies that matched no single situation (coordinators)
    path("reponses/", inbox.inbox, name="inbox"),
    path("reponses/<uuid:inbound_id>/", inbox.inbox_item, name="inbox_item"),
    path("reponses/<uuid:inbound_id>/rattacher/", inbox.inbox_attach, name="inbox_attach"),
    path("reponses/<uuid:inbound_id>/ecarter/", inbox.inbox_discard, name="inbox_discard"),
    # the providers' delivery reports (authenticated, idempotent: webhooks.py)
    path("webhooks/sms/brevo/", webhooks.brevo_sms, name="webhook_brevo_sms"),
    path("webhooks/sms/ovh/", webhooks.ovh_sms, name="webhook_ovh_sms"),
    path("webhooks/email/", webhooks.email_tracking_view, name="webhook_email"),
    # the tenants' replies (authenticated the same way, kept once: inbound_webhooks.py)
    path("webhooks/sms/brevo/reponses/", inbound_webhooks.brevo_sms_reply, name="webhook_brevo_sms_reply"),
    path("webhooks/sms/ovh/reponses/", inbound_webhooks.ovh_sms_reply, name="webhook_ovh_sms_reply"),
    path("webhooks/email/reponses/", inbound_webhooks.email_reply_view, name="webhook_email_reply"),
]
