"""Bulk import of a catalog file: `make import-catalog FILE=products.jsonl` (or .csv).

An admin tool, run with the product service's own table access (like infra/make_admin.py with the
user pool), not an API route: docs/decisions.md, "Catalog import". Each line is validated with the
rules of POST /v1/products (catalog.ImportLine) and recognised by its `sku` (or `id`): a re-run
updates the products whose line changed and leaves the others alone. A product and its index items
are written in one transaction, several products per transaction (at most 100 items), each
transaction with the batch item that publishes its products as one catalog.imported event.
Before importing, products written before listings were sharded are given their index keys
(a one-off backfill; `--backfill-only` does just that).

Against the local stack by default (.local/stack-outputs.json); with STACK_NAME set and
AWS_ENDPOINT_URL unset, against that stack on AWS.
"""

import argparse
import concurrent.futures
import itertools
import json
import os
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MAX_REJECTS_SHOWN = 50
CHUNK_LINES = 500  # lines resolved (skus, current products) with one BatchGetItem per 100
WORKERS = 4  # transactions in flight at once


def _configure() -> None:
    """The table and a quiet logger, before product_table is imported (it reads them at import)."""
    if "PRODUCTS_TABLE" not in os.environ:
        local = ROOT / ".local" / "stack-outputs.json"
        if os.environ.get("AWS_ENDPOINT_URL") and local.exists():
            os.environ["PRODUCTS_TABLE"] = json.loads(local.read_text())["ProductsTableName"]
        else:
            import boto3

            stack = boto3.client("cloudformation").describe_stacks(StackName=os.environ.get("STACK_NAME", "shop-local"))
            outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Stacks"][0]["Outputs"]}
            os.environ["PRODUCTS_TABLE"] = outputs["ProductsTableName"]
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "products-import")
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "Shop")


class Progress:
    """A one-line progress bar on stderr (no dependency): done/total, rate, and the counts so far."""

    def __init__(self, total: int, quiet: bool = False) -> None:
        self.total, self.quiet, self.start, self.shown = max(total, 1), quiet, time.monotonic(), 0.0

    def show(self, done: int, summary, final: bool = False) -> None:
        now = time.monotonic()
        if self.quiet or (not final and now - self.shown < 0.2):
            return
        self.shown = now
        width = 30
        filled = int(width * done / self.total)
        rate = done / max(now - self.start, 1e-9)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{self.total:,} lines "
                         f"{rate:,.0f}/s  created {summary.created:,} updated {summary.updated:,} "
                         f"unchanged {summary.unchanged:,} rejected {len(summary.rejected):,}")
        if final:
            sys.stderr.write("\n")
        sys.stderr.flush()


def backfill(summary) -> None:
    import product_table

    while batch := product_table.legacy_products():
        summary.backfilled += sum(product_table.backfill(record) for record in batch)


def _reason(error) -> str:
    from shop.tables import cancellation_reasons

    if "ConditionalCheckFailed" in cancellation_reasons(error):
        return "its sku belongs to another product, or the product changed while importing: run the import again"
    return f"not written: {str(error)[:200]}"


def _write_group(group: list, import_id: str, batch_ids, known_shards: set) -> tuple[int, int, list[tuple[int, str]]]:
    """group: (line number, record, current or None), written in one transaction; if it fails,
    product by product, so one bad line costs only itself. Returns (created, updated, rejected)."""
    from pynamodb.exceptions import TransactWriteError

    import product_table

    created, updated, rejected = 0, 0, []
    attempts = [group]
    while attempts:
        attempt = attempts.pop(0)
        try:
            product_table.write_import_batch(f"IMPORT#{import_id}#{next(batch_ids)}", import_id,
                                             [(record, current) for _, record, current in attempt], known_shards)
        except TransactWriteError as error:
            if len(attempt) > 1:
                attempts += [[write] for write in attempt]
            else:
                rejected.append((attempt[0][0], _reason(error)))
            continue
        created += sum(current is None for _, _, current in attempt)
        updated += sum(current is not None for _, _, current in attempt)
    return created, updated, rejected


