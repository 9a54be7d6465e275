"""border encounters imported from CBP's nationwide-encounters CSV

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('encounters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('component', sa.String(length=80), nullable=False),
    sa.Column('land_border_region', sa.String(length=80), nullable=False),
    sa.Column('area_of_responsibility', sa.String(length=120), nullable=False),
    sa.Column('demographic', sa.String(length=80), nullable=False),
    sa.Column('citizenship_text', sa.String(length=120), nullable=False),
    sa.Column('citizenship', sa.String(length=3), nullable=True),
    sa.Column('title_of_authority', sa.String(length=40), nullable=False),
    sa.Column('encounter_type', sa.String(length=40), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=255), nullable=False),
    sa.Column('imported_at', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('month', 'component', 'land_border_region', 'area_of_responsibility', 'demographic', 'citizenship_text', 'title_of_authority', 'encounter_type', name='uq_encounters_cell')
    )
    op.create_index('ix_encounters_citizenship_month', 'encounters', ['citizenship', 'month'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_encounters_citizenship_month', table_name='encounters')
    op.drop_table('encounters')
