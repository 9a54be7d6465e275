"""custody records and final orders of removal (the requesting state's custody clocks)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('custody_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('release_reason', sa.String(length=40), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', readmit.database.dialect.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_custody_records_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_custody_records_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custody_records'))
    )
    with op.batch_alter_table('custody_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_custody_records_application_id'), ['application_id'], unique=False)

    op.create_table('custody_final_orders',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('final_order_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', readmit.database.dialect.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_custody_final_orders_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_custody_final_orders_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('application_id', name=op.f('pk_custody_final_orders'))
    )


def downgrade() -> None:
    op.drop_table('custody_final_orders')
    with op.batch_alter_table('custody_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_custody_records_application_id'))

    op.drop_table('custody_records')
