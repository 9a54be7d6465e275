"""indexes for the cases behind a scorecard factor: steps and releases in a period

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 23:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_timeline_events_action_at', 'timeline_events', ['action', 'at'], unique=False)
    op.create_index('ix_custody_records_status_since', 'custody_records', ['status', 'since'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_custody_records_status_since', table_name='custody_records')
    op.drop_index('ix_timeline_events_action_at', table_name='timeline_events')
