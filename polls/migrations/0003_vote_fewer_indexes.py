"""Drop two vote indexes nothing needs: each is one more page written per vote.

On SQLite altering the vote table rebuilds it, which drops the tally triggers, so they are
installed again afterwards (and again after a reversal).
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from polls import triggers


class Migration(migrations.Migration):

    dependencies = [
        ('polls', '0002_choice_tally'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, triggers.install),
        migrations.AlterField(
            model_name='vote',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name='vote',
            name='poll',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='votes', to='polls.poll'),
        ),
        migrations.RunPython(triggers.install, migrations.RunPython.noop),
    ]
