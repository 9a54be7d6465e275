"""travel documents and signing certificates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 02:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('signing_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_code', sa.String(length=3), nullable=False),
    sa.Column('kind', sa.String(length=4), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('certificate_pem', sa.Text(), nullable=False),
    sa.Column('encrypted_key_pem', sa.Text(), nullable=True),
    sa.Column('signing', sa.Boolean(), nullable=False),
    sa.Column('not_before', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.Column('not_after', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.Column('created_at', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signing_certificates')),
    sa.UniqueConstraint('state_code', 'kind', 'reference', name=op.f('uq_signing_certificates_state_code_kind_reference'))
    )
    with op.batch_alter_table('signing_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signing_certificates_state_code'), ['state_code'], unique=False)

    op.create_table('travel_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=9), nullable=False),
    sa.Column('issuing_state', sa.String(length=3), nullable=False),
    sa.Column('mrz_line1', sa.String(length=44), nullable=False),
    sa.Column('mrz_line2', sa.String(length=44), nullable=False),
    sa.Column('seal', sa.LargeBinary(), nullable=False),
    sa.Column('signer_reference', sa.String(length=16), nullable=False),
    sa.Column('holder_native_name', sa.String(length=200), nullable=False),
    sa.Column('route', sa.String(length=40), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('revoked_at', readmit.database.dialect.UTCDateTime(), nullable=True),
    sa.Column('revocation_reason', sa.String(length=40), nullable=True),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_travel_documents_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_travel_documents_issued_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_travel_documents')),
    sa.UniqueConstraint('number', name=op.f('uq_travel_documents_number'))
    )
    with op.batch_alter_table('travel_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_travel_documents_application_id'), ['application_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('travel_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_travel_documents_application_id'))
    op.drop_table('travel_documents')
    with op.batch_alter_table('signing_certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signing_certificates_state_code'))
    op.drop_table('signing_certificates')
