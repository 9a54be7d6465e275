"""Bilateral readmission agreements as data.

An agreement (who asks whom, which documents prove nationality, which deadlines
apply and how they are counted) lives in an admin-editable YAML file rather
than in code, because every pair of states negotiates different terms.
``schemas`` validates those files; ``deadlines`` turns the terms into due dates.
"""
