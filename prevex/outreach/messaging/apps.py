from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "prevex.outreach.messaging"
    label = "messaging"  # not "messages": django.contrib.messages has it
    verbose_name = _("SMS et e-mails aux locataires")

    def ready(self):
        from prevex.outreach.messaging import inbound_webhooks, journal_labels, webhooks  # noqa: F401  (signals)
