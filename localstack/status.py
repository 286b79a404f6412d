"""The local stack at a glance: `make status`. Health, functions with their recent invocations and
errors, queue and dead-letter depths, alarms, and the latest errors logged."""

import json
import os
import time
from collections import Counter
from pathlib import Path

import boto3
import requests
from botocore.exceptions import EndpointConnectionError

ROOT = Path(__file__).resolve().parent.parent
MINUTES = float(os.environ.get("SINCE") or 15)


def short(name: str) -> str:
    return name.removeprefix("shop-local-").rsplit("-", 1)[0]


def main() -> None:
    outputs_file = ROOT / ".local" / os.environ.get("STACK_OUTPUTS_FILE", "stack-outputs.json")
    outputs = json.loads(outputs_file.read_text())
    try:
        health = requests.get(f"{outputs['ApiUrl']}/v1/health", timeout=10)
        print(f"API {outputs['ApiUrl']}: {health.status_code} {health.text}")
    except requests.RequestException as error:
        print(f"API {outputs['ApiUrl']}: unreachable ({error.__class__.__name__})")

    logs, sqs, cloudwatch = boto3.client("logs"), boto3.client("sqs"), boto3.client("cloudwatch")
    since = int((time.time() - MINUTES * 60) * 1000)
    invocations, errors, latest_errors = Counter(), Counter(), []
    groups = [g["logGroupName"] for page in logs.get_paginator("describe_log_groups").paginate(
        logGroupNamePrefix="/aws/lambda/") for g in page["logGroups"]]
    for group in groups:
        function = short(group.rsplit("/", 1)[-1])
        for page in logs.get_paginator("filter_log_events").paginate(logGroupName=group, startTime=since):
            for event in page["events"]:
                message = event["message"]
                if message.startswith("REPORT RequestId"):
                    invocations[function] += 1
                elif '"level":"ERROR"' in message or "Task timed out" in message or '"errorType"' in message:
                    errors[function] += 1
                    latest_errors.append((event["timestamp"], function, message[:300]))

    print(f"\nFunctions (last {MINUTES:g} minutes)")
    functions = sorted(short(f["FunctionName"]) for page in boto3.client("lambda").get_paginator(
        "list_functions").paginate() for f in page["Functions"])
    print(f"  {'function':<40}{'invocations':>12}{'errors':>8}")
    for function in functions:
        marker = "  <--" if errors[function] else ""
        print(f"  {function:<40}{invocations[function]:>12}{errors[function]:>8}{marker}")

    print("\nQueues (visible / in flight)")
    urls = [u for page in sqs.get_paginator("list_queues").paginate(QueueNamePrefix="shop-local-")
            for u in page.get("QueueUrls", [])]
    for url in sorted(urls):
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
        visible = attributes["ApproximateNumberOfMessages"]
        in_flight = attributes["ApproximateNumberOfMessagesNotVisible"]
        name = url.rsplit("/", 1)[-1].removeprefix("shop-local-")
        if name.endswith("-dlq") and visible != "0":
            name += ("  <-- table changes a pipe could not publish: docs/operations.md" if name.endswith("-changes-dlq")
                     else "  <-- dead letters: make replay-dlq QUEUE=" + name.removesuffix("-dlq"))
        print(f"  {visible:>5} / {in_flight:<5} {name}")

    print("\nAlarms")
    alarms = [a for page in cloudwatch.get_paginator("describe_alarms").paginate(AlarmNamePrefix="shop-local-")
              for a in page["MetricAlarms"]]
    firing = [a for a in alarms if a["StateValue"] == "ALARM"]
    print(f"  {len(alarms)} defined, {len(firing)} in ALARM" + "".join(
        f"\n  ALARM {a['AlarmName']}: {a.get('StateReason', '')}" for a in firing))

    print("\nLatest errors")
    for timestamp, function, message in sorted(latest_errors)[-5:] or [(0, "", "none")]:
        stamp = time.strftime("%H:%M:%S", time.localtime(timestamp / 1000)) if timestamp else ""
        print(f"  {stamp} {function} {message}")


if __name__ == "__main__":
    try:
        main()
    except (EndpointConnectionError, FileNotFoundError) as error:
        raise SystemExit(f"the local stack is not running ({error}); start it with `make up`")
