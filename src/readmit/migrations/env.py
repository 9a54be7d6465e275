"""Alembic environment: runs on the connection or URL handed over by readmit.database.migrate."""

from alembic import context

from readmit.database.core import make_engine
from readmit.database.metadata import metadata

config = context.config
target = metadata()

connection = config.attributes.get("connection")
if connection is not None:
    context.configure(connection=connection, target_metadata=target, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
