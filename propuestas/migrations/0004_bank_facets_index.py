"""A covering index for the project bank's facet counts (every filtered and counted column)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("propuestas", "0003_bank_search"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                fields=[
                    "hidden",
                    "status",
                    "call",
                    "theme",
                    "territory",
                    "submitted_at",
                    "estimated_cost",
                    "validated_cost",
                    "latitude",
                    "longitude",
                ],
                name="proposal_bank_facets",
            ),
        ),
    ]
