"""Cases opened before search keys existed are found after the upgrade."""

from alembic import command
from sqlalchemy import text

from readmit.database.core import make_engine
from readmit.database.migrate import alembic_config, upgrade
from tests.conftest import database_url
from tests.test_migrations import SEED_0007

NAMED = [
    "INSERT INTO person_names (application_id, position, family, given, source)"
    " VALUES (1, 0, '张', '伟', 'document'), (1, 1, 'CHANG', 'WEI', 'alias')",
    "INSERT INTO documents (application_id, type, number, issuing_state)"
    " VALUES (1, 'passport', 'e 1234-5678', 'CHN')",
]


def test_existing_cases_get_their_keys() -> None:
    engine = make_engine(database_url("search_keys"))
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
        for statement in [*SEED_0007[:5], *NAMED]:
            connection.execute(text(statement))
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT kind, value FROM application_search_keys WHERE application_id = 1")
        )
        keys = {(kind, value) for kind, value in rows}
    engine.dispose()
    assert {("name", "zhang|wei"), ("name", "wei|chang"), ("part", "zhang")} <= keys
    assert ("document", "E12345678") in keys
