"""The diagnosis form: one field per kind of resource and charge (the kinds of `budget.py`, `kinds.py`), the
housing, the debt and the rights; and the persons' formset. Every error message names its field, in French."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prevex.support.budget import ADULT_AGE, MAX_ADULTS, MAX_AMOUNT, MAX_CHILD_AGE
from prevex.support.diagnosis.kinds import CHARGE_KINDS, RESOURCE_KINDS, label
from prevex.support.diagnosis.models import Diagnosis

HOUSING = ("rent", "service_charges", "housing_benefit", "housing_benefit_to_landlord", "current_rent_resumed")
DEBT = ("rent_debt", "rent_debt_on", "rent_debt_source", "other_debts", "other_debts_note")
RIGHTS = ("housing_benefit_status", "dls_filed", "dls_number", "dalo", "fsl")
HELP = {
    "resource_pensions": gettext_lazy("Dont pension d'invalidité."),
    "resource_aah": gettext_lazy("Allocation aux adultes handicapés."),
    "rent": gettext_lazy("Avant aide au logement."),
    "housing_benefit": gettext_lazy("Montant mensuel, qu'il soit versé au ménage ou au bailleur."),
    "rent_debt": gettext_lazy("0 si la dette est soldée."),
}


def name_errors(form: forms.BaseForm) -> None:
    """Each field's messages start with its label (« Loyer hors charges : … »), wherever they are shown."""
    for field in form.fields.values():
        named = str(field.label)
        messages = {
            "required": _("%(field)s : ce champ est obligatoire.") % {"field": named},
            "invalid": _("%(field)s : valeur invalide.") % {"field": named},
            "invalid_choice": _("%(field)s : choisissez une des valeurs proposées.") % {"field": named},
            "min_value": _("%(field)s : la valeur ne peut pas être inférieure à %%(limit_value)s.") % {"field": named},
            "max_value": _("%(field)s : la valeur ne peut pas dépasser %%(limit_value)s.") % {"field": named},
            "max_decimal_places": _("%(field)s : deux décimales au plus (centimes).") % {"field": named},
            "max_digits": _("%(field)s : montant trop grand.") % {"field": named},
            "max_whole_digits": _("%(field)s : montant trop grand.") % {"field": named},
            "max_length": _("%(field)s : %%(limit_value)d caractères au plus.") % {"field": named},
        }
        if isinstance(field, forms.DecimalField):
            messages["invalid"] = _("%(field)s : saisissez un montant en euros (exemple : 1234,50).") % {"field": named}
        elif isinstance(field, forms.DateField):
            messages["invalid"] = _("%(field)s : saisissez une date (jj/mm/aaaa).") % {"field": named}
        elif isinstance(field, forms.IntegerField):
            messages["invalid"] = _("%(field)s : saisissez un nombre entier.") % {"field": named}
        field.error_messages.update(messages)


