from django.db import migrations, models


class Migration(migrations.Migration):
    """Publication order with the id as the last key: keyset pages and old ?page=N links."""

    dependencies = [
        ('articles', '0009_article_sitemap_page'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='article',
            name='articles_ar_status_7759bd_idx',
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['status', 'published_at', 'id'], name='article_published_order'),
        ),
    ]
