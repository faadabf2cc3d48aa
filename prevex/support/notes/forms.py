from django import forms
from django.utils.translation import gettext_lazy as _

from prevex.core.widgets import DateInput
from prevex.support.notes.models import ConsentMethod, ConsentScope, Visibility


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    visibility = forms.ChoiceField(
        label=_("Visible par"), choices=Visibility.choices, initial=Visibility.ORGANISATION, widget=forms.RadioSelect
    )


class ConsentForm(forms.Form):
    given_on = forms.DateField(
        label=_("Donné le"),
        widget=DateInput(),
        error_messages={
            "invalid": _("Donné le : saisissez une date (jj/mm/aaaa)."),
            "required": _("Donné le : saisissez la date du consentement."),
        },
    )
    scope = forms.ChoiceField(label=_("Portée du partage"), choices=ConsentScope.choices, widget=forms.RadioSelect)
    obtained_how = forms.ChoiceField(label=_("Recueilli"), choices=ConsentMethod.choices)


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Retiré le"),
        widget=DateInput(),
        error_messages={
            "invalid": _("Retiré le : saisissez une date (jj/mm/aaaa)."),
            "required": _("Retiré le : saisissez la date du retrait."),
        },
    )
