"""progress reports under a declaration: versions, narratives and submitted figures

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('progress_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration', sa.String(length=60), nullable=False),
    sa.Column('state_code', sa.String(length=3), nullable=False),
    sa.Column('first_month', sa.Date(), nullable=False),
    sa.Column('last_month', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', readmit.database.dialect.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_progress_reports_created_by_id_users')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_progress_reports_submitted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_reports')),
    sa.UniqueConstraint('declaration', 'state_code', 'first_month', 'last_month', 'version', name='uq_progress_reports_version')
    )
    with op.batch_alter_table('progress_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_reports_declaration'), ['declaration'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_reports_state_code'), ['state_code'], unique=False)

    op.create_table('progress_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=60), nullable=False),
    sa.Column('corridor', sa.String(length=7), nullable=True),
    sa.Column('value', sa.String(length=16), nullable=True),
    sa.Column('available', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['progress_reports.id'], name=op.f('fk_progress_figures_report_id_progress_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_figures')),
    sa.UniqueConstraint('report_id', 'indicator', 'corridor', name=op.f('uq_progress_figures_report_id_indicator_corridor'))
    )
    with op.batch_alter_table('progress_figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_figures_report_id'), ['report_id'], unique=False)

    op.create_table('progress_narratives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=60), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['progress_reports.id'], name=op.f('fk_progress_narratives_report_id_progress_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_narratives')),
    sa.UniqueConstraint('report_id', 'indicator', name=op.f('uq_progress_narratives_report_id_indicator'))
    )
    with op.batch_alter_table('progress_narratives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_narratives_report_id'), ['report_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('progress_narratives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_narratives_report_id'))
    op.drop_table('progress_narratives')
    with op.batch_alter_table('progress_figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_figures_report_id'))
    op.drop_table('progress_figures')
    with op.batch_alter_table('progress_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_reports_state_code'))
        batch_op.drop_index(batch_op.f('ix_progress_reports_declaration'))
    op.drop_table('progress_reports')
