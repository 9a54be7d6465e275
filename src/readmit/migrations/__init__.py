"""Alembic migrations, shipped inside the package so `readmit db upgrade` works anywhere."""
