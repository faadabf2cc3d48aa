from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "prevex.support.diagnosis"
    label = "diagnosis"
    verbose_name = _("Diagnostic social")

    def ready(self):
        from prevex.support.diagnosis import journal_labels  # noqa: F401 (how the journal names a diagnosis)
        from prevex.support.diagnosis.models import Diagnosis
        from prevex.support.hearing import sources

        # The hearing sheets and the DSF contribution read the current diagnosis (support/hearing/sources.py).
        sources.provide_current_diagnosis(Diagnosis.objects.current)
