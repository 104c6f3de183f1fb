from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_article_admin_order'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='taggedarticle',
            index=models.Index(fields=['tag', 'content_object'], name='taggedarticle_tag_article'),
        ),
    ]
