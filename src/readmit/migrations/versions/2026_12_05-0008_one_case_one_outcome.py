"""one case, one outcome: database rules behind the row locks, and document numbers from a
sequence

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect
from readmit.database.dialect import continue_numbering

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('document_numbers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taken_at', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_numbers')),
    sqlite_autoincrement=True
    )
    numbers = op.get_bind().execute(sa.text('SELECT number FROM travel_documents')).scalars()
    highest = max((int(n[1:]) for n in numbers if n[1:].isdigit()), default=0)
    continue_numbering(op.get_bind(), 'document_numbers', highest)
    # The rule is now that an open protection hold suspends a case from any unfinished status
    # (drafts and departed cases were left as they were): bring existing cases in line, with
    # the step on their timeline.
    held = (
        "status IN ('draft', 'submitted', 'received', 'under_verification',"
        " 'more_info_requested', 'confirmed', 'rejected', 'travel_document_issued',"
        " 'transfer_scheduled', 'departed') AND EXISTS (SELECT 1 FROM protection_flags f"
        " WHERE f.application_id = applications.id AND f.cleared_at IS NULL)"
    )
    op.execute(
        "INSERT INTO timeline_events (application_id, at, action, from_status, to_status,"
        " reason_code, note, requesting_side_only) SELECT id, CURRENT_TIMESTAMP, 'suspend',"
        " status, 'suspended', 'suspended_by_requesting_state', 'open protection hold',"
        f" FALSE FROM applications WHERE {held}"
    )
    op.execute(
        "UPDATE applications SET status_before_suspension = status, status = 'suspended'"
        f" WHERE {held}"
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index('uq_decisions_final', ['application_id'], unique=True, sqlite_where=sa.text("kind IN ('confirm', 'reject')"), postgresql_where=sa.text("kind IN ('confirm', 'reject')"))
    with op.batch_alter_table('transfer_cases', schema=None) as batch_op:
        batch_op.create_index('uq_transfer_cases_live', ['application_id'], unique=True, sqlite_where=sa.text('outcome IS NULL'), postgresql_where=sa.text('outcome IS NULL'))
    with op.batch_alter_table('travel_documents', schema=None) as batch_op:
        batch_op.create_index('uq_travel_documents_valid', ['application_id'], unique=True, sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))


def downgrade() -> None:
    with op.batch_alter_table('travel_documents', schema=None) as batch_op:
        batch_op.drop_index('uq_travel_documents_valid')
    with op.batch_alter_table('transfer_cases', schema=None) as batch_op:
        batch_op.drop_index('uq_transfer_cases_live')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index('uq_decisions_final')
    op.drop_table('document_numbers')
