"""Reading knowledge files: CSV tables and folders of YAML records, checked against the schema.

Readers never stop at the first problem: they return what they could check together with every
problem found, so `triage check` can list them all at once.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from triage.knowledge.errors import Problem
from triage.knowledge.schema import Checker, Record, TableFile
from triage.knowledge.strict_yaml import describe_yaml_error, load_strict


@dataclass
class ReadResult:
    """Rows or records read from one file or folder, with the problems and references found."""

    items: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    refs: list[tuple[str, str, str, str]] = field(default_factory=list)

    def absorb(self, checker: Checker) -> None:
        self.problems.extend(Problem(*p) for p in checker.problems)
        self.refs.extend(checker.refs)


def read_text(path: Path, result: ReadResult) -> str | None:
    """A file's UTF-8 text, or None after noting why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        result.problems.append(Problem(str(path), "file", "is missing; every knowledge base needs this file"))
    except (OSError, UnicodeDecodeError) as error:
        result.problems.append(Problem(str(path), "file", f"cannot be read as UTF-8 text ({error})"))
    return None


def read_table(folder: Path, table: TableFile) -> ReadResult:
    """Read one CSV table; rows are numbered as in a spreadsheet (the header is row 1)."""
    path = folder / table.name
    result = ReadResult()
    text = read_text(path, result)
    if text is None:
        return result
    checker = Checker(str(path))
    rows = list(csv.reader(text.splitlines(keepends=True)))  # a quoted field keeps its line breaks: see _read_rows
    if not rows:
        checker.problem("row 1", f"the header is missing; expected columns: {', '.join(table.columns)}")
        result.absorb(checker)
        return result
    header = [name.strip() for name in rows[0]]
    _check_header(header, table, checker)
    result.items.extend(_read_rows(rows[1:], header, table, checker))
    result.absorb(checker)
    return result


def _check_header(header: list[str], table: TableFile, checker: Checker) -> None:
    """Report missing required columns, unknown columns and repeated names, so no column goes unread."""
    expected = list(table.columns)
    for name in expected:  # optional columns may be left out of a file entirely
        if name not in header and table.columns[name].required:
            checker.problem(f"column '{name}'", f"missing column '{name}'; expected columns: {', '.join(expected)}")
    for name in header:
        if name not in table.columns:
            checker.problem(f"column '{name}'", f"unknown column '{name}'; expected columns: {', '.join(expected)}")
    if len(set(header)) != len(header):
        checker.problem("row 1", "a column name appears twice; each column may appear once")


def _read_rows(rows: list[list[str]], header: list[str], table: TableFile, checker: Checker) -> list[dict[str, Any]]:
    """The checked data rows (from row 2), skipping blank ones, rows of the wrong width and repeated ids."""
    items: list[dict[str, Any]] = []
    first_row_of: dict[str, int] = {}
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        spread = [k for k, cell in enumerate(cells) if "\n" in cell]
        if spread:  # csv joins the lines of a quoted field: in a one-line-per-row table, a quote left open
            name = header[spread[0]] if spread[0] < len(header) else f"field {spread[0] + 1}"
            checker.problem(f"row {number}, {name}", "a quoted field runs on over several lines (a quote left open?); "
                            "allowed: one line per row, each quote closed")
            continue
        if len(cells) != len(header):
            checker.problem(f"row {number}", f"has {len(cells)} fields but the header has {len(header)}")
            continue
        row = _check_row(dict(zip(header, cells, strict=True)), table, number, checker)
        ident = row.get(table.id_column) if table.id_column else None
        if ident is not None:
            if ident in first_row_of:
                checker.problem(
                    f"row {number}, {table.id_column}",
                    f"duplicate id '{ident}' (first at row {first_row_of[ident]}); ids must be unique",
                )
                continue
            first_row_of[ident] = number
        items.append(row)
    return items


def _check_row(cells: dict[str, str], table: TableFile, number: int, checker: Checker) -> dict[str, Any]:
    row: dict[str, Any] = {"_row": number}
    for name, key in table.columns.items():
        cell = cells.get(name, "").strip()
        where = f"row {number}, {name}"
        if not cell:
            if key.required and name in cells:
                checker.problem(where, f"required column '{name}' is empty")
            row[name] = None
        else:
            row[name] = key.spec.parse_cell(cell, where, checker)
    return row


def read_records(folder: Path, spec: Record) -> ReadResult:
    """Read every `<id>.yaml` in a folder; the file name must equal the record's id."""
    result = ReadResult()
    if not folder.is_dir():
        result.problems.append(Problem(str(folder), "folder", "is missing; it holds one YAML file per record"))
        return result
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".yaml":
            result.problems.append(Problem(str(path), "file name", "only '<id>.yaml' files are allowed here"))
            continue
        text = read_text(path, result)
        if text is None:
            continue
        checker = Checker(str(path))
        try:
            data = load_strict(text)
        except yaml.YAMLError as error:
            checker.problem(*describe_yaml_error(error))
            result.absorb(checker)
            continue
        record = spec.check(data, "", checker)
        if record is not None and "id" in record and record["id"] != path.stem:
            checker.problem(
                "id", f"id '{record['id']}' differs from the file name '{path.name}'; the id must equal the file name"
            )
        elif record is not None and "id" in record:
            record["_file"] = str(path)
            result.items.append(record)
        result.absorb(checker)
    return result
