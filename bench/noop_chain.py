"""The floor under POST /v1/orders → PAID, for `make bench`: the same hops with nothing in them,
built beside the stack on the same emulator and timed in the same run.

An order reaches PAID through a function that writes (PlaceOrder) and three hops of table
stream → pipe → topic → queue → function that writes (stock reserved, payment charged, order
paid). The chain here is that with empty functions: `bench-noop-0` is invoked and writes an item
to table 0; table k's pipe publishes the change on topic k, whose queue feeds function k+1, which
writes the item to table k+1; the time is from the invocation to the last function's write (its
own clock, as the order's PAID time is the order service's). Everything is deleted afterwards.
"""

import io
import json
import statistics
import time
import uuid
import zipfile

import boto3

HOPS = 3
PREFIX = "bench-noop"
ROLE = "arn:aws:iam::000000000000:role/bench-noop"

HANDLER = '''
import json, os, time
import boto3

dynamodb = boto3.client("dynamodb")


def handler(event, context):
    ids = [event["id"]] if "id" in event else [
        json.loads(r["body"])["dynamodb"]["NewImage"]["id"]["S"] for r in event["Records"]]
    for item_id in ids:
        dynamodb.put_item(TableName=os.environ["NEXT_TABLE"],
                          Item={"id": {"S": item_id}, "at": {"N": repr(time.time())}})
    return {"batchItemFailures": []}
'''


def _code() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("noop.py", HANDLER)
    return buffer.getvalue()


class Chain:
    def __init__(self, outputs: dict):
        kwargs = {"endpoint_url": outputs["EndpointUrl"], "region_name": outputs["Region"]}
        self.dynamodb, self.lam = boto3.client("dynamodb", **kwargs), boto3.client("lambda", **kwargs)
        self.sns, self.sqs, self.pipes = (boto3.client("sns", **kwargs), boto3.client("sqs", **kwargs),
                                          boto3.client("pipes", **kwargs))
        self.logs = boto3.client("logs", **kwargs)
        self.tables = [f"{PREFIX}-{k}" for k in range(HOPS + 1)]
        self.topics, self.queues, self.mappings = [], [], []

    def build(self) -> None:
        for table in self.tables:
            self.dynamodb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                                       AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                                       KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                                       StreamSpecification={"StreamEnabled": True,
                                                            "StreamViewType": "NEW_AND_OLD_IMAGES"})
        code = _code()
        for k in range(HOPS + 1):
            self.lam.create_function(FunctionName=f"{PREFIX}-{k}", Runtime="python3.12", Role=ROLE,
                                     Handler="noop.handler", Code={"ZipFile": code}, Timeout=30, MemorySize=512,
                                     Environment={"Variables": {"NEXT_TABLE": self.tables[k]}})
        for k in range(HOPS):  # table k → pipe → topic k → queue k → function k+1
            stream = self.dynamodb.describe_table(TableName=self.tables[k])["Table"]["LatestStreamArn"]
            topic = self.sns.create_topic(Name=f"{PREFIX}-{k}")["TopicArn"]
            queue_url = self.sqs.create_queue(QueueName=f"{PREFIX}-{k}")["QueueUrl"]
            queue = self.sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"][
                "QueueArn"]
            self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue,
                               Attributes={"RawMessageDelivery": "true"})
            self.pipes.create_pipe(Name=f"{PREFIX}-{k}", RoleArn=ROLE, Source=stream, Target=topic,
                                   SourceParameters={"DynamoDBStreamParameters": {"StartingPosition": "LATEST"}})
            self.mappings.append(self.lam.create_event_source_mapping(
                FunctionName=f"{PREFIX}-{k + 1}", EventSourceArn=queue, BatchSize=10)["UUID"])
            self.topics.append(topic)
            self.queues.append(queue_url)

    def run_once(self) -> float:
        item_id = str(uuid.uuid4())
        started = time.time()
        self.lam.invoke(FunctionName=f"{PREFIX}-0", Payload=json.dumps({"id": item_id}))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            item = self.dynamodb.get_item(TableName=self.tables[-1], Key={"id": {"S": item_id}}).get("Item")
            if item:
                return float(item["at"]["N"]) - started
            time.sleep(0.02)
        raise RuntimeError("the no-op chain did not finish in 60 s")

    def remove(self, quiet: bool = False) -> None:
        for action in ([lambda u=u: self.lam.delete_event_source_mapping(UUID=u) for u in self.mappings]
                       + [lambda k=k: self.pipes.delete_pipe(Name=f"{PREFIX}-{k}") for k in range(HOPS)]
                       + [lambda t=t: self.sns.delete_topic(TopicArn=t) for t in self.topics]
                       + [lambda q=q: self.sqs.delete_queue(QueueUrl=q) for q in self.queues]
                       + [lambda k=k: self.lam.delete_function(FunctionName=f"{PREFIX}-{k}") for k in range(HOPS + 1)]
                       + [lambda t=t: self.dynamodb.delete_table(TableName=t) for t in self.tables]
                       + [lambda k=k: self.logs.delete_log_group(logGroupName=f"/aws/lambda/{PREFIX}-{k}")
                          for k in range(HOPS + 1)]):
            try:
                action()
            except Exception as error:  # leave nothing behind that can be removed
                if not quiet:
                    print(f"  (cleanup: {error})")


def noop_chain_p50(outputs: dict, runs: int = 15) -> float:
    """Median seconds through the chain (after two warm-up runs)."""
    chain = Chain(outputs)
    chain.remove(quiet=True)  # what an interrupted earlier run left
    try:
        chain.build()
        for _ in range(2):
            chain.run_once()
        return statistics.median(chain.run_once() for _ in range(runs))
    finally:
        chain.remove()
