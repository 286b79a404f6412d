"""Counts the AWS API calls a function makes per invocation, so each invocation's closing log line
can say what it cost ("aws_calls": {"DynamoDB.GetItem": 1, ...}); `make bench` adds them up.

botocore copies BUILTIN_HANDLERS into every session it creates, boto3's and PynamoDB's alike, so
this must be imported before any client exists: `shop/__init__.py` does it.
"""

from collections import Counter

import botocore.handlers

_calls: Counter = Counter()
_ITEM_LISTS = {"TransactWriteItems": "TransactItems", "TransactGetItems": "TransactItems",
               "PublishBatch": "PublishBatchRequestEntries"}


def _count(model, params, **_kwargs) -> None:
    name = f"{model.service_model.service_id.replace(' ', '')}.{model.name}"
    _calls[name] += 1
    if model.name in _ITEM_LISTS:  # billed per item: count those too
        _calls[f"{name}.items"] += len(params.get(_ITEM_LISTS[model.name], []))
    elif model.name == "BatchGetItem":
        _calls[f"{name}.items"] += sum(len(t.get("Keys", [])) for t in params.get("RequestItems", {}).values())


def start_invocation() -> None:
    _calls.clear()


def made() -> dict[str, int]:
    return dict(_calls)


if ("before-parameter-build", _count) not in botocore.handlers.BUILTIN_HANDLERS:
    botocore.handlers.BUILTIN_HANDLERS.append(("before-parameter-build", _count))
