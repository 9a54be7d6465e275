"""The indicators as Parquet, cell for cell the CSV download.

Every column is a string holding the cell exactly as the CSV writes it ("12", "11.0",
"0.583", "<5", "x"), and null where the CSV cell is empty: a withheld cell stays withheld,
with no number behind it anywhere in the file. (A number column with a flag column beside it
would make a file whose columns differ from the CSV's.) Readers cast what they need, e.g.
pandas' `to_numeric(errors="coerce")`, which turns the marks into missing values.
"""

import csv
import io

import pyarrow as pa
import pyarrow.parquet as pq

from readmit.statistics import service
from readmit.statistics.schemas import IndicatorsPublic

MEDIA_TYPE = "application/vnd.apache.parquet"
DISCLOSURE = (
    '"<5": a count from 1 to 4, or a time or share from fewer than 5 cases; "x": withheld so '
    "that totals do not reveal a count under 5; null: nothing to count or compute."
)


def to_parquet(*, report: IndicatorsPublic) -> bytes:
    """The indicators as a Parquet file with the CSV's columns, rows and cells."""
    # Read back from the CSV itself, so that the two downloads cannot drift apart.
    header, *rows = csv.reader(io.StringIO(service.to_csv(report=report)))
    columns = {
        name: pa.array([row[i] or None for row in rows], type=pa.string())
        for i, name in enumerate(header)
    }
    metadata = {
        "readmit.period": f"{report.period_from}/{report.period_to}",
        "readmit.disclosure": DISCLOSURE,
    }
    out = io.BytesIO()
    pq.write_table(pa.table(columns).replace_schema_metadata(metadata), out)
    return out.getvalue()
