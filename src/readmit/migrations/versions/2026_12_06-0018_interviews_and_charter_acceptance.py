"""consular interviews with their decisions, and the answer to a charter

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'interviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('proposed_date', sa.Date(), nullable=False),
        sa.Column('proposed_place', sa.String(length=120), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('requested_at', readmit.database.dialect.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_interviews_application_id_applications'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_interviews_requested_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_interviews')),
    )
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interviews_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviews_requested_at'), ['requested_at'], unique=False)

    op.create_table(
        'interview_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('interview_id', sa.Integer(), nullable=False),
        sa.Column('decision', sa.String(length=10), nullable=False),
        sa.Column('interview_date', sa.Date(), nullable=True),
        sa.Column('interview_place', sa.String(length=120), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=False),
        sa.Column('decided_at', readmit.database.dialect.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_interview_decisions_interview_id_interviews'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_interview_decisions_decided_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_decisions')),
    )
    with op.batch_alter_table('interview_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_decisions_decided_at'), ['decided_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_interview_decisions_interview_id'), ['interview_id'], unique=False)

    op.create_table(
        'charter_acceptances',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('transfer_id', sa.Integer(), nullable=False),
        sa.Column('accepted', sa.Boolean(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=False),
        sa.Column('decided_at', readmit.database.dialect.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['transfer_id'], ['transfers.id'], name=op.f('fk_charter_acceptances_transfer_id_transfers'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_charter_acceptances_decided_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_charter_acceptances')),
        sa.UniqueConstraint('transfer_id', name=op.f('uq_charter_acceptances_transfer_id')),
    )
    with op.batch_alter_table('charter_acceptances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_charter_acceptances_decided_at'), ['decided_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('charter_acceptances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_charter_acceptances_decided_at'))
    op.drop_table('charter_acceptances')
    with op.batch_alter_table('interview_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_decisions_interview_id'))
        batch_op.drop_index(batch_op.f('ix_interview_decisions_decided_at'))
    op.drop_table('interview_decisions')
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interviews_requested_at'))
        batch_op.drop_index(batch_op.f('ix_interviews_application_id'))
    op.drop_table('interviews')
