"""designations and screening

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "designation_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("ftm_id", sa.String(length=200), nullable=False),
        sa.Column("schema", sa.String(length=40), nullable=False),
        sa.Column("caption", sa.String(length=500), nullable=False),
        sa.Column("properties", sa.JSON(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column(
            "updated_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["object_id"],
            ["designation_entities.id"],
            name=op.f("fk_designation_entities_object_id_designation_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["designation_entities.id"],
            name=op.f("fk_designation_entities_subject_id_designation_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designation_entities")),
        sa.UniqueConstraint(
            "state_code", "ftm_id", name=op.f("uq_designation_entities_state_code_ftm_id")
        ),
    )
    with op.batch_alter_table("designation_entities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_designation_entities_object_id"), ["object_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_designation_entities_state_code"), ["state_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_designation_entities_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "screening_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["designation_entities.id"],
            name=op.f("fk_screening_keys_entity_id_designation_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_keys")),
    )
    with op.batch_alter_table("screening_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_keys_entity_id"), ["entity_id"], unique=False
        )
        batch_op.create_index(
            "ix_screening_keys_lookup", ["state_code", "key", "entity_id"], unique=False
        )

    op.create_table(
        "designations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("legal_basis", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("review_due", sa.Date(), nullable=True),
        sa.Column("proposed_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "proposed_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column(
            "reviewed_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("delisted_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "delisted_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("delisting_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_designations_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["delisted_by_id"], ["users.id"], name=op.f("fk_designations_delisted_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["designation_entities.id"],
            name=op.f("fk_designations_entity_id_designation_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"], ["users.id"], name=op.f("fk_designations_proposed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designations")),
    )
    with op.batch_alter_table("designations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_designations_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_designations_review_due"), ["review_due"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_designations_state_code"), ["state_code"], unique=False
        )

    op.create_table(
        "screening_judgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("subject_key", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("judged_by_id", sa.Integer(), nullable=False),
        sa.Column("judged_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=False),
        sa.Column("retired_by_id", sa.Integer(), nullable=True),
        sa.Column("retired_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["designation_entities.id"],
            name=op.f("fk_screening_judgements_entity_id_designation_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["judged_by_id"], ["users.id"], name=op.f("fk_screening_judgements_judged_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["retired_by_id"],
            ["users.id"],
            name=op.f("fk_screening_judgements_retired_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_judgements")),
    )
    with op.batch_alter_table("screening_judgements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_screening_judgements_pair", ["state_code", "subject_key", "entity_id"], unique=False
        )

    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("subject_key", sa.String(length=64), nullable=False),
        sa.Column("query", sa.JSON(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("hit_count", sa.Integer(), nullable=False),
        sa.Column("screened_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "screened_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["screened_by_id"], ["users.id"], name=op.f("fk_screenings_screened_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screenings")),
    )
    with op.batch_alter_table("screenings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screenings_state_code"), ["state_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_screenings_subject_key"), ["subject_key"], unique=False
        )

    op.create_table(
        "designation_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("designation_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "uploaded_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["designation_id"],
            ["designations.id"],
            name=op.f("fk_designation_evidence_designation_id_designations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_designation_evidence_uploaded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designation_evidence")),
    )
    with op.batch_alter_table("designation_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_designation_evidence_designation_id"), ["designation_id"], unique=False
        )

    op.create_table(
        "screening_hits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("screening_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("designated_entity_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("path", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "reviewed_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["designated_entity_id"],
            ["designation_entities.id"],
            name=op.f("fk_screening_hits_designated_entity_id_designation_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["designation_entities.id"],
            name=op.f("fk_screening_hits_entity_id_designation_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["users.id"], name=op.f("fk_screening_hits_reviewed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["screenings.id"],
            name=op.f("fk_screening_hits_screening_id_screenings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_hits")),
    )
    with op.batch_alter_table("screening_hits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_hits_entity_id"), ["entity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_screening_hits_screening_id"), ["screening_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_screening_hits_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("screening_hits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_hits_status"))
        batch_op.drop_index(batch_op.f("ix_screening_hits_screening_id"))
        batch_op.drop_index(batch_op.f("ix_screening_hits_entity_id"))

    op.drop_table("screening_hits")
    with op.batch_alter_table("designation_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_designation_evidence_designation_id"))

    op.drop_table("designation_evidence")
    with op.batch_alter_table("screenings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screenings_subject_key"))
        batch_op.drop_index(batch_op.f("ix_screenings_state_code"))

    op.drop_table("screenings")
    with op.batch_alter_table("screening_judgements", schema=None) as batch_op:
        batch_op.drop_index("ix_screening_judgements_pair")

    op.drop_table("screening_judgements")
    with op.batch_alter_table("designations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_designations_state_code"))
        batch_op.drop_index(batch_op.f("ix_designations_review_due"))
        batch_op.drop_index(batch_op.f("ix_designations_entity_id"))

    op.drop_table("designations")
    with op.batch_alter_table("screening_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_screening_keys_lookup")
        batch_op.drop_index(batch_op.f("ix_screening_keys_entity_id"))

    op.drop_table("screening_keys")
    with op.batch_alter_table("designation_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_designation_entities_subject_id"))
        batch_op.drop_index(batch_op.f("ix_designation_entities_state_code"))
        batch_op.drop_index(batch_op.f("ix_designation_entities_object_id"))

    op.drop_table("designation_entities")
