from django.db import migrations, models

from prevex.situations.households import stored_household_key


def fill_household_keys(apps, schema_editor):
    """The key of every existing situation, computed as the writer computes it."""
    Situation = apps.get_model("situations", "Situation")
    batch = []
    for situation in Situation.objects.only("tenant_last_name", "tenant_first_name", "address", "commune_id").iterator(
        2000
    ):
        situation.household_key = stored_household_key(situation)
        batch.append(situation)
        if len(batch) == 2000:
            Situation.objects.bulk_update(batch, ["household_key"])
            batch = []
    Situation.objects.bulk_update(batch, ["household_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("situations", "0006_list_and_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="situation",
            name="household_key",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_household_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="situation",
            index=models.Index(fields=["team", "household_key"], name="situation_household_idx"),
        ),
    ]
