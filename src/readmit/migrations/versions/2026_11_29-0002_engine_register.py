"""register moves to the identity engine's store; engine recommendations

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 02:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('register_passports', schema=None) as batch_op:
        batch_op.drop_index('ix_register_passports_number')
        batch_op.drop_index(batch_op.f('ix_register_passports_person_row_id'))
    op.drop_table('register_passports')
    with op.batch_alter_table('register_persons', schema=None) as batch_op:
        batch_op.drop_index('ix_register_persons_national_id')
    op.drop_table('register_persons')
    op.create_table('recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('recommendation', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('model_version', sa.String(length=40), nullable=False),
    sa.Column('candidates', sa.JSON(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', readmit.database.dialect.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_recommendations_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_recommendations_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendations'))
    )
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendations_application_id'), ['application_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendations_application_id'))
    op.drop_table('recommendations')
    op.create_table('register_persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=False),
    sa.Column('person_id', sa.String(length=64), nullable=False),
    sa.Column('national_id', sa.String(length=40), nullable=True),
    sa.Column('family_name', sa.String(length=200), nullable=False),
    sa.Column('given_names', sa.String(length=200), nullable=False),
    sa.Column('family_name_latin', sa.String(length=200), nullable=True),
    sa.Column('given_names_latin', sa.String(length=200), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('birth_place', sa.String(length=20), nullable=True),
    sa.Column('mother_name', sa.String(length=200), nullable=True),
    sa.Column('father_name', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_persons')),
    sa.UniqueConstraint('country', 'person_id', name=op.f('uq_register_persons_country_person_id'))
    )
    with op.batch_alter_table('register_persons', schema=None) as batch_op:
        batch_op.create_index('ix_register_persons_national_id', ['country', 'national_id'], unique=False)
    op.create_table('register_passports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_row_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['person_row_id'], ['register_persons.id'], name=op.f('fk_register_passports_person_row_id_register_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_passports'))
    )
    with op.batch_alter_table('register_passports', schema=None) as batch_op:
        batch_op.create_index('ix_register_passports_number', ['country', 'number'], unique=False)
        batch_op.create_index(batch_op.f('ix_register_passports_person_row_id'), ['person_row_id'], unique=False)
