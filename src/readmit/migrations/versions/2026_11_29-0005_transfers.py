"""transfers and their cases

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 03:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('transfers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requesting_state', sa.String(length=3), nullable=False),
    sa.Column('requested_state', sa.String(length=3), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('carrier', sa.String(length=80), nullable=False),
    sa.Column('flight_number', sa.String(length=10), nullable=False),
    sa.Column('route', sa.String(length=40), nullable=False),
    sa.Column('departure_at', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.Column('escorts', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_transfers_created_by_id_users')),
    sa.ForeignKeyConstraint(['requested_state'], ['states.code'], name=op.f('fk_transfers_requested_state_states')),
    sa.ForeignKeyConstraint(['requesting_state'], ['states.code'], name=op.f('fk_transfers_requesting_state_states')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfers'))
    )
    op.create_table('transfer_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('transfer_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=True),
    sa.Column('reintegration_referral', sa.Boolean(), nullable=False),
    sa.Column('outcome_at', readmit.database.dialect.UTCDateTime(), nullable=True),
    sa.Column('outcome_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_transfer_cases_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outcome_by_id'], ['users.id'], name=op.f('fk_transfer_cases_outcome_by_id_users')),
    sa.ForeignKeyConstraint(['transfer_id'], ['transfers.id'], name=op.f('fk_transfer_cases_transfer_id_transfers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_cases')),
    sa.UniqueConstraint('transfer_id', 'application_id', name=op.f('uq_transfer_cases_transfer_id_application_id'))
    )
    with op.batch_alter_table('transfer_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transfer_cases_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfer_cases_transfer_id'), ['transfer_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('transfer_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transfer_cases_transfer_id'))
        batch_op.drop_index(batch_op.f('ix_transfer_cases_application_id'))
    op.drop_table('transfer_cases')
    op.drop_table('transfers')
