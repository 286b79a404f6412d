"""The code, the template and the OpenAPI document agree with each other."""

import json
import tomllib
from pathlib import Path

import pytest

from infra.openapi import OUTPUT, generate, render
from tests.template import api_routes, inline_sub, resources, template

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = resources("AWS::Serverless::Function")


def target_integration(route: dict) -> str:
    """The logical id of the integration a route targets (`integrations/${...}`)."""
    return inline_sub(route["Target"])["Fn::Sub"].removeprefix("integrations/${").removesuffix("}")


def openapi_operations() -> dict[str, dict]:
    document = json.loads(OUTPUT.read_text())
    return {f"{method.upper()} {path}": op for path, ops in document["paths"].items() for method, op in ops.items()}


def test_the_committed_openapi_document_is_generated_from_the_current_code():
    assert OUTPUT.read_text() == render(generate()), "run `make openapi` and commit functions/platform/openapi.json"


def test_every_template_route_is_in_the_openapi_document_and_the_other_way_round():
    assert set(api_routes()) == set(openapi_operations())


def test_routes_behind_the_jwt_authorizer_are_the_ones_documented_with_bearer_auth():
    operations = openapi_operations()
    for route_key, route in api_routes().items():
        needs_token = route.get("AuthorizationType") == "JWT"
        assert needs_token == bool(operations[route_key].get("security")), route_key
        if needs_token:
            assert route["AuthorizerId"] == {"Ref": "JwtAuthorizer"}, route_key


def test_every_route_is_versioned_and_wired_to_a_function_that_may_be_invoked():
    integrations = resources("AWS::ApiGatewayV2::Integration")
    permissions = {p["Properties"]["FunctionName"]["Ref"] for p in resources("AWS::Lambda::Permission").values()}
    for route_key, route in api_routes().items():
        assert route_key.split(" ")[1].startswith("/v1/"), route_key
        integration = integrations[target_integration(route)]
        function = integration["Properties"]["IntegrationUri"]["Fn::GetAtt"][0]
        assert integration["Properties"]["PayloadFormatVersion"] == "2.0"
        assert function in permissions, f"{function} has no lambda:InvokeFunction permission"


def test_every_function_handler_exists_and_has_a_log_group_with_retention():
    log_groups = {
        inline_sub(group["Properties"]["LogGroupName"])["Fn::Sub"]: group["Properties"]
        for group in resources("AWS::Logs::LogGroup").values()
    }
    for name, function in FUNCTIONS.items():
        module, _ = function["Properties"]["Handler"].split(".")
        assert (ROOT / function["Properties"]["CodeUri"] / f"{module}.py").is_file(), name
        assert log_groups[f"/aws/lambda/${{{name}}}"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}, name


def policies(function: dict) -> list[dict]:
    """A function's policy documents, with both branches of a conditional one (`!If`)."""
    found = []
    for policy in function["Properties"].get("Policies", []):
        branches = policy["Fn::If"][1:] if "Fn::If" in policy else [policy]
        found += [branch for branch in branches if branch != {"Ref": "AWS::NoValue"}]
    return found


def test_iam_is_scoped_no_wildcard_actions_or_resources():
    for name, function in FUNCTIONS.items():
        for policy in policies(function):
            for statement in policy.get("Statement", []):
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                assert all("*" not in action for action in actions), name
                assert statement["Resource"] != "*", name


def test_every_function_has_a_sample_event():
    for function in FUNCTIONS.values():
        service = Path(function["Properties"]["CodeUri"]).name
        module = function["Properties"]["Handler"].split(".")[0]
        assert (ROOT / "events" / service / f"{module}.json").is_file(), f"events/{service}/{module}.json"


def route_functions() -> dict[str, dict]:
    """RouteKey -> the properties of the function the route invokes."""
    integrations = resources("AWS::ApiGatewayV2::Integration")
    found = {}
    for route_key, route in api_routes().items():
        integration = integrations[target_integration(route)]
        found[route_key] = FUNCTIONS[integration["Properties"]["IntegrationUri"]["Fn::GetAtt"][0]]["Properties"]
    return found


