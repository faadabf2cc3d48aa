from django.db import migrations


def mark_adhesions_as_contacts(apps, schema_editor):
    """The cached contact column, as `derive_state` now computes it: adhesion implies contact."""
    Situation = apps.get_model("situations", "Situation")
    Situation.objects.filter(events__kind="adhesion", has_tenant_contact=False).update(has_tenant_contact=True)


class Migration(migrations.Migration):
    dependencies = [("situations", "0002_intake_and_privacy_fields")]

    operations = [migrations.RunPython(mark_adhesions_as_contacts, migrations.RunPython.noop)]
