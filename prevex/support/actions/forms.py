from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prevex.core.widgets import DateInput
from prevex.organisations.models import Organisation
from prevex.organisations.permissions import CASE_WORKERS
from prevex.support.actions.catalogue import Category, PartnerKind
from prevex.support.actions.models import Action, ActionKind, ReferralAnswer, Status
from prevex.support.actions.services import NEXT, kinds_of


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


def _team_people(team):
    return (
        get_user_model()
        .objects.filter(membership__team=team, membership__role__in=CASE_WORKERS, is_active=True)
        .order_by("last_name", "first_name", "pk")
    )


class OwnerFields(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation en charge"), queryset=Organisation.objects.none(), required=False
    )
    owner = PersonChoiceField(
        label=_("Personne en charge (facultatif)"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(team=team)
        self.fields["owner"].queryset = _team_people(team)


class ActionAddForm(OwnerFields):
    kind = forms.ModelChoiceField(label=_("Préconisation"), queryset=ActionKind.objects.none())
    proposed_on = forms.DateField(label=_("Proposée le"), widget=DateInput())
    note = forms.CharField(label=_("Note (courte)"), max_length=500, required=False)
    field_order = ["kind", "proposed_on", "organisation", "owner", "note"]

    def __init__(self, *args, team, user, **kwargs):
        super().__init__(*args, team=team, **kwargs)
        self.fields["kind"].queryset = kinds_of(team).filter(active=True)
        self.fields["proposed_on"].initial = timezone.localdate()
        membership = getattr(user, "membership", None)
        if membership is not None:
            self.fields["organisation"].initial = membership.organisation_id


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nouveau statut"))
    on = forms.DateField(label=_("Le"), widget=DateInput())
    note = forms.CharField(label=_("Note (courte)"), max_length=500, required=False)

    def __init__(self, *args, action: Action, **kwargs):
        kwargs.setdefault("prefix", f"status-{action.pk}")
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        self.fields["status"].choices = [(s.value, labels[s]) for s in NEXT.get(Status(action.status), ())]
        self.fields["on"].initial = timezone.localdate()
        self.fields["note"].initial = action.note


class ReferralForm(forms.Form):
    partner = forms.ChoiceField(label=_("Partenaire"), choices=PartnerKind.choices)
    partner_name = forms.CharField(label=_("Nom du partenaire (ex. MDS de Massy)"), max_length=200, required=False)
    sent_on = forms.DateField(label=_("Orientation envoyée le"), widget=DateInput(), required=False)
    answered_on = forms.DateField(label=_("Réponse reçue le"), widget=DateInput(), required=False)
    answer = forms.ChoiceField(
        label=_("Réponse"), choices=[("", _("— pas encore de réponse —")), *ReferralAnswer.choices], required=False
    )

    def __init__(self, *args, action: Action, **kwargs):
        kwargs.setdefault("prefix", f"referral-{action.pk}")
        kwargs.setdefault(
            "initial",
            {
                "partner": action.partner or action.kind.partner_kind or PartnerKind.OTHER,
                "partner_name": action.partner_name,
                "sent_on": action.sent_on,
                "answered_on": action.answered_on,
                "answer": action.answer,
            },
        )
        super().__init__(*args, **kwargs)


class KindForm(forms.ModelForm):
    class Meta:
        model = ActionKind
        fields = ["label", "active", "position"]


KindFormSet = forms.modelformset_factory(ActionKind, form=KindForm, extra=0)


class KindAddForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Lettres minuscules, chiffres et « _ » (ex. aide_mutuelle), utilisé dans le tableau de suivi."),
    )
    label = forms.CharField(label=_("Libellé"), max_length=200)
    category = forms.ChoiceField(label=_("Catégorie"), choices=Category.choices)
    partner_kind = forms.ChoiceField(
        label=_("Orientation vers"), choices=[("", _("— pas une orientation —")), *PartnerKind.choices], required=False
    )
    prefix = "add"
