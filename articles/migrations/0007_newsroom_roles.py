"""The newsroom's two roles as Django groups (editable in the admin afterwards).

Writers create articles and edit their own; they cannot publish. Editors edit any article,
review, publish, schedule, unpublish and restore, and manage films, polls and tags.
"""

from django.db import migrations

from articles import roles

def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after the last migration; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles.create_missing_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writer", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_review_and_spoiler_terms"),
        ("polls", "0004_poll_follows_its_article"),
        ("filmsite", "0003_poster_dimensions"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
