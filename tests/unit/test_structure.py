"""The code, the template and the OpenAPI document agree with each other."""

import json
from collections import Counter
from pathlib import Path

from infra.openapi import OUTPUT, generate, render
from tests.template import api_routes, resources

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = resources("AWS::Serverless::Function")


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
        integration = integrations[route["Target"]["Fn::Sub"].removeprefix("integrations/${").removesuffix("}")]
        function = integration["Properties"]["IntegrationUri"]["Fn::GetAtt"][0]
        assert integration["Properties"]["PayloadFormatVersion"] == "2.0"
        assert function in permissions, f"{function} has no lambda:InvokeFunction permission"


def test_every_function_handler_exists_and_has_a_log_group_with_retention():
    log_groups = {
        group["Properties"]["LogGroupName"]["Fn::Sub"]: group["Properties"]
        for group in resources("AWS::Logs::LogGroup").values()
    }
    for name, function in FUNCTIONS.items():
        module, _ = function["Properties"]["Handler"].split(".")
        assert (ROOT / function["Properties"]["CodeUri"] / f"{module}.py").is_file(), name
        assert log_groups[f"/aws/lambda/${{{name}}}"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}, name


def test_iam_is_scoped_no_wildcard_actions_or_resources():
    for name, function in FUNCTIONS.items():
        for policy in function["Properties"].get("Policies", []):
            for statement in policy.get("Statement", []):
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                assert all("*" not in action for action in actions), name
                assert statement["Resource"] != "*", name


def test_helper_module_names_are_unique_across_services():
    """Each service folder is a separate Lambda package, but tests and the OpenAPI generator load
    them side by side. Handler modules are loaded by file (`load_module`) and may share a name
    (on_order_cancelled.py in three services); modules that others import may not."""
    handlers = {f["Properties"]["Handler"].split(".")[0] for f in FUNCTIONS.values()}
    helpers = Counter(p.stem for p in (ROOT / "functions").glob("*/*.py") if p.stem not in handlers)
    assert [name for name, count in helpers.items() if count > 1] == []


def test_every_function_has_a_sample_event():
    for function in FUNCTIONS.values():
        service = Path(function["Properties"]["CodeUri"]).name
        module = function["Properties"]["Handler"].split(".")[0]
        assert (ROOT / "events" / service / f"{module}.json").is_file(), f"events/{service}/{module}.json"
