"""the keys a case is found by (its names' readings, their parts, its document numbers),
computed for the cases already there

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from readmit.search.keys import case_keys

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    keys = op.create_table('application_search_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_search_keys_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_search_keys'))
    )
    with op.batch_alter_table('application_search_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_search_keys_application_id'), ['application_id'], unique=False)
        batch_op.create_index('ix_application_search_keys_lookup', ['kind', 'value'], unique=False)

    connection = op.get_bind()
    names: dict[int, list[tuple[str, str]]] = {}
    for application_id, family, given in connection.execute(
        sa.text('SELECT application_id, family, given FROM person_names ORDER BY application_id, position')
    ):
        names.setdefault(application_id, []).append((family, given or ''))
    numbers: dict[int, list[str | None]] = {}
    for application_id, number in connection.execute(
        sa.text('SELECT application_id, number FROM documents ORDER BY id')
    ):
        numbers.setdefault(application_id, []).append(number)
    cases = connection.execute(sa.text('SELECT id, requested_state FROM applications ORDER BY id'))
    for application_id, state in list(cases):
        found = case_keys(
            state=state, names=names.get(application_id, []), numbers=numbers.get(application_id, [])
        )
        if found:
            op.bulk_insert(
                keys,
                [{'application_id': application_id, 'kind': str(k), 'value': v} for k, v in sorted(found)],
            )


def downgrade() -> None:
    with op.batch_alter_table('application_search_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_application_search_keys_lookup')
        batch_op.drop_index(batch_op.f('ix_application_search_keys_application_id'))

    op.drop_table('application_search_keys')
