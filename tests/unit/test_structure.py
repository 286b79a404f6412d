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


def route_functions() -> dict[str, dict]:
    """RouteKey -> the properties of the function the route invokes."""
    integrations = resources("AWS::ApiGatewayV2::Integration")
    found = {}
    for route_key, route in api_routes().items():
        integration = integrations[route["Target"]["Fn::Sub"].removeprefix("integrations/${").removesuffix("}")]
        found[route_key] = FUNCTIONS[integration["Properties"]["IntegrationUri"]["Fn::GetAtt"][0]]["Properties"]
    return found


def test_every_operation_documents_every_status_it_can_answer():
    """401 behind the authorizer, 403 on admin routes, 404 where an id is in the path, 400/413/422 for a
    body, 422 for validated parameters, 409 with an Idempotency-Key, 429 everywhere (stage throttling);
    never a 5xx, and 422 only where something is validated."""
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
        assert [s for s in statuses if s >= 500] == [], route_key
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
