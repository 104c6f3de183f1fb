"""The triggers that keep ``ChoiceTally`` equal to the count of ``Vote`` rows, per choice.

Installed by migrations (0002, and again by any migration that alters the vote table: on SQLite,
Django rebuilds an altered table as a new one, and the old table's triggers go with it). Every
way a vote row is written or removed (the vote endpoint's INSERT, the ORM, the admin's bulk
delete, an edited choice) moves the count in the same transaction. Table names are fixed here:
the models' tables are not renamed.

``install`` is idempotent: it drops the triggers if present, recounts every tally from the vote
rows, and creates the triggers, so whatever happened before, the tally is exact afterwards.
"""

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

RESYNC = [
    "DELETE FROM polls_choicetally",
    """
    INSERT INTO polls_choicetally (choice_id, votes)
    SELECT choice_id, COUNT(*) FROM polls_vote GROUP BY choice_id
    """,
]


def _statements(schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        return SQLITE_TRIGGERS, SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRESQL_TRIGGERS, POSTGRESQL_DROP
    raise NotImplementedError(f"vote tally triggers are written for SQLite and PostgreSQL, not {vendor}")


def install(apps, schema_editor):
    create, drop = _statements(schema_editor)
    for statement in [*drop, *RESYNC, *create]:
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    for statement in _statements(schema_editor)[1]:
        schema_editor.execute(statement)
