"""Values derived from a part of the knowledge base, computed once per part (the parts never change)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_MEMO: dict[tuple[str, int], tuple[Any, Any]] = {}


def once_per(name: str, source: Any, build: Callable[[Any], T]) -> T:
    """`build(source)`, computed once per source object and name."""
    kept = _MEMO.get((name, id(source)))
    if kept is None or kept[0] is not source:
        if len(_MEMO) > 32:  # many knowledge bases (tests): start again rather than keep them all alive
            _MEMO.clear()
        kept = _MEMO[(name, id(source))] = (source, build(source))
    return kept[1]
