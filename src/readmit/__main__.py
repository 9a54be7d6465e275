"""`python -m readmit` runs the CLI."""

from readmit.cli.main import app

app()
