"""A declaration as data: the file refused with the field, line and reason that are wrong, the
check command, and a state's figures worked out from its corridors' statistics with every
withheld cell kept withheld."""

from pathlib import Path

import pytest

from readmit.progress import figures
from readmit.progress.schemas import DeclarationFileError, load_declaration_file
from readmit.progress.service import DATA_DIR, declarations
from readmit.statistics.schemas import Cell, CorridorIndicators, IndicatorsPublic, MonthIndicators
from tests.identity.cli_runner import run_cli

LOS_ANGELES = DATA_DIR / "los-angeles-declaration.yaml"


def test_the_shipped_declaration_is_an_illustrative_example() -> None:
    declaration = declarations()["los-angeles-declaration"]
    assert declaration.illustrative
    assert declaration.adopted_on.isoformat() == "2022-06-10"
    assert {"USA", "MEX", "GTM", "HND", "CAN"} <= set(declaration.signatories)
    assert "CHN" not in declaration.signatories
    pathways = declaration.indicator("legal_pathway_admissions")
    assert pathways is not None and pathways.column == "pathway_admissions"
    assert pathways.side is None  # the state's own programmes, not a side of its corridors


@pytest.mark.parametrize(
    ("change", "replacement", "message"),
    [
        ("PRY, PER", "PRY, XYZ", "not ISO 3166-1 alpha-3 codes (such as MEX): XYZ"),
        ("PRY, PER", "PRY, per", "not ISO 3166-1 alpha-3 codes (such as MEX): per"),
        ("PRY, PER", "PRY, MEX", "signatories listed twice: MEX"),
        ("key: applications_decided", "key: applications_received", "listed twice"),
        ("column: submitted", "column: encounters", "unknown indicator column 'encounters'"),
        ("side: requesting", "side: sideways", "Input should be 'requesting' or 'requested'"),
        ("    side: requesting\n", "", "column arrived needs its side"),
        (
            "    column: pathway_admissions\n",
            "    column: pathway_admissions\n    side: requesting\n",
            "column pathway_admissions counts the state's programmes: no side",
        ),
        ("key: returns_completed", "key: Returns Completed", "is not a key such as"),
        ("adopted_on: 2022-06-10", "adopted_on: June 2022", "adopted_on"),
        ("illustrative: true", "illustrative: true\nratified: true", "Extra inputs"),
    ],
)
def test_a_wrong_declaration_names_the_field_line_and_reason(
    tmp_path: Path, change: str, replacement: str, message: str
) -> None:
    text = LOS_ANGELES.read_text(encoding="utf-8")
    assert change in text
    broken = tmp_path / "declaration.yaml"
    broken.write_text(text.replace(change, replacement, 1), encoding="utf-8")
    with pytest.raises(DeclarationFileError) as refused:
        load_declaration_file(broken)
    found = str(refused.value)
    assert "invalid declaration file (1 error(s))" in found
    assert message in found and "(line " in found


def test_yaml_that_does_not_parse_is_refused_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "declaration.yaml"
    broken.write_text("name: [unclosed\nadopted_on: 2022-06-10\n", encoding="utf-8")
    with pytest.raises(DeclarationFileError, match="invalid YAML at line"):
        load_declaration_file(broken)


def test_the_command_lists_the_declaration_or_its_wrong_fields(tmp_path: Path) -> None:
    ran = run_cli(tmp_path, "progress", "check", str(LOS_ANGELES))
    assert ran.code == 0, ran.output
    assert ran.lines[0] == (
        "Los Angeles Declaration on Migration and Protection (illustrative example), "
        "adopted 2022-06-10"
    )
    assert ran.lines[1].startswith("20 signatories: ARG, BRB, BLZ")
    assert "returns_completed (arrived, requesting side): Returns completed" in ran.output
    assert "legal_pathway_admissions (pathway_admissions, the state's own programmes)" in ran.output
    broken = tmp_path / "declaration.yaml"
    broken.write_text(LOS_ANGELES.read_text(encoding="utf-8").replace("PRY, PER", "PRY, ZZZ"))
    ran = run_cli(tmp_path, "progress", "check", str(broken))
    assert ran.code == 1
    assert "signatories: Value error, not ISO 3166-1 alpha-3 codes" in ran.output


