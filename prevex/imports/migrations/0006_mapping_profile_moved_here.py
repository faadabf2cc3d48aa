"""The mapping profiles move from intake to imports (every pipeline with a column step uses them): the table
is kept, only the model's app changes here (intake 0002 removes it from intake's state)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0005_batch_purged_at"),
        ("intake", "0001_initial"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MappingProfile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="nom du profil")),
                        (
                            "headers",
                            models.JSONField(
                                help_text="Les en-têtes normalisés, dans l'ordre du fichier.", verbose_name="en-têtes"
                            ),
                        ),
                        (
                            "mapping",
                            models.JSONField(
                                help_text="Un champ Prevex par colonne ('' : ignorée).", verbose_name="correspondance"
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="mapping_profiles",
                                to="organisations.team",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "profil de correspondance",
                        "verbose_name_plural": "profils de correspondance",
                        "ordering": ["name"],
                        "db_table": "intake_mappingprofile",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("team", "name"), name="unique_mapping_profile_name_per_team"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
