from django.db import migrations, models
from django.utils import timezone

ANSWERS = {True: "known", False: "not_known"}
CHUNK = 500


def date_the_answers(apps, schema_editor):
    """The day each answer already recorded was found: the latest MDS-answer batch committed, or journal entry,
    that set the situation's current answer; else (purged since) the day the situation was received."""
    Situation = apps.get_model("situations", "Situation")
    ImportBatch = apps.get_model("imports", "ImportBatch")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    answered = Situation.objects.filter(social_services__in=ANSWERS.values())
    current = {
        pk: (value, str(public_id))
        for pk, value, public_id in answered.values_list("pk", "social_services", "public_id")
    }
    if not current:
        return
    found = {}

    def keep(pk, value, day):
        if pk in current and current[pk][0] == value and (pk not in found or found[pk] < day):
            found[pk] = day

    batches = ImportBatch.objects.filter(kind="mds", status="committed", committed_at__isnull=False)
    for committed_at, summary in batches.values_list("committed_at", "summary").iterator():
        for row in (summary or {}).get("details", []):
            if isinstance(row, dict) and not row.get("errors") and row.get("known") in ANSWERS:
                keep(row.get("situation"), ANSWERS[row["known"]], timezone.localdate(committed_at))
    by_public_id = {public_id: pk for pk, (_value, public_id) in current.items()}
    entries = AuditEntry.objects.filter(target_type="situations.situation")
    for chunk in _chunks(list(by_public_id)):
        for created_at, target_id, details in entries.filter(target_id__in=chunk).values_list(
            "created_at", "target_id", "details"
        ):
            value = ((details or {}).get("after") or {}).get("social_services") if isinstance(details, dict) else None
            if value in ANSWERS.values():
                keep(by_public_id[target_id], value, timezone.localdate(created_at))
    by_day = {}
    for pk, day in found.items():
        by_day.setdefault(day, []).append(pk)
    for day, pks in by_day.items():
        for chunk in _chunks(pks):
            Situation.objects.filter(pk__in=chunk).update(social_services_checked_on=day)
    answered.filter(social_services_checked_on__isnull=True).update(social_services_checked_on=models.F("received_on"))


def _chunks(items):
    return (items[start : start + CHUNK] for start in range(0, len(items), CHUNK))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_personal_values_apart"),
        ("imports", "0005_batch_purged_at"),
        ("situations", "0004_hearings_of_a_procedure"),
    ]

    operations = [
        migrations.AddField(
            model_name="situation",
            name="social_services_checked_on",
            field=models.DateField(blank=True, null=True, verbose_name="réponse des services sociaux le"),
        ),
        migrations.RunPython(date_the_answers, migrations.RunPython.noop),
    ]
