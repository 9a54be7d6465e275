"""a national ID's check result as found at intake; issuing authority, place of issue and
the holder's place of birth on travel documents

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number_check', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('number_check_note', sa.String(length=200), nullable=True))

    # Documents issued before print a dash for what was not recorded then.
    with op.batch_alter_table('travel_documents', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('holder_birth_place', sa.String(length=200), nullable=False, server_default='')
        )
        batch_op.add_column(
            sa.Column('issuing_authority', sa.String(length=200), nullable=False, server_default='')
        )
        batch_op.add_column(
            sa.Column('place_of_issue', sa.String(length=80), nullable=False, server_default='')
        )


def downgrade() -> None:
    with op.batch_alter_table('travel_documents', schema=None) as batch_op:
        batch_op.drop_column('place_of_issue')
        batch_op.drop_column('issuing_authority')
        batch_op.drop_column('holder_birth_place')

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('number_check_note')
        batch_op.drop_column('number_check')
