from django.db import migrations, models

TRIGRAM_INDEX = "situation_search_trgm_idx"


def add_trigram_index(apps, schema_editor):
    """PostgreSQL only: a trigram index answers the search's `search_text LIKE '%word%'` (SQLite scans
    `situation_list_idx`, which holds the search text)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("situations", "Situation")._meta.db_table)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON {table} USING gin (search_text gin_trgm_ops)")


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("situations", "0005_social_services_checked_on"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="situation",
            index=models.Index(
                condition=models.Q(("closed_on__isnull", True)),
                fields=["team", "hearing_date", "tenant_last_name", "id", "search_text"],
                name="situation_open_order_idx",
            ),
        ),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
