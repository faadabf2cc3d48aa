from django import forms
from django.utils.translation import gettext_lazy as _

from prevex.support.notes.models import Visibility


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    visibility = forms.ChoiceField(
        label=_("Visible par"), choices=Visibility.choices, initial=Visibility.ORGANISATION, widget=forms.RadioSelect
    )
