"""Move the messages of a dead-letter queue back to its queue, after the bug that stopped them is
fixed: `make replay-dlq QUEUE=orders-on-payment-result` (the queue's name without `shop-<stage>-`).

It receives, re-sends and deletes one message at a time, so it works wherever SQS does (the local
emulator has no StartMessageMoveTask). Consumers are idempotent, so a message replayed twice is
harmless. STAGE (default local) picks the stack; on AWS run it with AWS credentials and
AWS_ENDPOINT_URL unset, or use the console's "Start DLQ redrive".
"""

import os
import sys

import boto3


def replay(queue: str, stage: str) -> int:
    sqs = boto3.client("sqs")
    name = queue if queue.startswith("shop-") else f"shop-{stage}-{queue}"
    name = name.removesuffix("-dlq")
    source = sqs.get_queue_url(QueueName=f"{name}-dlq")["QueueUrl"]
    target = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    moved = 0
    while True:
        messages = sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                       MessageAttributeNames=["All"]).get("Messages", [])
        if not messages:
            return moved
        for message in messages:
            attributes = message.get("MessageAttributes") or {}
            sqs.send_message(QueueUrl=target, MessageBody=message["Body"],
                             **({"MessageAttributes": attributes} if attributes else {}))
            sqs.delete_message(QueueUrl=source, ReceiptHandle=message["ReceiptHandle"])
            moved += 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make replay-dlq QUEUE=<queue name, e.g. orders-on-payment-result>")
    count = replay(sys.argv[1], os.environ.get("STAGE", "local"))
    print(f"replayed {count} message(s) from {sys.argv[1]}-dlq")
