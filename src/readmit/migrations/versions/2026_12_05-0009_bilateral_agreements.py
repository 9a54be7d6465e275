"""agreements as bilateral data: versions of the terms, proposals, and the version each case
runs under

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('agreement_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requesting_state', sa.String(length=3), nullable=False),
    sa.Column('requested_state', sa.String(length=3), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=True),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('proposed_by_state', sa.String(length=3), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('apply_to_running', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', readmit.database.dialect.UTCDateTime(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('created_at', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_agreement_proposals_agreement_id_agreements')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_agreement_proposals_decided_by_id_users')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_agreement_proposals_proposed_by_id_users')),
    sa.ForeignKeyConstraint(['proposed_by_state'], ['states.code'], name=op.f('fk_agreement_proposals_proposed_by_state_states')),
    sa.ForeignKeyConstraint(['requested_state'], ['states.code'], name=op.f('fk_agreement_proposals_requested_state_states')),
    sa.ForeignKeyConstraint(['requesting_state'], ['states.code'], name=op.f('fk_agreement_proposals_requesting_state_states')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_proposals'))
    )
    op.create_table('agreement_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=True),
    sa.Column('in_force_from', sa.Date(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('agreed_at', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_agreement_versions_agreement_id_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['agreement_proposals.id'], name=op.f('fk_agreement_versions_proposal_id_agreement_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_versions')),
    sa.UniqueConstraint('agreement_id', 'version', name=op.f('uq_agreement_versions_agreement_id_version'))
    )
    # Plain ADD COLUMN: a batch (copy-and-drop) of agreements would trip the foreign keys of
    # every case that refers to it. The server default stays: version 1 for what exists.
    op.add_column('agreements', sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
    op.add_column('applications', sa.Column('agreement_version', sa.Integer(), nullable=False, server_default='1'))
    # The terms in force today become version 1, and every case runs under them.
    op.execute(
        "INSERT INTO agreement_versions (agreement_id, version, title, reference, in_force_from,"
        " terms, agreed_at) SELECT id, 1, title, reference, in_force_from, terms,"
        " CURRENT_TIMESTAMP FROM agreements"
    )

def downgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('agreement_version')
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.drop_column('version')
    op.drop_table('agreement_versions')
    op.drop_table('agreement_proposals')
