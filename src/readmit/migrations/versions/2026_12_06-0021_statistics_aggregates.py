"""monthly statistics cells and the facts each case contributes to them

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 22:00:00

Existing cases are counted into the new cells by the migration itself, so a database
upgraded from before shows the same figures as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

import readmit.database.dialect

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('statistics_cells',
    sa.Column('requesting_state', sa.String(length=3), nullable=False),
    sa.Column('requested_state', sa.String(length=3), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('untouched', sa.Boolean(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('requesting_state', 'requested_state', 'month', 'name', 'untouched', 'value', name=op.f('pk_statistics_cells'))
    )
    op.create_table('statistics_measures',
    sa.Column('requesting_state', sa.String(length=3), nullable=False),
    sa.Column('requested_state', sa.String(length=3), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('untouched', sa.Boolean(), nullable=False),
    sa.Column('cases', sa.Integer(), nullable=False),
    sa.Column('median', sa.Float(), nullable=True),
    sa.Column('p90', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('requesting_state', 'requested_state', 'month', 'name', 'untouched', name=op.f('pk_statistics_measures'))
    )
    op.create_table('statistics_facts',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('requesting_state', sa.String(length=3), nullable=True),
    sa.Column('requested_state', sa.String(length=3), nullable=True),
    sa.Column('untouched', sa.Boolean(), nullable=False),
    sa.Column('pending_since', readmit.database.dialect.UTCDateTime(), nullable=True),
    sa.Column('due', readmit.database.dialect.UTCDateTime(), nullable=True),
    sa.Column('contributions', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_statistics_facts'))
    )
    op.create_index('ix_statistics_facts_open', 'statistics_facts', ['pending_since', 'requesting_state', 'requested_state', 'untouched', 'due'], unique=False)
    from readmit.statistics.aggregates import rebuild

    rebuild(session=Session(bind=op.get_bind()))


def downgrade() -> None:
    op.drop_index('ix_statistics_facts_open', table_name='statistics_facts')
    op.drop_table('statistics_facts')
    op.drop_table('statistics_measures')
    op.drop_table('statistics_cells')