def test_every_operation_documents_every_status_it_can_answer():
    """401 behind the authorizer, 403 on admin routes, 404 where an id is in the path, 400/413/422 for a
    body, 422 for validated parameters, 409 with an Idempotency-Key, 429 everywhere (stage throttling);
    never a 5xx but a documented 503, and 422 only where something is validated."""
    functions = route_functions()
    for route_key, operation in openapi_operations().items():
        statuses = {int(status) for status in operation["responses"]}
        parameters = operation.get("parameters", [])
        expected = {429}
        if operation.get("security"):
            expected.add(401)
        if "(admin)" in functions[route_key].get("Description", ""):
            expected |= {401, 403}
        if any(p["in"] == "path" for p in parameters):
            expected.add(404)
        if "requestBody" in operation:
            expected |= {400, 413, 422}
        if any(p["in"] in ("query", "header") for p in parameters):
            expected.add(422)
        if any(p["name"].lower() == "idempotency-key" for p in parameters):
            expected.add(409)
        assert expected <= statuses, f"{route_key} does not document {sorted(expected - statuses)}"
        # The only 5xx an operation documents is 503 with Retry-After: a service it needs is down.
        assert [s for s in statuses if s >= 500] in ([], [503]), route_key
        validates = "requestBody" in operation or any(p["in"] in ("query", "header") for p in parameters)
        assert (422 in statuses) == validates, route_key
        assert any(200 <= s < 300 for s in statuses), route_key


def test_every_error_response_has_the_one_error_shape_and_path_ids_their_pattern():
    from shop.api import ID_PATTERN
    from shop.errors import MAX_DETAILS

    document = json.loads(OUTPUT.read_text())
    error_body = document["components"]["schemas"]["ErrorBody"]
    assert error_body["required"] == ["message"]  # the gateway's own 401 is {"message": "Unauthorized"}
    assert set(error_body["properties"]) == {"message", "code", "details"}
    assert error_body["properties"]["details"]["maxItems"] == MAX_DETAILS
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for route_key, operation in openapi_operations().items():
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, f"{route_key} {status}"
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"]["pattern"] == ID_PATTERN, route_key


# ---------------------------------------------------------------- payments: which provider, per stage

def _evaluate(expression, parameters: dict):
    """A rule's condition or assertion with the given parameters (the few functions Rules use here)."""
    if not isinstance(expression, dict):
        return expression
    [(function, argument)] = expression.items()
    if function == "Ref":
        return parameters[argument]
    values = [_evaluate(item, parameters) for item in (argument if isinstance(argument, list) else [argument])]
    if function == "Fn::Equals":
        return values[0] == values[1]
    if function == "Fn::Not":
        return not values[0]
    if function == "Fn::And":
        return all(values)
    if function == "Fn::Or":
        return any(values)
    raise AssertionError(f"{function} is not evaluated by this test")


def refused_by_rules(**given: str) -> list[str]:
    """The template's Rules whose assertions fail for these parameter values (others at their default)."""
    parameters = {name: p.get("Default") for name, p in template()["Parameters"].items()} | given
    refused = []
    for name, rule in template().get("Rules", {}).items():
        applies = _evaluate(rule.get("RuleCondition", True), parameters)
        if applies and not all(_evaluate(a["Assert"], parameters) for a in rule["Assertions"]):
            refused.append(name)
    return refused


def samconfig_parameters(environment: str) -> dict[str, str]:
    config = tomllib.loads((ROOT / "samconfig.toml").read_text())[environment]["deploy"]["parameters"]
    return dict(word.split("=", 1) for word in config["parameter_overrides"].split())


@pytest.mark.parametrize(("parameters", "refused"), [
    ({"Stage": "prod", "PaymentProvider": "simulated"}, True),
    ({"Stage": "prod"}, True),  # the default provider is the simulated one
    ({"Stage": "prod", "PaymentProvider": "stripe", "StripeSecretName": ""}, True),
    ({"Stage": "dev", "PaymentProvider": "stripe"}, True),  # stripe without its secret
    ({"Stage": "prod", "PaymentProvider": "stripe", "StripeSecretName": "shop/prod/stripe"}, False),
    ({"Stage": "dev", "PaymentProvider": "stripe", "StripeSecretName": "shop/dev/stripe"}, False),
    ({"Stage": "dev"}, False),
    ({"Stage": "local", "PaymentProvider": "simulated"}, False),
])
def test_the_template_refuses_prod_with_the_simulated_payment_provider(parameters, refused):
    assert bool(refused_by_rules(**parameters)) == refused


