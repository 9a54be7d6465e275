"""partner searches (hit / no-hit)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('partner_searches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=32), nullable=False),
    sa.Column('answering_state', sa.String(length=3), nullable=False),
    sa.Column('requesting_authority_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('modality', sa.String(length=10), nullable=False),
    sa.Column('outcome', sa.String(length=8), nullable=False),
    sa.Column('candidate', sa.String(length=32), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('expires_at', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('released', sa.JSON(), nullable=True),
    sa.Column('created_at', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_partner_searches_decided_by_id_users')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_partner_searches_requested_by_id_users')),
    sa.ForeignKeyConstraint(['requesting_authority_id'], ['authorities.id'], name=op.f('fk_partner_searches_requesting_authority_id_authorities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_searches')),
    sa.UniqueConstraint('reference', name=op.f('uq_partner_searches_reference'))
    )
    with op.batch_alter_table('partner_searches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_searches_answering_state'), ['answering_state'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_searches_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_searches_requesting_authority_id'), ['requesting_authority_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('partner_searches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_searches_requesting_authority_id'))
        batch_op.drop_index(batch_op.f('ix_partner_searches_created_at'))
        batch_op.drop_index(batch_op.f('ix_partner_searches_answering_state'))
    op.drop_table('partner_searches')