class EurosField(forms.DecimalField):
    """An amount as people type it: « 1 250,50 », « 1250.50 € » (spaces and the euro sign ignored)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u202f", "").removesuffix("€")
        return super().to_python(value)


def amount_field(text) -> forms.DecimalField:
    return EurosField(
        label=text, required=False, min_value=Decimal(0), max_value=MAX_AMOUNT, max_digits=9, decimal_places=2,
        localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )  # fmt: skip


class DiagnosisForm(forms.ModelForm):
    based_on = forms.IntegerField(label=gettext_lazy("Version de départ"), widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Diagnosis
        fields = ("diagnosed_on", *HOUSING, *DEBT, *RIGHTS)
        widgets = {
            "diagnosed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "rent_debt_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("rent", "service_charges", "housing_benefit", "rent_debt", "other_debts"):
            self.fields[name] = amount_field(self.fields[name].label)
        for kind in RESOURCE_KINDS:
            self.fields[f"resource_{kind.name}"] = amount_field(label(kind))
        for kind in CHARGE_KINDS:
            self.fields[f"charge_{kind.name}"] = amount_field(label(kind))
        for name, text in HELP.items():
            self.fields[name].help_text = text
        for field in self.fields.values():
            field.label = str(field.label)[:1].upper() + str(field.label)[1:]
        name_errors(self)

    def _group(self, names) -> list:
        return [self[name] for name in names]

    def general_fields(self) -> list:
        return self._group(["diagnosed_on"])

    def resource_fields(self) -> list:
        return self._group(f"resource_{kind.name}" for kind in RESOURCE_KINDS)

    def charge_fields(self) -> list:
        return self._group(f"charge_{kind.name}" for kind in CHARGE_KINDS)

    def housing_fields(self) -> list:
        return self._group(HOUSING)

    def debt_fields(self) -> list:
        return self._group(DEBT)

    def rights_fields(self) -> list:
        return self._group(RIGHTS)

    def clean(self):
        data = super().clean()
        for name in ("rent", "service_charges", "housing_benefit", "rent_debt", "other_debts"):
            if data.get(name) is None and name not in self.errors:
                data[name] = Decimal(0)
        if data.get("dls_number") and not data.get("dls_filed"):
            self.add_error("dls_filed", _("Demande de logement social : cochez-la si un numéro est donné."))
        return data

    def amounts(self, prefix: str, kinds) -> dict[str, str]:
        """{kind: "1234.50"} of the amounts typed (zero or empty left out)."""
        found = {}
        for kind in kinds:
            value = self.cleaned_data.get(f"{prefix}_{kind.name}")
            if value:
                found[kind.name] = f"{value:.2f}"
        return found

    def values(self) -> dict:
        """The diagnosis's columns and lists, as `services.diagnosis_record` takes them."""
        columns = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return columns | {
            "based_on": self.cleaned_data["based_on"],
            "resources": self.amounts("resource", RESOURCE_KINDS),
            "charges": self.amounts("charge", CHARGE_KINDS),
        }


ROLE_CHOICES = (("", "—"), ("adult", gettext_lazy("Adulte")), ("child", gettext_lazy("Enfant à charge")))


class PersonForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Adulte ou enfant"), choices=ROLE_CHOICES)
    age = forms.IntegerField(label=gettext_lazy("Âge à la date du diagnostic"), min_value=0, max_value=120)
    disability_rate = forms.IntegerField(
        label=gettext_lazy("Taux d'incapacité (MDPH, %)"), required=False, min_value=0, max_value=100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        number = int(self.prefix.rsplit("-", 1)[-1]) + 1 if self.prefix else 1
        for field in self.fields.values():
            field.label = _("%(field)s (personne %(number)s)") % {"number": number, "field": field.label}
        name_errors(self)

    def clean(self):
        data = super().clean()
        age, role = data.get("age"), data.get("role")
        if age is None or role is None:
            return data
        if role == "adult" and age < ADULT_AGE:
            self.add_error("age", _("%(field)s : un adulte a 18 ans ou plus.") % {"field": self.fields["age"].label})
        if role == "child" and age > MAX_CHILD_AGE:
            self.add_error(
                "age", _("%(field)s : un enfant à charge a de 0 à 24 ans.") % {"field": self.fields["age"].label}
            )
        return data

    def person(self) -> dict:
        data = self.cleaned_data
        return {"adult": data["role"] == "adult", "age": data["age"], "disability_rate": data.get("disability_rate")}


class BasePersonFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            number = index + 1 if index is not None else ""
            form.fields["DELETE"].label = _("Retirer la personne %(number)s") % {"number": number}

    def clean(self):
        if any(self.errors):
            return
        adults = sum(1 for person in self.persons() if person["adult"])
        if not 1 <= adults <= MAX_ADULTS:
            raise forms.ValidationError(
                _("Composition du ménage : une ou deux personnes adultes (%(count)s saisies).") % {"count": adults}
            )

    def persons(self) -> list[dict]:
        """The persons typed (blank rows and rows marked « retirer » left out), adults first."""
        people = [
            form.person()
            for form in self.forms
            if form.cleaned_data.get("age") is not None and not form.cleaned_data.get("DELETE")
        ]
        return sorted(people, key=lambda person: not person["adult"])


PersonFormSet = forms.formset_factory(PersonForm, formset=BasePersonFormSet, extra=1, can_delete=True, max_num=12)
