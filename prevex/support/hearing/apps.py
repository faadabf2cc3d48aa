from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingConfig(AppConfig):
    """The hearing preparation sheet (for the juriste, and for the judge with the household's consent) and the
    DSF contribution: documents built from the procedure, the notes' consents and, once wired, the diagnosis and
    the actions (`sources.py`). No model: nothing stored, every document computed when it is asked for."""

    name = "prevex.support.hearing"
    label = "hearing"
    verbose_name = _("Préparation de l'audience")
