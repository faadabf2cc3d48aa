from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.core.spreadsheets import NoFormulaMixin
from prevex.organisations.models import Sector
from prevex.territories.models import Commune


class SectorForm(NoFormulaMixin, forms.ModelForm):
    """A sector's name, communes and default people in charge (one per organisation)."""

    class Meta:
        model = Sector
        fields = ["name", "communes"]
        widgets = {"communes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.instance.team = team
        self.fields["communes"].queryset = Commune.objects.in_departement(team.departement)
        self.fields["communes"].required = False
        users = get_user_model().objects.filter(membership__team=team).order_by("last_name", "first_name")
        current = {a.organisation_id: a.user_id for a in self.instance.assignees.all()} if self.instance.pk else {}
        for organisation in team.organisations.all():
            self.fields[f"assignee_{organisation.pk}"] = forms.ModelChoiceField(
                label=_("Référent par défaut – %(org)s") % {"org": organisation.name},
                queryset=users.filter(membership__organisation=organisation),
                required=False,
                initial=current.get(organisation.pk),
                empty_label=gettext_lazy("Personne"),
            )

    def clean_communes(self):
        communes = self.cleaned_data["communes"]
        taken = Sector.objects.filter(team=self.team, communes__in=communes).exclude(pk=self.instance.pk)
        clashes = Commune.objects.filter(sectors__in=taken, pk__in=communes).distinct()
        if clashes:
            names = ", ".join(commune.name for commune in clashes[:5])
            raise forms.ValidationError(
                _("Ces communes appartiennent déjà à un autre secteur : %(names)s.") % {"names": names}
            )
        return communes

    def assignees(self):
        """(organisation, user or None) for each organisation of the team."""
        return [
            (organisation, self.cleaned_data.get(f"assignee_{organisation.pk}"))
            for organisation in self.team.organisations.all()
        ]
