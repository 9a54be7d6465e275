"""The clocks that run from the final order, against dates counted by hand (leap years
included): removal period 90 days (INA 241(a)(1)), custody review 180 days while detained."""

from datetime import date

import pytest

from readmit.custody.service import clock

# final order, detained, today, removal period ends, its days left, review due, its days left
CASES = [
    # 2024 is a leap year: Jan 15 + 90 days passes Feb 29 (16 + 29 + 31 + 14).
    (date(2024, 1, 15), True, date(2024, 1, 15), date(2024, 4, 14), 90, date(2024, 7, 13), 180),
    # 2023 is not: the same order ends a day later in the calendar.
    (date(2023, 1, 15), True, date(2023, 1, 15), date(2023, 4, 15), 90, date(2023, 7, 14), 180),
    # Crossing into a leap February: Dec 1 2023 + 90 = Feb 29 2024; + 180 = May 29 2024.
    (date(2023, 12, 1), True, date(2024, 2, 29), date(2024, 2, 29), 0, date(2024, 5, 29), 90),
    # 2000 was a leap year (divisible by 400): Dec 1 1999 + 90 = Feb 29 2000.
    (date(1999, 12, 1), True, date(2000, 3, 1), date(2000, 2, 29), -1, date(2000, 5, 29), 89),
    # Overdue review: Jan 1 2025 + 180 = Jun 30 2025; seen on Jul 10, ten days overdue.
    (date(2025, 1, 1), True, date(2025, 7, 10), date(2025, 4, 1), -100, date(2025, 6, 30), -10),
    # Released: the removal period still runs, no custody review is due.
    (date(2025, 1, 1), False, date(2025, 2, 1), date(2025, 4, 1), 59, None, None),
]


@pytest.mark.parametrize(
    ("final_order", "detained", "today", "ends", "ends_left", "review", "review_left"), CASES
)
def test_clock(
    final_order: date,
    detained: bool,
    today: date,
    ends: date,
    ends_left: int,
    review: date | None,
    review_left: int | None,
) -> None:
    found = clock(final_order_on=final_order, detained=detained, today=today)
    assert found.removal_period_ends == ends
    assert found.removal_period_days_left == ends_left
    assert found.review_due == review
    assert found.review_days_left == review_left
