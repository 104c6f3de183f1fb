from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('polls', '0005_vote_poll_time'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='poll',
            index=models.Index(fields=['opens_at', 'id'], name='poll_admin_order'),
        ),
    ]
