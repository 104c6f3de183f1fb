"""Full-text search: one document per article, indexed by PostgreSQL (GIN) or SQLite (FTS5).

The index itself is vendor-specific (articles/search_index.py: install); each database gets only
its own. Existing articles are indexed after the migrate (search_index.check_after_migrate).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from articles import search_index


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0013_taggedarticle_tag_article'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_document', serialize=False, to='articles.article')),
                ('title', models.TextField(blank=True)),
                ('film', models.TextField(blank=True)),
                ('summary', models.TextField(blank=True)),
                ('people', models.TextField(blank=True)),
                ('body', models.TextField(blank=True)),
                ('vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ],
        ),
        migrations.RunPython(search_index.install, search_index.uninstall),
    ]
