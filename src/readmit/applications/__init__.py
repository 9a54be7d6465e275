"""Readmission applications: particulars, documents, lifecycle."""
