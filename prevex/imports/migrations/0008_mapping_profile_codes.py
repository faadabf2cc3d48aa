from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("imports", "0007_mapping_profile_kind")]

    operations = [
        migrations.AddField(
            model_name="mappingprofile",
            name="codes",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Par colonne, la valeur Prevex de chaque code.",
                verbose_name="codes de l'équipe",
            ),
        ),
    ]
