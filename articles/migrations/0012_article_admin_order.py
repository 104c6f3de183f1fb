from django.db import migrations, models


class Migration(migrations.Migration):
    """The admin's list order with the id: any changelist page found in the index alone."""

    dependencies = [
        ('articles', '0011_admin_search_trigrams'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['published_at', 'id'], name='article_admin_order'),
        ),
    ]
