"""Each profile belongs to one kind of file: the existing ones are the préfecture lists'."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0006_mapping_profile_moved_here"),
        ("intake", "0002_mapping_profile_moved_to_imports"),
    ]

    operations = [
        migrations.AlterModelTable(name="mappingprofile", table=None),
        migrations.RemoveConstraint(model_name="mappingprofile", name="unique_mapping_profile_name_per_team"),
        migrations.AddField(
            model_name="mappingprofile",
            name="kind",
            field=models.CharField(
                choices=[
                    ("suivi", "Tableau de suivi"),
                    ("prefecture", "Liste de la préfecture"),
                    ("mds", "Réponse des services sociaux"),
                ],
                default="prefecture",
                max_length=20,
                verbose_name="type de fichier",
            ),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="mappingprofile",
            constraint=models.UniqueConstraint(
                fields=("team", "kind", "name"), name="unique_mapping_profile_name_per_kind"
            ),
        ),
    ]
