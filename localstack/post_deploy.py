"""After `sam deploy` into the local emulator: make the stack usable from this machine.

- writes .local/stack-outputs.json (ApiUrl rewritten to the emulator's execute-api address);
- re-applies settings from template.yaml that the emulator accepts but ignores on create
  (API CORS, table TTL), so local behaviour matches AWS. See docs/decisions.md, "Emulator gaps".
"""

import json
import os
import sys
from pathlib import Path

import boto3

ROOT = Path(__file__).resolve().parent.parent
STACK = os.environ.get("STACK_NAME", "shop-local")


def stack_outputs(cloudformation) -> dict[str, str]:
    stack = cloudformation.describe_stacks(StackName=STACK)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def local_api_url(outputs: dict[str, str]) -> str:
    endpoint = os.environ["AWS_ENDPOINT_URL"].rstrip("/")
    # The emulator wants the stage in the path; "$" is percent-encoded so the URL survives a shell.
    stage = outputs["StageName"].replace("$", "%24")
    return f"{endpoint}/_aws/execute-api/{outputs['ApiId']}/{stage}"


def emulator_state_dir() -> Path:
    """Where the bundled emulator keeps its state (see emulator.sh). Tests read the user pool's
    signing keys there to mint tokens the gateway must refuse, such as a validly signed expired one."""
    port = os.environ["AWS_ENDPOINT_URL"].rstrip("/").rsplit(":", 1)[-1]
    return ROOT / os.environ.get("EMULATOR_DIR", f".local/emulator-{port}") / "state"


def reapply_cors(apigateway, cloudformation, api_id: str) -> None:
    template = cloudformation.get_template(StackName=STACK, TemplateStage="Processed")["TemplateBody"]
    if isinstance(template, str):
        template = json.loads(template)
    cors = template["Resources"]["HttpApi"]["Properties"].get("CorsConfiguration")
    if not cors:
        return
    parameters = {p["ParameterKey"]: p.get("ResolvedValue", p["ParameterValue"])
                  for p in cloudformation.describe_stacks(StackName=STACK)["Stacks"][0].get("Parameters", [])}
    # The template's answer for the local stage: the origins given, else any (HttpApi's AllowOrigins).
    given = parameters.get("CorsAllowedOrigins", "")
    origins = given.split(",") if given else ["*"]
    apigateway.update_api(ApiId=api_id, CorsConfiguration={**cors, "AllowOrigins": origins})


def reapply_time_to_live(dynamodb, cloudformation) -> None:
    """Tables whose template declares TTL (carts, idempotency records) get it switched on."""
    template = cloudformation.get_template(StackName=STACK, TemplateStage="Processed")["TemplateBody"]
    if isinstance(template, str):
        template = json.loads(template)
    physical = {r["LogicalResourceId"]: r["PhysicalResourceId"]
                for r in cloudformation.describe_stack_resources(StackName=STACK)["StackResources"]}
    for name, resource in template["Resources"].items():
        ttl = resource.get("Properties", {}).get("TimeToLiveSpecification")
        if resource["Type"] == "AWS::DynamoDB::Table" and ttl and ttl.get("Enabled"):
            current = dynamodb.describe_time_to_live(TableName=physical[name])["TimeToLiveDescription"]
            if current.get("TimeToLiveStatus") not in ("ENABLED", "ENABLING"):
                dynamodb.update_time_to_live(TableName=physical[name], TimeToLiveSpecification={
                    "AttributeName": ttl["AttributeName"], "Enabled": True})


# A laptop is not a fleet: each function may run this many invocations at once locally (the
# emulator starts one process per concurrent invocation and throttles the rest with a 429, which
# clients retry). Unbounded, 20 clients starting together set off 60 cold starts on 2 cores and
# served 0.9 requests/s for a minute (docs/performance.md, "Load"). On AWS nothing is capped.
LOCAL_CONCURRENCY = 3
# The routes a first visit to the storefront calls, given a warm process at deploy, so a developer's
# first page does not wait for their cold starts one after another.
WARMED_AT_DEPLOY = ("ListProducts", "GetProduct", "LogIn", "RefreshTokens", "GetCart", "ListMyOrders",
                    "GetOrder", "PlaceOrder", "GetMyProfile", "ListMyAddresses")
