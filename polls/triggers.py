"""The triggers that keep ``ChoiceTally`` equal to the count of ``Vote`` rows, per choice.

Installed by migrations (0002, and again by any migration that alters the vote table: on SQLite,
Django rebuilds an altered table as a new one, and the old table's triggers go with it), and
once more after every ``migrate`` (``reinstall_after_migrate``), so a forgotten one cannot lose
them. Every way a vote row is written or removed (the vote endpoint's INSERT, the ORM, the
admin's bulk delete, an edited choice) moves the count in the same transaction. Table names are
fixed here: the models' tables are not renamed.

``install`` is idempotent: it drops the triggers if present, recounts every tally from the vote
rows, and creates the triggers, so whatever happened before, the tally is exact afterwards.
"""

import contextlib

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.transaction import TransactionManagementError

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


def _statements(connection):
    vendor = connection.vendor
    if vendor == "sqlite":
        return SQLITE_TRIGGERS, SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRESQL_TRIGGERS, POSTGRESQL_DROP
    raise NotImplementedError(f"vote tally triggers are written for SQLite and PostgreSQL, not {vendor}")


def _install_statements(connection):
    """Drop the triggers if present, recount every tally, create the triggers."""
    create, drop = _statements(connection)
    return [*drop, *RESYNC, *create]


def install(apps, schema_editor):
    """For migrations: ``_install_statements`` through the schema editor."""
    for statement in _install_statements(schema_editor.connection):
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    for statement in _statements(schema_editor.connection)[1]:
        schema_editor.execute(statement)


def reinstall_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """After every ``migrate`` (post_migrate): install again, so no migration can leave them out.

    A migration that alters the vote table on SQLite drops the triggers with the old table; this
    puts them back and recounts the tallies, in one transaction (votes arriving meanwhile wait,
    so none is missed). Skipped while the tables do not exist (migrated back before 0002).
    """
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if not {"polls_vote", "polls_choicetally"} <= tables:
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in _install_statements(connection):
            cursor.execute(statement)


@contextlib.contextmanager
def suspended(using=DEFAULT_DB_ALIAS):
    """Bulk-load vote rows without a trigger call per row; the tallies are recounted at the end.

    For ``seed_bulk``: a million trigger calls in one transaction cost over a minute on
    PostgreSQL (each updates the same few tally rows again), a recount a second. Only inside a
    transaction: the triggers are dropped and put back in it, so no other connection ever sees
    the table without them (on PostgreSQL, DROP TRIGGER locks the table until the commit, so a
    vote arriving meanwhile waits and is counted; SQLite has a single writer). If the body
    fails, the rollback restores the triggers with everything else.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        raise TransactionManagementError("triggers.suspended() needs an atomic block")
    with connection.cursor() as cursor:
        for statement in _statements(connection)[1]:
            cursor.execute(statement)
    yield
    with connection.cursor() as cursor:
        for statement in _install_statements(connection):
            cursor.execute(statement)
