"""Merged logs of every function of the local stack, oldest first: `make logs`.

    make logs                         last 10 minutes
    make logs SINCE=60                last hour
    make logs ORDER_ID=<id>           an order's whole life: its lines and every line sharing their correlation ids
    make logs CORRELATION_ID=<id>     one request and everything it caused
    make logs FOLLOW=1                keep printing new lines (Ctrl-C to stop)
"""

import argparse
import contextlib
import json
import os
import time

import boto3
from botocore.exceptions import EndpointConnectionError

NOISE = ("START RequestId", "END RequestId", "REPORT RequestId", '{"_aws"')


def log_groups(logs) -> list[str]:
    return [group["logGroupName"] for page in logs.get_paginator("describe_log_groups").paginate(
        logGroupNamePrefix="/aws/lambda/") for group in page["logGroups"]]


def fetch(logs, since_ms: int) -> list[tuple[int, str, str]]:
    lines = []
    for group in log_groups(logs):
        function = group.rsplit("/", 1)[-1]
        for page in logs.get_paginator("filter_log_events").paginate(logGroupName=group, startTime=since_ms):
            lines += [(event["timestamp"], function, event["message"].rstrip()) for event in page["events"]]
    return sorted(lines)


def parsed(message: str) -> dict | None:
    try:
        value = json.loads(message)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def matches(lines, order_id: str | None, correlation_id: str | None):
    if not (order_id or correlation_id):
        return lines
    wanted = {correlation_id} if correlation_id else set()
    if order_id:  # every correlation id that ever touched the order
        wanted |= {(parsed(m) or {}).get("correlation_id") for _, _, m in lines if order_id in m} - {None}
    return [line for line in lines
            if (order_id and order_id in line[2]) or (parsed(line[2]) or {}).get("correlation_id") in wanted
            or any(entry.rsplit(" ", 1)[-1] in wanted for entry in (parsed(line[2]) or {}).get("events", []))]


def show(lines, raw: bool) -> None:
    for timestamp, function, message in lines:
        if message.startswith(NOISE):
            continue
        short = function.removeprefix("shop-local-").rsplit("-", 1)[0].removesuffix("Function")
        stamp = time.strftime("%H:%M:%S", time.localtime(timestamp / 1000)) + f".{timestamp % 1000:03d}"
        record = parsed(message)
        if raw or record is None:
            print(f"{stamp} {short:<28} {message}")
            continue
        extras = {k: v for k, v in record.items() if k not in (
            "level", "location", "message", "timestamp", "service", "cold_start", "function_name",
            "function_memory_size", "function_arn", "function_request_id", "xray_trace_id", "correlation_id")}
        correlation = (record.get("correlation_id") or "")[:8]
        print(f"{stamp} {short:<28} {record.get('level', ''):<7} {correlation:<8} {record.get('message')} "
              f"{json.dumps(extras, separators=(',', ':')) if extras else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--since", type=float, default=float(os.environ.get("SINCE") or 10), help="minutes back")
    parser.add_argument("--order-id", default=os.environ.get("ORDER_ID") or None)
    parser.add_argument("--correlation-id", default=os.environ.get("CORRELATION_ID") or None)
    parser.add_argument("--follow", action="store_true", default=bool(os.environ.get("FOLLOW")))
    parser.add_argument("--raw", action="store_true", help="print the JSON lines as they are")
    args = parser.parse_args()
    logs = boto3.client("logs")
    since = int((time.time() - args.since * 60) * 1000)
    seen: set[tuple[int, str, str]] = set()
    while True:
        lines = [line for line in matches(fetch(logs, since), args.order_id, args.correlation_id) if line not in seen]
        show(lines, args.raw)
        seen.update(lines)
        if not args.follow:
            break
        if lines:
            since = max(since, lines[-1][0] - 5000)  # overlap a little: the emulator delivers lines late
        time.sleep(2)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        try:
            main()
        except EndpointConnectionError as error:
            raise SystemExit(f"the local stack is not running ({error}); start it with `make up`")
