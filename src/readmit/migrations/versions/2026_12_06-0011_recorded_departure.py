"""the departure as recorded, beside the booked one: an arrival is checked against it

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('departed_at', readmit.database.dialect.UTCDateTime(), nullable=True)
        )
    # Flights that left before this column: the moment their departure step was taken.
    op.execute(
        "UPDATE transfers SET departed_at = COALESCE("
        "(SELECT MIN(e.at) FROM timeline_events e JOIN transfer_cases c"
        " ON c.application_id = e.application_id"
        " WHERE c.transfer_id = transfers.id AND e.action = 'depart'), departure_at)"
        " WHERE status = 'departed'"
    )


def downgrade() -> None:
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.drop_column('departed_at')
