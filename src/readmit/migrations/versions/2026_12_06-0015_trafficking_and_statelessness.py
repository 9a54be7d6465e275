"""trafficking screenings at intake, the reflection period of a presumed victim's flag, and
statelessness decisions after a "not a national" rejection

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('protection_flags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reflection_ends_on', sa.Date(), nullable=True))

    op.create_table('trafficking_screenings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('indicators', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', readmit.database.dialect.UTCDateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', readmit.database.dialect.UTCDateTime(timezone=True), nullable=True),
    sa.Column('flag_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_trafficking_screenings_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_trafficking_screenings_decided_by_id_users')),
    sa.ForeignKeyConstraint(['flag_id'], ['protection_flags.id'], name=op.f('fk_trafficking_screenings_flag_id_protection_flags')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_trafficking_screenings_opened_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trafficking_screenings'))
    )
    with op.batch_alter_table('trafficking_screenings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trafficking_screenings_application_id'), ['application_id'], unique=False)

    op.create_table('statelessness_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=True),
    sa.Column('claiming_state', sa.String(length=3), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('flag_id', sa.Integer(), nullable=True),
    sa.Column('follow_up_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.Column('decided_at', readmit.database.dialect.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_statelessness_decisions_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['claiming_state'], ['states.code'], name=op.f('fk_statelessness_decisions_claiming_state_states')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_statelessness_decisions_decided_by_id_users')),
    sa.ForeignKeyConstraint(['flag_id'], ['protection_flags.id'], name=op.f('fk_statelessness_decisions_flag_id_protection_flags')),
    sa.ForeignKeyConstraint(['follow_up_id'], ['applications.id'], name=op.f('fk_statelessness_decisions_follow_up_id_applications'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statelessness_decisions'))
    )
    with op.batch_alter_table('statelessness_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statelessness_decisions_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statelessness_decisions_follow_up_id'), ['follow_up_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('statelessness_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statelessness_decisions_follow_up_id'))
        batch_op.drop_index(batch_op.f('ix_statelessness_decisions_application_id'))

    op.drop_table('statelessness_decisions')
    with op.batch_alter_table('trafficking_screenings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trafficking_screenings_application_id'))

    op.drop_table('trafficking_screenings')
    with op.batch_alter_table('protection_flags', schema=None) as batch_op:
        batch_op.drop_column('reflection_ends_on')
