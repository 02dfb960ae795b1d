"""A YAML loader that refuses duplicate keys, so an edit never silently overrides another (OpenFisca style)."""

from __future__ import annotations

from typing import Any

import yaml


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping has the same key twice."""


# libyaml's C parser when PyYAML was built with it (same documents, several times faster), else pure Python.
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SAFE_LOADER):  # type: ignore[valid-type,misc]
    """A safe loader whose mappings reject repeated keys."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise DuplicateKeyError(
                "while constructing a mapping",
                node.start_mark,
                f"duplicate key '{key}' (first at line {seen[key].start_mark.line + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_strict(text: str) -> Any:
    """Parse YAML text; raise yaml.YAMLError (DuplicateKeyError for repeated keys) on any problem."""
    return yaml.load(text, Loader=_StrictLoader)


def describe_yaml_error(error: yaml.YAMLError) -> tuple[str, str]:
    """Return (where, message) for a YAML error, e.g. ("line 4", "duplicate key 'name' ...")."""
    mark = getattr(error, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "file"
    if isinstance(error, DuplicateKeyError):
        return f"key '{_duplicate_key(error)}' ({where})", f"{error.problem}; each key may appear once"
    problem = getattr(error, "problem", None) or str(error)
    return where, f"YAML syntax error: {problem}"


def _duplicate_key(error: DuplicateKeyError) -> str:
    problem = error.problem or ""
    return problem.split("'")[1] if problem.count("'") >= 2 else "?"
