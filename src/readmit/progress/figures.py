"""A state's figures for a declaration's indicators, from the statistics of its corridors (and
of its legal pathway programmes), and their snapshot as stored. Withheld cells stay withheld:
a sum over corridors with any withheld part is withheld too, so that no part can be recovered
from it by subtraction."""

from readmit.pathways import statistics as pathways
from readmit.pathways.statistics import PathwayStatisticsPublic
from readmit.progress.models import ProgressFigure
from readmit.progress.schemas import (
    OWN_PROGRAMMES,
    REINTEGRATION,
    Declaration,
    Figure,
    IndicatorFigures,
    Kind,
    Side,
)
from readmit.statistics.disclosure import Mark
from readmit.statistics.schemas import Cell, IndicatorsPublic, MonthIndicators

# The columns the statistics compute; a declared column missing here is "not yet available".
COMPUTED = frozenset(MonthIndicators.model_fields)


def available(column: str | None) -> bool:
    """Whether the statistics compute this column (a declared column they do not compute yet,
    or none at all, is "not yet available")."""
    return column is not None and (
        column in COMPUTED or column in OWN_PROGRAMMES or column in REINTEGRATION
    )


def add_up(values: list[Cell]) -> Cell:
    """The sum of counts; None when there is nothing to add. A lone withheld part among zeros
    keeps its mark; any other withheld part withholds the sum ("x")."""
    parts = [value for value in values if value is not None]
    if not parts:
        return None
    marks = [value for value in parts if isinstance(value, str)]
    if not marks:
        return sum(value for value in parts if not isinstance(value, str))
    if len(marks) == 1 and not any(value for value in parts if not isinstance(value, str)):
        return marks[0]
    return Mark.withheld.value


def of_state(
    *,
    declaration: Declaration,
    report: IndicatorsPublic,
    state: str,
    programmes: PathwayStatisticsPublic | None = None,
    reintegration: dict[str, dict[str, Cell]] | None = None,
) -> list[IndicatorFigures]:
    """Each indicator over the whole period, for the state's corridors on its side, or over
    its legal pathway programmes (`programmes`: None for a state that runs none, whose
    pathway indicators are "not yet available", never 0); a reintegration indicator from
    `reintegration` (per indicator key, its value per corridor)."""
    found = []
    for indicator in declaration.indicators:
        if indicator.column in OWN_PROGRAMMES and programmes is not None:
            found.append(
                IndicatorFigures(
                    key=indicator.key,
                    label=indicator.label,
                    available=True,
                    value=pathways.admissions(programmes),
                )
            )
            continue
        if indicator.column in REINTEGRATION:
            scores = (reintegration or {}).get(indicator.key, {})
            corridors = [Figure(corridor=c, value=v) for c, v in sorted(scores.items())]
            found.append(
                IndicatorFigures(
                    key=indicator.key,
                    label=indicator.label,
                    available=True,
                    value=corridors[0].value if len(corridors) == 1 else None,
                    corridors=corridors,
                )
            )
            continue
        if not available(indicator.column) or indicator.side is None:
            found.append(
                IndicatorFigures(key=indicator.key, label=indicator.label, available=False)
            )
            continue
        column = str(indicator.column)
        corridors = [
            Figure(
                corridor=f"{c.requesting_state}-{c.requested_state}",
                value=getattr(c.total, column),
            )
            for c in report.corridors
            if (c.requesting_state if indicator.side == Side.requesting else c.requested_state)
            == state
        ]
        values = [figure.value for figure in corridors]
        if indicator.kind == Kind.sum:
            value = add_up(values)
        else:
            value = values[0] if len(values) == 1 else None
        found.append(
            IndicatorFigures(
                key=indicator.key,
                label=indicator.label,
                available=True,
                value=value,
                corridors=corridors,
            )
        )
    return found


def totals(
    *, declaration: Declaration, states: list[list[IndicatorFigures]]
) -> list[IndicatorFigures]:
    """The counts added up over the states given; measures and unavailable ones have none."""
    found = []
    for indicator in declaration.indicators:
        rows = [row for figures in states for row in figures if row.key == indicator.key]
        counted = indicator.kind == Kind.sum and any(row.available for row in rows)
        value = add_up([row.value for row in rows if row.available]) if counted else None
        found.append(
            IndicatorFigures(
                key=indicator.key, label=indicator.label, available=counted, value=value
            )
        )
    return found


def _text(value: Cell) -> str | None:
    return None if value is None else str(value)


def _cell(text: str | None) -> Cell:
    """A stored value as the statistics gave it: a whole number, a decimal, or a mark."""
    if text is None:
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def to_rows(figures: list[IndicatorFigures]) -> list[ProgressFigure]:
    """The snapshot: per indicator, the state's figure (corridor None) and each corridor's."""
    rows = []
    for item in figures:
        rows.append(
            ProgressFigure(
                indicator=item.key, corridor=None, value=_text(item.value), available=item.available
            )
        )
        rows += [
            ProgressFigure(
                indicator=item.key, corridor=f.corridor, value=_text(f.value), available=True
            )
            for f in item.corridors
        ]
    return rows


def from_rows(
    *, declaration: Declaration, rows: list[ProgressFigure], narratives: dict[str, str]
) -> list[IndicatorFigures]:
    """A stored snapshot as figures, in the declaration's order (an indicator added to the
    declaration after the report was submitted shows as not available in it)."""
    found = []
    for indicator in declaration.indicators:
        mine = [row for row in rows if row.indicator == indicator.key]
        state = next((row for row in mine if row.corridor is None), None)
        found.append(
            IndicatorFigures(
                key=indicator.key,
                label=indicator.label,
                available=state is not None and state.available,
                value=None if state is None else _cell(state.value),
                corridors=[
                    Figure(corridor=row.corridor, value=_cell(row.value))
                    for row in mine
                    if row.corridor is not None
                ],
                narrative=narratives.get(indicator.key),
            )
        )
    return found