# Of those, the ones many shoppers call at once (the storefront's pages, `make load`'s mix) get as
# many processes as their cap, and so do the consumers an order passes through, paid or cancelled:
# otherwise the first minute of a burst is those processes' cold starts, one CPU-second each on a
# machine of two cores, and every request waits behind them (docs/performance.md, "Warm to the cap
# at deploy").
WARMED_TO_CAP = ("ListProducts", "GetProduct", "LogIn", "PlaceOrder", "ListMyOrders", "GetOrder")
ORDER_PATH_CONSUMERS = ("ProductsOnOrderCreated", "PaymentsOnPaymentRequested", "PaymentsOnStockReserved",
                        "OrdersOnPaymentResult", "ShippingOnOrderPaid", "OrdersOnShipmentProgress",
                        "ProductsOnProductChanged",
                        # and a cancelled order's (stock ran out, payment declined)
                        "OrdersOnStockRejected", "PaymentsOnOrderCancelled", "ProductsOnOrderCancelled",
                        "ShippingOnOrderCancelled")
# A request no route matches (a 404 that touches nothing) and a batch of no messages.
WARM_UP_REQUEST = json.dumps({"version": "2.0", "rawPath": "/warm-up", "rawQueryString": "", "headers": {},
                              "requestContext": {"http": {"method": "GET", "path": "/warm-up"}, "requestId": "warm-up",
                                                 "stage": "$default"},
                              "isBase64Encoded": False})
WARM_UP_BATCH = json.dumps({"Records": []})


def stack_functions(cloudformation) -> dict[str, str]:
    """Function name as in the template, without its `Function` suffix -> its physical name."""
    return {r["LogicalResourceId"].removesuffix("Function"): r["PhysicalResourceId"]
            for r in cloudformation.describe_stack_resources(StackName=STACK)["StackResources"]
            if r["ResourceType"] == "AWS::Lambda::Function"}


def template_mappings() -> dict:
    """template.yaml's Mappings (its Routes, the local stage's settings)."""
    sys.path.insert(0, str(ROOT))
    from tests.template import template

    return template()["Mappings"]


def bound_and_warm(lambda_client, functions: dict[str, str]) -> None:
    """Cap each route's function at LOCAL_CONCURRENCY; then start that many processes of each
    function in WARMED_TO_CAP (all at once, so none finds another's process free), as many as a
    consumer's trigger runs of each in ORDER_PATH_CONSUMERS, and one of each other function in
    WARMED_AT_DEPLOY. Two functions at a time: the machine has two cores."""
    from concurrent.futures import ThreadPoolExecutor

    mappings = template_mappings()
    for route in mappings["Routes"]:
        lambda_client.put_function_concurrency(FunctionName=functions[route],
                                               ReservedConcurrentExecutions=LOCAL_CONCURRENCY)
    consumer_concurrency = int(mappings["StageSettings"]["local"]["ConsumerConcurrency"])
    warm = [(route, LOCAL_CONCURRENCY, WARM_UP_REQUEST) for route in WARMED_TO_CAP]
    warm += [(consumer, consumer_concurrency, WARM_UP_BATCH) for consumer in ORDER_PATH_CONSUMERS]
    warm += [(route, 1, WARM_UP_REQUEST) for route in WARMED_AT_DEPLOY if route not in WARMED_TO_CAP]

    def start(name: str, processes: int, payload: str) -> None:
        with ThreadPoolExecutor(max_workers=processes) as at_once:
            list(at_once.map(lambda _: lambda_client.invoke(FunctionName=functions[name], Payload=payload),
                             range(processes)))

    unknown = {name for name, _, _ in warm} - set(functions)
    if unknown:
        raise SystemExit(f"post_deploy: no such function to warm: {sorted(unknown)} (renamed in template.yaml?)")
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda job: start(*job), warm))


def main() -> None:
    session = boto3.session.Session()
    cloudformation = session.client("cloudformation")
    outputs = stack_outputs(cloudformation)
    reapply_cors(session.client("apigatewayv2"), cloudformation, outputs["ApiId"])
    reapply_time_to_live(session.client("dynamodb"), cloudformation)
    bound_and_warm(session.client("lambda"), stack_functions(cloudformation))
    outputs = {**outputs, "ApiUrl": local_api_url(outputs), "AwsApiUrl": outputs["ApiUrl"],
               "EndpointUrl": os.environ["AWS_ENDPOINT_URL"], "Region": session.region_name,
               "EmulatorStateDir": str(emulator_state_dir())}
    target = ROOT / ".local" / os.environ.get("STACK_OUTPUTS_FILE", "stack-outputs.json")
    target.write_text(json.dumps(outputs, indent=2, sort_keys=True) + "\n")
    print(f"==> stack outputs in {target.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
