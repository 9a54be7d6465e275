"""application photos

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('application_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=16), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', readmit.database.dialect.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_photos_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_application_photos_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_photos'))
    )
    with op.batch_alter_table('application_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_photos_application_id'), ['application_id'], unique=False)

    with op.batch_alter_table('travel_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_travel_documents_photo_id_application_photos'), 'application_photos', ['photo_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('travel_documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_travel_documents_photo_id_application_photos'), type_='foreignkey')
        batch_op.drop_column('photo_id')

    with op.batch_alter_table('application_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_photos_application_id'))

    op.drop_table('application_photos')
