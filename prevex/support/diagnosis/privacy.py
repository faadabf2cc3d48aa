"""What the social diagnosis holds about a household, for the privacy registry (`prevex/privacy/registry.py`).

Every version is personal and sensitive (composition, ages, resources, disability rate, debts): anonymisation
deletes them all; nothing of them is counted in the bilan. The right of access exports every version as the
diagnosis page shows it (its facts, labelled in French)."""

from prevex.support.diagnosis.changes import facts
from prevex.support.diagnosis.models import Diagnosis


def anonymise(situation) -> None:
    Diagnosis.objects.filter(situation_id=situation.pk).delete()


def personal_data(situation) -> dict:
    versions = Diagnosis.objects.filter(situation_id=situation.pk).order_by("number")
    return {
        "social_diagnosis": [
            {
                "version": diagnosis.number,
                "diagnosed_on": diagnosis.diagnosed_on.isoformat(),
                "facts": {fact.label: fact.value for fact in facts(diagnosis).values()},
            }
            for diagnosis in versions.select_related("situation")
        ]
    }
