from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from prevex.audit.models import AuditAction


class JournalFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Personne"), queryset=get_user_model().objects.none(), required=False, empty_label=_("Toutes")
    )
    action = forms.ChoiceField(label=_("Action"), choices=[("", _("Toutes")), *AuditAction.choices], required=False)
    start = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = get_user_model().objects.filter(membership__team=team).order_by("last_name")

    def filter(self, entries):
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["actor"]:
            entries = entries.filter(actor=data["actor"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["start"]:
            entries = entries.filter(created_at__date__gte=data["start"])
        if data["end"]:
            entries = entries.filter(created_at__date__lte=data["end"])
        return entries
