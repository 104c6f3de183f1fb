"""A running vote count per choice, kept by triggers on the vote table (see ChoiceTally)."""

import django.db.models.deletion
from django.db import migrations, models

from polls import triggers


class Migration(migrations.Migration):

    dependencies = [
        ('polls', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ChoiceTally',
            fields=[
                ('choice', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='tally', serialize=False, to='polls.choice')),
                ('votes', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(triggers.install, triggers.uninstall),
    ]
