from django.db import migrations, models


class Migration(migrations.Migration):
    """An index that answers a sitemap page's fingerprint on its own (articles/sitemaps.py)."""

    dependencies = [
        ('articles', '0008_preview_links'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['id', 'status', 'published_at', 'updated_at'], name='article_sitemap_page'),
        ),
    ]