def test_samconfig_charges_real_payments_in_prod_only():
    prod = samconfig_parameters("prod")
    assert prod["PaymentProvider"] == "stripe" and prod["StripeSecretName"]
    assert refused_by_rules(**prod) == []
    for environment in ("default", "dev", "local"):
        others = samconfig_parameters(environment)
        assert others.get("PaymentProvider", "simulated") == "simulated", environment
        assert refused_by_rules(**others) == [], environment


def test_only_the_payment_consumers_choose_a_provider_and_read_the_stripe_secret_only_with_stripe():
    consumers = {"PaymentsOnPaymentRequestedFunction", "PaymentsOnStockReservedFunction",
                 "PaymentsOnOrderCancelledFunction"}
    for name, function in FUNCTIONS.items():
        variables = function["Properties"].get("Environment", {}).get("Variables", {})
        assert ("PAYMENT_PROVIDER" in variables) == (name in consumers), name
        reads_secret = [p for p in function["Properties"].get("Policies", [])
                        if "secretsmanager:GetSecretValue" in json.dumps(p)]
        if name not in consumers:
            assert reads_secret == [], name
            continue
        assert variables["PAYMENT_PROVIDER"] == {"Ref": "PaymentProvider"}
        assert variables["STRIPE_SECRET_ID"] == {"Fn::If": ["UseStripe", {"Ref": "StripeSecretName"},
                                                            {"Ref": "AWS::NoValue"}]}
        [policy] = reads_secret
        condition, granted, otherwise = policy["Fn::If"]
        assert (condition, otherwise) == ("UseStripe", {"Ref": "AWS::NoValue"}), name
        [statement] = granted["Statement"]
        assert statement["Action"] == "secretsmanager:GetSecretValue"
        assert statement["Resource"]["Fn::Sub"].endswith(":secret:${StripeSecretName}-??????"), name
    assert template()["Conditions"]["UseStripe"] == {"Fn::Equals": [{"Ref": "PaymentProvider"}, "stripe"]}


# ---------------------------------------------------------------- the money path's template guarantees

def test_only_each_services_own_pipe_may_publish_on_its_topic_and_it_may_do_nothing_else():
    topics = template()["Mappings"]["Topics"]
    # The logical ids they had when written out: a renamed policy is replaced, and deleting the old
    # one resets its topic to SNS's default policy (anyone in the account may publish).
    assert set(resources("AWS::SNS::TopicPolicy")) == {f"{topic}TopicPolicy" for topic in topics}
    topic_policies = {p["Properties"]["Topics"][0]["Ref"]: p["Properties"]["PolicyDocument"]["Statement"]
                      for p in resources("AWS::SNS::TopicPolicy").values()}
    pipes, roles = resources("AWS::Pipes::Pipe"), resources("AWS::IAM::Role")
    assert set(pipes) == {f"{topic}Pipe" for topic in topics}
    for topic, row in topics.items():
        pipe, role = pipes[f"{topic}Pipe"]["Properties"], f"{topic}PipeRole"
        stream, dead_letters = {"Fn::GetAtt": [row["Table"], "StreamArn"]}, f"{topic}ChangesDeadLetterQueue"
        assert (pipe["Source"], pipe["Target"], pipe["RoleArn"]) == (
            stream, {"Ref": f"{topic}Topic"}, {"Fn::GetAtt": [role, "Arn"]}), topic
        source = pipe["SourceParameters"]["DynamoDBStreamParameters"]
        assert source["DeadLetterConfig"] == {"Arn": {"Fn::GetAtt": [dead_letters, "Arn"]}}, topic
        assert source["OnPartialBatchItemFailure"] == "AUTOMATIC_BISECT" and source["MaximumRetryAttempts"] > 0
        [deny] = [s for s in topic_policies[f"{topic}Topic"] if s["Effect"] == "Deny"]
        assert (deny["Principal"], deny["Action"]) == ("*", "sns:Publish"), topic
        assert deny["Condition"] == {"ArnNotEquals": {"aws:PrincipalArn": {"Fn::GetAtt": [role, "Arn"]}}}, topic
        [policy] = roles[role]["Properties"]["Policies"]
        granted = {(a, json.dumps(s["Resource"], sort_keys=True)) for s in policy["PolicyDocument"]["Statement"]
                   for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])}
        assert granted == {
            *((a, json.dumps(stream, sort_keys=True)) for a in ("dynamodb:DescribeStream", "dynamodb:GetRecords",
                                                                "dynamodb:GetShardIterator", "dynamodb:ListStreams")),
            ("sns:Publish", json.dumps({"Ref": f"{topic}Topic"})),
            ("sqs:SendMessage", json.dumps({"Fn::GetAtt": [dead_letters, "Arn"]}, sort_keys=True)),
        }, topic
    assert not [name for name, f in FUNCTIONS.items() for p in policies(f) for s in p.get("Statement", [])
                if "sns:Publish" in json.dumps(s.get("Action"))], "a function publishes next to a write"


