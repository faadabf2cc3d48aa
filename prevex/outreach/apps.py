from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "prevex.outreach"
    verbose_name = _("Aller-vers")

    def ready(self):
        from prevex.outreach.services import tasks_sync
        from prevex.situations.services.hooks import on_timeline_change

        on_timeline_change(tasks_sync)  # the tasks follow every write of a timeline, in its transaction
