"""A running vote count per choice, kept by triggers on the vote table (see ChoiceTally)."""

import django.db.models.deletion
from django.db import migrations, models


# The tally follows the vote table by triggers, so every way a vote row is written or removed
# (the vote endpoint's INSERT, the ORM, the admin's bulk delete) moves the count in the same
# transaction. Table names are fixed here as they were when this migration was written.
SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER polls_vote_tally_insert AFTER INSERT ON polls_vote BEGIN
        INSERT INTO polls_choicetally (choice_id, votes) VALUES (NEW.choice_id, 1)
        ON CONFLICT (choice_id) DO UPDATE SET votes = votes + 1;
    END
    """,
    """
    CREATE TRIGGER polls_vote_tally_delete AFTER DELETE ON polls_vote BEGIN
        UPDATE polls_choicetally SET votes = votes - 1 WHERE choice_id = OLD.choice_id;
    END
    """,
    """
    CREATE TRIGGER polls_vote_tally_update AFTER UPDATE OF choice_id ON polls_vote
    WHEN NEW.choice_id IS NOT OLD.choice_id BEGIN
        UPDATE polls_choicetally SET votes = votes - 1 WHERE choice_id = OLD.choice_id;
        INSERT INTO polls_choicetally (choice_id, votes) VALUES (NEW.choice_id, 1)
        ON CONFLICT (choice_id) DO UPDATE SET votes = votes + 1;
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS polls_vote_tally_insert",
    "DROP TRIGGER IF EXISTS polls_vote_tally_delete",
    "DROP TRIGGER IF EXISTS polls_vote_tally_update",
]

POSTGRESQL_TRIGGERS = [
    """
    CREATE OR REPLACE FUNCTION polls_vote_tally() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            UPDATE polls_choicetally SET votes = votes - 1 WHERE choice_id = OLD.choice_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO polls_choicetally (choice_id, votes) VALUES (NEW.choice_id, 1)
            ON CONFLICT (choice_id) DO UPDATE SET votes = polls_choicetally.votes + 1;
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER polls_vote_tally AFTER INSERT OR DELETE ON polls_vote
    FOR EACH ROW EXECUTE FUNCTION polls_vote_tally()
    """,
    """
    CREATE TRIGGER polls_vote_tally_update AFTER UPDATE OF choice_id ON polls_vote
    FOR EACH ROW WHEN (NEW.choice_id IS DISTINCT FROM OLD.choice_id) EXECUTE FUNCTION polls_vote_tally()
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS polls_vote_tally ON polls_vote",
    "DROP TRIGGER IF EXISTS polls_vote_tally_update ON polls_vote",
    "DROP FUNCTION IF EXISTS polls_vote_tally()",
]

BACKFILL = """
    INSERT INTO polls_choicetally (choice_id, votes)
    SELECT choice_id, COUNT(*) FROM polls_vote GROUP BY choice_id
"""


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"vote tally triggers are written for SQLite and PostgreSQL, not {vendor}")
    _run(schema_editor, [BACKFILL, *(SQLITE_TRIGGERS if vendor == "sqlite" else POSTGRESQL_TRIGGERS)])


def drop_triggers(apps, schema_editor):
    _run(schema_editor, SQLITE_DROP if schema_editor.connection.vendor == "sqlite" else POSTGRESQL_DROP)


class Migration(migrations.Migration):

    dependencies = [
        ('polls', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ChoiceTally',
            fields=[
                ('choice', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='tally', serialize=False, to='polls.choice')),
                ('votes', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
