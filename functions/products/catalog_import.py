"""A catalog file's lines as products to import, in plain Python (no AWS): parsing JSON lines or CSV,
validating each line with the rules of POST /v1/products (catalog.ImportLine), and grouping the
writes into transactions. import_catalog.py runs an import; product_table.py writes it."""

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pydantic import ValidationError

from catalog import ImportLine

COLUMNS = ("sku", "id", "name", "description", "category", "price", "currency", "stock")
_WHOLE_NUMBER = re.compile(r"^[0-9]{1,12}$")
MAX_LINE_BYTES = 64 * 1024  # as a POST body


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    backfilled: int = 0

    @property
    def lines(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.rejected)


def problems(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in error.errors()[:5])


def _csv_values(row: dict) -> dict:
    """CSV has only text: whole numbers become integers (as in JSON), empty cells are left out, and
    everything else stays text for the model to judge ("89.99" is refused as a price, not rounded)."""
    values = {}
    for key, value in row.items():
        if key is None or value is None or value == "":
            continue
        values[key] = int(value) if key in ("price", "stock") and _WHOLE_NUMBER.match(value) else value
    return values


def raw_lines(lines: Iterable[str], fmt: str) -> Iterator[tuple[int, dict | str]]:
    """(line number, the line's fields or why it is not readable). Line numbers count the file's
    lines from 1, the CSV header included."""
    if fmt == "csv":
        reader = csv.DictReader(lines)
        unknown = set(reader.fieldnames or ()) - set(COLUMNS)
        if unknown:
            raise ValueError(f"unknown CSV columns: {', '.join(sorted(unknown))} (known: {', '.join(COLUMNS)})")
        for row in reader:
            if None in row:
                yield reader.line_num, "more cells than columns"
            else:
                yield reader.line_num, _csv_values(row)
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if len(line.encode("utf-8", "surrogatepass")) > MAX_LINE_BYTES:
            yield number, f"longer than {MAX_LINE_BYTES} bytes"
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as error:
            yield number, f"not JSON: {str(error)[:100]}"
            continue
        yield number, value if isinstance(value, dict) else "not a JSON object"


def parse(lines: Iterable[str], fmt: str) -> Iterator[tuple[int, ImportLine | str]]:
    """(line number, the line as a product, or the reason it is rejected). A sku or id given on an
    earlier line rejects the later one (which of the two would win is not obvious)."""
    seen: dict[str, int] = {}
    for number, raw in raw_lines(lines, fmt):
        if isinstance(raw, str):
            yield number, raw
            continue
        try:
            line = ImportLine.model_validate(raw)
        except ValidationError as error:
            yield number, problems(error)
            continue
        keys = [f"sku {line.sku}"] * bool(line.sku) + [f"id {line.id}"] * bool(line.id)
        earlier = next((seen[k] for k in keys if k in seen), None)
        if earlier is not None:
            yield number, f"{keys[0]} is also on line {earlier}"
            continue
        seen.update(dict.fromkeys(keys, number))
        yield number, line


def groups(writes: list, size_of, limit: int) -> list[list]:
    """Consecutive writes packed into groups of at most `limit` items (`size_of(write)` each)."""
    packed: list[list] = []
    used = limit
    for write in writes:
        size = size_of(write)
        if used + size > limit:
            packed.append([])
            used = 0
        packed[-1].append(write)
        used += size
    return packed
