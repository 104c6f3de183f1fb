"""Trigram indexes for the admin's title search on PostgreSQL (filmsite/admin_search.py): article title and standfirst.

``icontains`` is ``UPPER(col::text) LIKE UPPER('%word%')``: a GIN index of that expression with
``gin_trgm_ops`` answers it without reading the table. pg_trgm ships with PostgreSQL and is a
trusted extension (the database owner may create it). Where it cannot be created the index is
skipped with a notice: search still works, by reading the table. Nothing happens on SQLite.
"""

from django.db import migrations, transaction

INDEXES = [
    ("article_title_trgm", "articles_article", "title"),
    ("article_standfirst_trgm", "articles_article", "standfirst"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as error:  # noqa: BLE001 - a missing privilege must not stop the migration
        print(f"\n  pg_trgm unavailable ({error}); admin search will read the table.")
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _, _ in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_article_published_order"),
    ]

    operations = [migrations.RunPython(create, drop)]
