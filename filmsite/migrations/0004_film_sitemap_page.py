from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('filmsite', '0003_poster_dimensions'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='film',
            index=models.Index(fields=['id', 'updated_at'], name='film_sitemap_page'),
        ),
    ]
