"""The choice of the reste-à-vivre floor on the plan page (plan.py's rules), read from the page's address."""

from django import forms
from django.utils.translation import gettext_lazy as _

from prevex.support import plan
from prevex.support.diagnosis.forms import amount_field, name_errors

RULES = (
    (plan.FLOOR_RSA, _("Montant forfaitaire du RSA du ménage (par défaut)")),
    (plan.FLOOR_BDF, _("Forfait de base de la Banque de France (à vérifier)")),
    (plan.FLOOR_CUSTOM, _("Montant fixé par l'équipe")),
)


class FloorForm(forms.Form):
    rule = forms.ChoiceField(label=_("Minimum laissé au ménage"), choices=RULES, required=False)
    amount = amount_field(_("Montant fixé par l'équipe (€ par mois)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_errors(self)

    def floor(self) -> plan.Floor:
        """The floor chosen, the default one if the choice cannot be read."""
        if not self.is_bound or not self.is_valid() or not self.cleaned_data["rule"]:
            return plan.Floor()
        rule, amount = self.cleaned_data["rule"], self.cleaned_data["amount"]
        if rule == plan.FLOOR_CUSTOM:
            if amount is None:
                self.add_error("amount", _("Montant fixé par l'équipe : saisissez un montant."))
                return plan.Floor()
            return plan.Floor(rule=rule, amount=amount)
        return plan.Floor(rule=rule)
