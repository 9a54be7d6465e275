"""revocations received with imported master lists

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('received_revocations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_code', sa.String(length=3), nullable=False),
    sa.Column('number', sa.String(length=9), nullable=False),
    sa.Column('revoked_at', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_received_revocations')),
    sa.UniqueConstraint('state_code', 'number', name=op.f('uq_received_revocations_state_code_number'))
    )


def downgrade() -> None:
    op.drop_table('received_revocations')
