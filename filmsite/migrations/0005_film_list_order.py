from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('filmsite', '0004_film_sitemap_page'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='film',
            index=models.Index(fields=['title', 'year', 'id'], name='film_list_order'),
        ),
    ]