def test_the_shops_data_is_retained_on_aws_and_deleted_locally():
    stages = template()["Mappings"]["StageSettings"]
    assert {stage: row["DataRetention"] for stage, row in stages.items()} == {
        "local": "Delete", "dev": "Retain", "prod": "Retain"}
    policy = {"Fn::FindInMap": ["StageSettings", {"Ref": "Stage"}, "DataRetention"]}
    data = {**resources("AWS::Cognito::UserPool"),
            **{name: r for name, r in resources("AWS::DynamoDB::Table").items() if "Idempotency" not in name}}
    assert len(data) == 6
    for name, resource in data.items():
        assert resource.get("DeletionPolicy") == resource.get("UpdateReplacePolicy") == policy, name


def test_queries_name_the_indexes_they_read():
    for name, function in FUNCTIONS.items():
        for policy in policies(function):
            for statement in policy.get("Statement", []):
                targets = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
                for target in targets:
                    assert not json.dumps(target).endswith('/index/*"}'), f"{name} may query every index"


def test_every_subscription_filters_on_the_change_records_body():
    """What each filter lets through is tested in test_subscriptions.py."""
    subscriptions = [s["Properties"] for s in resources("AWS::SNS::Subscription").values()
                     if s["Properties"]["Protocol"] == "sqs"]
    assert len(subscriptions) == len(template()["Mappings"]["Consumers"])
    for subscription in subscriptions:
        assert subscription["FilterPolicyScope"] == "MessageBody" and subscription["RawMessageDelivery"] is True
        assert json.loads(subscription["FilterPolicy"])


# ---------------------------------------------------------------- the generated plumbing

def test_every_mapping_row_is_listed_in_exactly_one_loop_and_every_listed_name_has_a_row():
    """CloudFormation cannot iterate over a mapping's keys: each loop lists its names, and a row
    whose name no loop lists would be silently unused (a name without a row fails the expansion)."""
    from cfnlint.decode import cfn_yaml

    written = cfn_yaml.load(str(ROOT / "template.yaml"))
    loops = {"Routes": ["PublicRoutes", "JwtRoutes"], "Consumers": ["ConsumerQueues"], "Topics": ["Topics"]}
    for mapping, names in loops.items():
        listed = [name for loop in names for name in written["Resources"][f"Fn::ForEach::{loop}"][1]]
        assert sorted(listed) == sorted(written["Mappings"][mapping]), mapping
        if mapping != "Topics":
            assert all(f"{name}Function" in FUNCTIONS for name in listed), mapping


