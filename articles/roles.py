"""The newsroom's two roles, as Django groups: Writer and Editor.

Writers create articles and edit their own; they cannot publish. Editors edit any article,
review, publish, schedule, unpublish and restore, and manage films, polls and tags (what each
may do is enforced in ``workflow.py``; these are the permissions the groups carry).

A migration creates the groups; ``post_migrate`` creates them again only if they are missing (a
test database emptied between tests, or a group deleted by mistake). A group that exists is
never changed here, so editing a role in the admin sticks.
"""

from django.apps import apps as global_apps

WRITER = {
    "articles": ["add_article", "change_article", "view_article", "delete_article"],
    "filmsite": ["view_film", "view_person", "view_genre"],
    "polls": ["view_poll", "view_choice"],
    "taggit": ["view_tag"],
}
EDITOR = {
    "articles": ["add_article", "change_article", "view_article", "delete_article", "publish_article"],
    "filmsite": [
        f"{verb}_{model}"
        for model in ("film", "person", "genre", "castcredit", "crewcredit")
        for verb in ("add", "change", "delete", "view")
    ],
    "polls": [
        *(f"{verb}_{model}" for model in ("poll", "choice") for verb in ("add", "change", "delete", "view")),
        "publish_poll",
        "view_vote",
    ],
    "taggit": [f"{verb}_tag" for verb in ("add", "change", "delete", "view")],
    "auth": ["view_user"],
}
ROLES = {"Writer": WRITER, "Editor": EDITOR}


def create_missing_roles(apps=global_apps):
    """Create each role's group, with its permissions, if no group of that name exists."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        if Group.objects.filter(name=name).exists():
            continue
        group = Group.objects.create(name=name)
        for app_label, codenames in grants.items():
            permissions = list(
                Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )
            missing = set(codenames) - {p.codename for p in permissions}
            if missing:
                raise LookupError(f"Permissions missing for the {name} role: {sorted(missing)}")
            group.permissions.add(*permissions)
