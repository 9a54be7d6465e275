"""Domain errors; the web layer maps each to one HTTP status."""

from dataclasses import dataclass, field


class DomainError(Exception):
    """Base of errors whose message is safe to show the user. `keeps_changes`: a refusal
    that records what caused it (a screening whose hits must reach review); the transaction
    boundary commits instead of rolling back, and the step itself has changed nothing."""

    status_code = 400
    keeps_changes = False


class NotFound(DomainError):
    """Missing, or not visible to the caller (the two are indistinguishable by design)."""

    status_code = 404


class Forbidden(DomainError):
    """Visible, but the caller's role or side may not do this."""

    status_code = 403


class Conflict(DomainError):
    """Refused in the current state of the case."""

    status_code = 409

    def __init__(self, message: str, *, allowed: list[str] | None = None) -> None:
        super().__init__(message)
        self.allowed = allowed or []


class TooMany(DomainError):
    """A rate limit was reached; try again later."""

    status_code = 429


@dataclass
class FieldProblem:
    """One invalid input, located by its path (e.g. person.documents.0.mrz)."""

    loc: tuple[str | int, ...]
    msg: str
    type: str = "value_error"


@dataclass
class Invalid(DomainError):
    """Input that failed a check beyond its shape."""

    problems: list[FieldProblem] = field(default_factory=list)
    status_code = 422

    def __str__(self) -> str:
        return "; ".join(f"{'.'.join(map(str, p.loc))}: {p.msg}" for p in self.problems)