@pytest.mark.parametrize(
    ("parts", "total"),
    [
        ([], None),
        ([None, None], None),
        ([0, 0], 0),
        ([7, 12], 19),
        (["<5", 0], "<5"),  # the others are nothing: the sum is that small count
        (["<5", None, 0], "<5"),
        (["x", 0], "x"),
        (["<5", 12], "x"),  # 12 plus 1 to 4: shown, it would give the small count away
        (["<5", "<5"], "x"),  # from 2 to 8: neither small nor known
        (["x", 9, 14], "x"),
    ],
)
def test_a_sum_over_corridors_keeps_withheld_parts_withheld(parts: list[Cell], total: Cell) -> None:
    assert figures.add_up(parts) == total


def corridor(pair: str, **total: Cell) -> CorridorIndicators:
    requesting, requested = pair.split("-")
    return CorridorIndicators(
        requesting_state=requesting,
        requested_state=requested,
        months=[],
        total=MonthIndicators(month="total", **total),  # type: ignore[arg-type]
    )


def figure(state: str, key: str, *corridors: CorridorIndicators) -> figures.IndicatorFigures:
    report = IndicatorsPublic(period_from="2026-01", period_to="2026-06", corridors=list(corridors))
    found = figures.of_state(
        declaration=declarations()["los-angeles-declaration"], report=report, state=state
    )
    return next(item for item in found if item.key == key)


@pytest.mark.parametrize(
    ("state", "key", "corridors", "value", "per_corridor"),
    [
        # USA counts its returns where it requests; CHN's own corridor as requested: nothing.
        (
            "USA",
            "returns_completed",
            [corridor("USA-CHN", arrived="<5"), corridor("USA-GTM", arrived=0)],
            "<5",
            {"USA-CHN": "<5", "USA-GTM": 0},
        ),
        (
            "USA",
            "returns_completed",
            [corridor("USA-CHN", arrived="<5"), corridor("USA-GTM", arrived=25)],
            "x",
            {"USA-CHN": "<5", "USA-GTM": 25},
        ),
        (
            "USA",
            "returns_completed",
            [corridor("USA-CHN", arrived=7), corridor("USA-GTM", arrived=25)],
            32,
            {"USA-CHN": 7, "USA-GTM": 25},
        ),
        ("CHN", "returns_completed", [corridor("USA-CHN", arrived=7)], None, {}),
        # Applications received: the corridors where the state is requested.
        (
            "GTM",
            "applications_received",
            [corridor("USA-GTM", submitted=13), corridor("GTM-HND", submitted=40)],
            13,
            {"USA-GTM": 13},
        ),
        # A median is not added up: one corridor gives the state's, several give none.
        ("GTM", "verification_days", [corridor("USA-GTM", decision_days_median=6.0)], 6.0, None),
        (
            "CHN",
            "verification_days",
            [
                corridor("USA-CHN", decision_days_median=11.0),
                corridor("MEX-CHN", decision_days_median="<5"),
            ],
            None,
            {"USA-CHN": 11.0, "MEX-CHN": "<5"},
        ),
    ],
)
def test_a_states_figures_come_from_its_corridors_on_the_indicators_side(
    state: str,
    key: str,
    corridors: list[CorridorIndicators],
    value: Cell,
    per_corridor: dict[str, Cell] | None,
) -> None:
    found = figure(state, key, *corridors)
    assert found.available
    assert found.value == value
    if per_corridor is not None:
        assert {f.corridor: f.value for f in found.corridors} == per_corridor


def test_an_indicator_without_data_is_not_yet_available_never_zero(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pathways = figure("USA", "legal_pathway_admissions", corridor("USA-CHN", arrived=7))
    assert (pathways.available, pathways.value, pathways.corridors) == (False, None, [])
    # A column the declaration names but the statistics do not compute (yet) is the same.
    computed = figures.COMPUTED - {"reintegration_referrals"}
    monkeypatch.setattr(figures, "COMPUTED", computed)
    referrals = figure("CHN", "reintegration_referrals", corridor("USA-CHN", arrived=7))
    assert (referrals.available, referrals.value) == (False, None)


def test_the_snapshot_reads_back_as_computed() -> None:
    computed = figures.of_state(
        declaration=declarations()["los-angeles-declaration"],
        report=IndicatorsPublic(
            period_from="2026-01",
            period_to="2026-06",
            corridors=[
                corridor("USA-CHN", arrived="<5", decision_days_median=12.5, submitted=40),
                corridor("USA-GTM", arrived=0, submitted="x"),
            ],
        ),
        state="USA",
    )
    rows = figures.to_rows(computed)
    back = figures.from_rows(
        declaration=declarations()["los-angeles-declaration"], rows=rows, narratives={}
    )
    assert back == computed