def _plan(lines: list, import_id: str, summary) -> list:
    """The writes a chunk of lines needs, (line number, record, current or None); unchanged lines
    and lines whose sku and id disagree are counted here."""
    import product_table

    by_sku = product_table.products_by_sku([line.sku for _, line in lines if line.sku])
    ids = {number: by_sku.get(line.sku) or line.id for number, line in lines}
    current = product_table.products_by_id(sorted({i for i in ids.values() if i}))
    writes = []
    for number, line in lines:
        product_id = ids[number]
        if line.id and line.sku and by_sku.get(line.sku) not in (None, line.id):
            summary.rejected.append((number, f"sku {line.sku} belongs to product {by_sku[line.sku]}, not {line.id}"))
            continue
        existing = current.get(product_id) if product_id else None
        if existing is None and line.id and not by_sku.get(line.sku):
            # The shop makes a new product's id; an id no product has may be a deleted one, whose
            # versions the orders service remembers (a version 1 would never reach its price copy).
            summary.rejected.append((number, f"no product has id {line.id}; give a new product a sku, not an id"))
            continue
        record = product_table.import_record(line, product_id, existing, import_id, batch=import_id)
        if record is None:
            summary.unchanged += 1
        else:
            writes.append((number, record, existing))
    return writes


def run(path: Path, quiet: bool = False, backfill_only: bool = False, workers: int = WORKERS):
    """Import a file; returns the Summary (created, updated, unchanged, rejected lines)."""
    _configure()
    import catalog_import

    summary = catalog_import.Summary()
    backfill(summary)
    if backfill_only:
        return summary
    fmt = "csv" if path.suffix.lower() == ".csv" else "jsonl"
    with path.open(encoding="utf-8", newline="") as counting:
        total = sum(1 for _ in counting) - (1 if fmt == "csv" else 0)
    progress = Progress(total, quiet)
    import_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    batch_ids = itertools.count(1)  # thread-safe enough: next() on a count is atomic under the GIL
    in_flight: set = set()
    known_shards: set = set()  # directories only grow: each (directory, shard) is added once per import

    def settle(futures) -> None:
        for future in futures:
            created, updated, rejected = future.result()
            summary.created += created
            summary.updated += updated
            summary.rejected += rejected
            in_flight.discard(future)

    def submit(pending: list) -> None:
        import catalog_import
        import product_table

        def size(write) -> int:
            _, record, current = write
            return product_table.items_per_product(record, current.name if current else None)

        for group in catalog_import.groups(_plan(pending, import_id, summary), size,
                                           product_table.TRANSACTION_ITEMS - 1):
            while len(in_flight) >= workers * 2:
                settle(concurrent.futures.wait(in_flight, return_when="FIRST_COMPLETED").done)
            in_flight.add(pool.submit(_write_group, group, import_id, batch_ids, known_shards))

    with path.open(encoding="utf-8", newline="") as lines, \
            concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        pending: list = []
        for number, line in catalog_import.parse(lines, fmt):
            if isinstance(line, str):
                summary.rejected.append((number, line))
            else:
                pending.append((number, line))
            if len(pending) >= CHUNK_LINES:
                submit(pending)
                pending = []
                settle([f for f in list(in_flight) if f.done()])
            progress.show(summary.lines, summary)
        if pending:
            submit(pending)
        settle(list(in_flight))
    progress.show(summary.lines, summary, final=True)
    summary.rejected.sort()
    return summary


def report(summary) -> str:
    lines = [f"created {summary.created:,}, updated {summary.updated:,}, unchanged {summary.unchanged:,}, "
             f"rejected {len(summary.rejected):,}" + (f" (backfilled {summary.backfilled:,} older products)"
                                                      if summary.backfilled else "")]
    lines += [f"  line {number}: {reason}" for number, reason in summary.rejected[:MAX_REJECTS_SHOWN]]
    if len(summary.rejected) > MAX_REJECTS_SHOWN:
        lines.append(f"  ... and {len(summary.rejected) - MAX_REJECTS_SHOWN:,} more rejected lines")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Import a catalog file (JSON lines or CSV) into the products table.")
    parser.add_argument("file", nargs="?", type=Path, help="products.jsonl or products.csv")
    parser.add_argument("--backfill-only", action="store_true", help="only give older products their index keys")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--workers", type=int, default=WORKERS, help="transactions in flight at once")
    args = parser.parse_args()
    if not args.backfill_only and (args.file is None or not args.file.is_file()):
        parser.error("give the catalog file: make import-catalog FILE=products.jsonl")
    summary = run(args.file, quiet=args.quiet, backfill_only=args.backfill_only, workers=max(1, args.workers))
    print(report(summary))
    sys.exit(1 if summary.rejected else 0)


if __name__ == "__main__":
    sys.path[:0] = [str(HERE), str(ROOT / "layers" / "shared" / "python")]  # as in the service's package
    main()