def test_every_trigger_reports_partial_failures_has_a_dead_letter_queue_and_may_read_its_source():
    """The consumers' triggers are generated; each function's own policy must let it read exactly the
    queue its trigger gives it (on AWS the trigger is refused otherwise)."""
    queues = resources("AWS::SQS::Queue")
    mappings = resources("AWS::Lambda::EventSourceMapping")
    assert len(mappings) == len(template()["Mappings"]["Consumers"])
    for name, mapping in mappings.items():
        props = mapping["Properties"]
        function = inline_sub(props["FunctionName"])["Ref"]
        assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"], name
        source = props["EventSourceArn"]["Fn::GetAtt"]
        if source[1] == "Arn":  # a queue: its redrive policy names its dead-letter queue
            assert "RedrivePolicy" in queues[source[0]]["Properties"], name
            needed = {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"}
        else:  # a table's stream: what cannot be published goes to the dead-letter queue
            assert source[1] == "StreamArn" and props["DestinationConfig"]["OnFailure"]["Destination"], name
            needed = {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"}
        granted = {action for policy in policies(FUNCTIONS[function]) for s in policy.get("Statement", [])
                   if s["Resource"] == {"Fn::GetAtt": source}
                   for action in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])}
        assert needed <= granted, f"{function} may not read {source[0]}: {needed - granted}"


# ---------------------------------------------------------------- the storefront's hosting on AWS

CACHING_DISABLED, CACHING_OPTIMIZED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", "658327ea-f89d-4fab-a63d-7e88639e58f6"


def test_the_storefront_bucket_is_private_and_read_only_by_its_distribution():
    [bucket] = resources("AWS::S3::Bucket").values()
    assert set(bucket["Properties"]["PublicAccessBlockConfiguration"].values()) == {True}
    [policy] = resources("AWS::S3::BucketPolicy").values()
    allowed = [s for s in policy["Properties"]["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]
    assert {s["Action"] for s in allowed} == {"s3:GetObject", "s3:ListBucket"}  # ListBucket: 404, not 403
    for allow in allowed:
        assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
        assert "${StorefrontDistribution}" in allow["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
    [distribution] = resources("AWS::CloudFront::Distribution").values()
    [origin] = distribution["Properties"]["DistributionConfig"]["Origins"]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["StorefrontOriginAccess", "Id"]}


def test_pages_and_config_are_never_cached_hashed_assets_for_long_and_deep_links_are_the_app():
    [distribution] = resources("AWS::CloudFront::Distribution").values()
    config = distribution["Properties"]["DistributionConfig"]
    assert config["DefaultCacheBehavior"]["CachePolicyId"] == CACHING_DISABLED
    assert {b["PathPattern"]: b["CachePolicyId"] for b in config["CacheBehaviors"]} == {"/assets/*": CACHING_OPTIMIZED}
    [association] = config["DefaultCacheBehavior"]["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    code = template()["Resources"]["StorefrontPages"]["Properties"]["FunctionCode"]
    assert "'/index.html'" in code and "indexOf('.')" in code


def test_on_aws_the_api_answers_browsers_from_the_storefronts_origin():
    origins = template()["Resources"]["HttpApi"]["Properties"]["CorsConfiguration"]["AllowOrigins"]
    assert origins == {"Fn::If": ["HasCorsOrigins", {"Ref": "CorsAllowedOrigins"},
                                  {"Fn::If": ["IsLocal", ["*"],
                                              [{"Fn::Sub": "https://${StorefrontDistribution.DomainName}"}]]}]}


def test_prod_logs_warnings_always_and_the_rest_in_a_sample_of_invocations():
    stages = template()["Mappings"]["StageSettings"]
    assert (stages["prod"]["LogLevel"], float(stages["prod"]["LogSampleRate"])) == ("WARNING", 0.1)
    assert all(stages[s]["LogLevel"] == "INFO" for s in ("local", "dev"))
    function_globals = template()["Globals"]["Function"]
    assert function_globals["Environment"]["Variables"]["POWERTOOLS_LOGGER_SAMPLE_RATE"] == {
        "Fn::FindInMap": ["StageSettings", {"Ref": "Stage"}, "LogSampleRate"]}
    # Lambda's own log controls would set AWS_LAMBDA_LOG_LEVEL, which Powertools obeys before
    # POWERTOOLS_LOG_LEVEL, and filter the metric lines (which have no level): not used.
    assert "LoggingConfig" not in function_globals
