"""flight leads: imports, flights kept as aggregates, passenger rows (never committed: each
run deletes them), leads and the flights behind them

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import readmit.database.dialect

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "flight_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("flights", sa.Integer(), nullable=False),
        sa.Column("leads_opened", sa.Integer(), nullable=False),
        sa.Column("leads_updated", sa.Integer(), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "imported_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["imported_by_id"], ["users.id"], name=op.f("fk_flight_imports_imported_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flight_imports")),
    )
    with op.batch_alter_table("flight_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_flight_imports_state_code"), ["state_code"], unique=False
        )

    op.create_table(
        "leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("rule_id", sa.String(length=60), nullable=False),
        sa.Column("rule_label", sa.String(length=200), nullable=False),
        sa.Column("rule_kind", sa.String(length=30), nullable=False),
        sa.Column("rule_set", sa.String(length=200), nullable=False),
        sa.Column("rule_set_version", sa.Integer(), nullable=False),
        sa.Column("operator_code", sa.String(length=3), nullable=False),
        sa.Column("operator_name", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column(
            "created_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", readmit.database.dialect.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_leads_decided_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leads")),
    )
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leads_state_code"), ["state_code"], unique=False)
        batch_op.create_index(
            "uq_leads_open",
            ["state_code", "rule_id", "operator_code"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )

    op.create_table(
        "lead_flights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("operator_code", sa.String(length=3), nullable=False),
        sa.Column("operator_name", sa.String(length=200), nullable=False),
        sa.Column("flight_number", sa.String(length=5), nullable=False),
        sa.Column("flight_date", sa.Date(), nullable=False),
        sa.Column("origin", sa.String(length=3), nullable=False),
        sa.Column("destination", sa.String(length=3), nullable=False),
        sa.Column("charter", sa.Boolean(), nullable=False),
        sa.Column("passengers", sa.Integer(), nullable=False),
        sa.Column("one_way", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["flight_imports.id"],
            name=op.f("fk_lead_flights_import_id_flight_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_flights")),
        sa.UniqueConstraint(
            "state_code",
            "operator_code",
            "flight_number",
            "flight_date",
            "origin",
            "destination",
            name="uq_lead_flights_flight",
        ),
    )
    with op.batch_alter_table("lead_flights", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_flights_import_id"), ["import_id"], unique=False)

    op.create_table(
        "lead_flight_links",
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("flight_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["flight_id"],
            ["lead_flights.id"],
            name=op.f("fk_lead_flight_links_flight_id_lead_flights"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_lead_flight_links_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lead_id", "flight_id", name=op.f("pk_lead_flight_links")),
    )
    with op.batch_alter_table("lead_flight_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lead_flight_links_flight_id"), ["flight_id"], unique=False
        )

    op.create_table(
        "lead_flight_nationalities",
        sa.Column("flight_id", sa.Integer(), nullable=False),
        sa.Column("nationality", sa.String(length=3), nullable=False),
        sa.Column("passengers", sa.Integer(), nullable=False),
        sa.Column("one_way", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["flight_id"],
            ["lead_flights.id"],
            name=op.f("fk_lead_flight_nationalities_flight_id_lead_flights"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "flight_id", "nationality", name=op.f("pk_lead_flight_nationalities")
        ),
    )
    op.create_table(
        "lead_passengers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flight_id", sa.Integer(), nullable=False),
        sa.Column("nationality", sa.String(length=3), nullable=False),
        sa.Column("one_way", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["flight_id"],
            ["lead_flights.id"],
            name=op.f("fk_lead_passengers_flight_id_lead_flights"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_passengers")),
    )
    with op.batch_alter_table("lead_passengers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lead_passengers_flight_id"), ["flight_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("lead_passengers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_passengers_flight_id"))

    op.drop_table("lead_passengers")
    op.drop_table("lead_flight_nationalities")
    with op.batch_alter_table("lead_flight_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_flight_links_flight_id"))

    op.drop_table("lead_flight_links")
    with op.batch_alter_table("lead_flights", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_flights_import_id"))

    op.drop_table("lead_flights")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_leads_open",
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        batch_op.drop_index(batch_op.f("ix_leads_state_code"))

    op.drop_table("leads")
    with op.batch_alter_table("flight_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flight_imports_state_code"))

    op.drop_table("flight_imports")
