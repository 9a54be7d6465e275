"""Terms and rules kept as YAML files (agreements, scorecard rules), read into their pydantic
model with errors an administrator can act on: the field's path and the file's line."""

from datetime import date
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


class YamlFileError(ValueError):
    """A file could not be read, parsed or validated; the message says where and why."""


def line_of(root: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """1-based YAML line of the deepest node that ``loc`` reaches, if any."""
    if root is None:
        return None
    node: yaml.Node = root
    # The key through which `node` was reached: "terms:" reads better than the
    # first line inside the terms mapping when a field under it is missing.
    via_key: yaml.Node | None = None
    for depth, part in enumerate(loc):
        child: yaml.Node | None = None
        child_key: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            last = depth == len(loc) - 1
            for key, value in node.value:
                if str(key.value) == str(part):
                    # The key's line also covers forbidden extra keys and block values.
                    child, child_key = (key if last else value), key
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part >= 0:
            child = node.value[part] if part < len(node.value) else None
        if child is None:
            break  # e.g. a missing field: report the enclosing mapping
        node, via_key = child, child_key
    return (via_key or node).start_mark.line + 1


def format_errors(path: Path, what: str, error: ValidationError, root: yaml.Node | None) -> str:
    """One line per invalid field, with its YAML line."""
    lines = [f"{path}: invalid {what} ({error.error_count()} error(s))"]
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "(top level)"
        line = line_of(root, item["loc"])
        where = f" (line {line})" if line is not None else ""
        lines.append(f"  {field}: {item['msg']}{where}")
    return "\n".join(lines)


def read(path: Path, model: type[Model], *, what: str, max_bytes: int) -> Model:
    """Read and validate a YAML file (`what` names it in errors: "agreement file")."""
    try:
        if path.stat().st_size > max_bytes:
            raise YamlFileError(f"{path}: larger than {max_bytes} bytes")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = " ".join(str(exc).split())
        raise YamlFileError(f"{path}: cannot read {what}: {reason}") from exc
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # kept for line numbers
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise YamlFileError(f"{path}: invalid YAML{where}: {problem}") from exc
    except RecursionError:
        raise YamlFileError(f"{path}: invalid YAML: nested too deeply") from None
    if data is None:
        raise YamlFileError(f"{path}: {what} is empty")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise YamlFileError(format_errors(path, what, exc, root)) from exc


def check_versions(versions: list[tuple[int, date]]) -> None:
    """A file's rule sets as (version, in force from): ValueError unless the versions are
    distinct and listed oldest first."""
    if versions != sorted(versions) or len({v for v, _ in versions}) != len(versions):
        raise ValueError("versions must be distinct and listed oldest first")
