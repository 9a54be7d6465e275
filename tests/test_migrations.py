"""The migrations build exactly the schema the models declare (on SQLite and PostgreSQL)."""

import hashlib

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from readmit.database.core import make_engine
from readmit.database.metadata import metadata
from readmit.database.migrate import alembic_config, upgrade
from readmit.integrity.service import check
from readmit.traveldocs.service import next_number
from tests.conftest import database_url
from tests.hostile_files import jpeg_with_exif_and_html


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata())
    assert differences == []


def test_upgrade_of_a_populated_database() -> None:
    """A database at 0007 with cases in it upgrades: agreements get version 1, a draft held by
    an open flag is suspended (with the step on its timeline), document numbers continue."""
    engine = make_engine(database_url("populated"))
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
        for statement in SEED_0007:
            connection.execute(text(statement), {"photo": jpeg_with_exif_and_html()})
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text(CHECK)).one() == (1, 1, "suspended", "draft", 1)
        with Session(bind=connection) as session:
            assert next_number(session=session) == "R00000008"
            assert check(session=session) == []
        photo = connection.execute(text("SELECT content, sha256 FROM application_photos")).one()
        assert b"Exif" not in photo.content and b"<html" not in photo.content
        assert photo.sha256 == hashlib.sha256(photo.content).hexdigest()
    engine.dispose()


SEED_0007 = [
    "INSERT INTO states (code, name) VALUES ('USA', 'USA'), ('CHN', 'CHN')",
    "INSERT INTO authorities (id, state_code, name, short_name) VALUES (1, 'USA', 'ERO', 'ero')",
    "INSERT INTO users (id, authority_id, email, full_name, password_hash, roles, is_active,"
    " failed_logins, created_at) VALUES (1, 1, 'o@ero', 'O', 'x', '[\"case_officer\"]', TRUE, 0,"
    " CURRENT_TIMESTAMP)",
    "INSERT INTO agreements (id, requesting_state, requested_state, title, in_force_from, terms)"
    " VALUES (1, 'USA', 'CHN', 'USA-CHN', '2026-01-01', '{}')",
    "INSERT INTO applications (id, reference, requesting_state, requested_state,"
    " requesting_authority_id, agreement_id, status, procedure, reply_extended, evidence_tier,"
    " created_by_id, created_at, updated_at, past_addresses) VALUES (1, 'R-1', 'USA', 'CHN', 1,"
    " 1, 'draft', 'normal', FALSE, 'proof', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '[]')",
    "INSERT INTO timeline_events (application_id, at, action, to_status, requesting_side_only)"
    " VALUES (1, CURRENT_TIMESTAMP, 'create', 'draft', FALSE)",
    "INSERT INTO protection_flags (application_id, kind, note, opened_by_id, opened_at)"
    " VALUES (1, 'asylum_pending', '', 1, CURRENT_TIMESTAMP)",
    "INSERT INTO application_photos (application_id, media_type, content, width, height,"
    " sha256, uploaded_by_id, uploaded_at) VALUES (1, 'image/jpeg', :photo, 200, 300, 'x', 1,"
    " CURRENT_TIMESTAMP)",
    "INSERT INTO travel_documents (application_id, number, issuing_state, mrz_line1, mrz_line2,"
    " seal, signer_reference, holder_native_name, route, issued_on, valid_until, created_at,"
    " revoked_at) VALUES (1, 'R00000007', 'CHN', 'x', 'y', '', '0001', '', 'USA CHN',"
    " '2026-01-01', '2026-02-01', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
]
CHECK = (
    "SELECT (SELECT COUNT(*) FROM agreement_versions), a.version, p.status,"
    " p.status_before_suspension, (SELECT COUNT(*) FROM timeline_events WHERE action = 'suspend')"
    " FROM agreements a, applications p"
)
