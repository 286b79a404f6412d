"""No input makes a 5xx: oversized and deeply nested bodies, floods of unknown fields, ids, cursors
and names DynamoDB would refuse are all answered with a 4xx in the one error shape."""

import base64
import json
import time
import uuid
from pathlib import Path

import pytest

from shop.api import MAX_BODY_BYTES, MAX_JSON_DEPTH, create_app, json_depth
from shop.cursor import decode_cursor, encode_cursor
from shop.errors import MAX_DETAILS, BadRequest, ErrorBody
from tests.template import resources
from tests.unit.conftest import ADMIN, CUSTOMER, LambdaContext, api_event, call, handler_module, service_module

catalog = service_module("products", "catalog")
create_product = service_module("products", "create_product")
list_products = service_module("products", "list_products")
update_product = service_module("products", "update_product")

KNIFE = {"name": "Chef's Knife", "category": "kitchen", "price": 8900, "currency": "EUR", "stock": 3}


def error(status_and_body: tuple[int, dict | None], status: int, code: str) -> dict:
    """Asserts the status and code, and that the body has the documented error shape."""
    got, body = status_and_body
    assert (got, body and body.get("code")) == (status, code), body
    ErrorBody.model_validate(body)
    return body


def login(raw_body: str, **event_fields) -> tuple[int, dict | None]:
    event = api_event("auth/log_in", raw_body=raw_body)
    event.update(event_fields)
    return call(handler_module("auth", "log_in"), event)


# ---------------------------------------------------------------- bodies


def test_a_body_over_64_kb_gets_413_before_it_is_parsed(aws):
    error(login("{" * (MAX_BODY_BYTES + 1)), 413, "payload_too_large")
    padded = json.dumps({"email": "a@example.com", "password": "x" * MAX_BODY_BYTES})
    error(login(padded), 413, "payload_too_large")


def test_the_limit_counts_bytes_and_base64_bodies_are_measured_decoded(aws):
    many_bytes = json.dumps({"email": "a@example.com", "password": "é" * (MAX_BODY_BYTES // 2)}, ensure_ascii=False)
    assert len(many_bytes) < MAX_BODY_BYTES < len(many_bytes.encode())
    error(login(many_bytes), 413, "payload_too_large")
    big = base64.b64encode(json.dumps({"pad": "x" * MAX_BODY_BYTES}).encode()).decode()
    error(login(big, isBase64Encoded=True), 413, "payload_too_large")
    small = base64.b64encode(b'{"email": "not-an-email", "password": "x"}').decode()
    assert error(login(small, isBase64Encoded=True), 422, "validation_error")["details"][0]["field"] == "email"


def test_a_base64_body_that_is_not_utf8_text_is_400(aws):
    error(login(base64.b64encode(b"\xff\xfe{}").decode(), isBase64Encoded=True), 400, "bad_request")
    error(login("%%%not base64%%%", isBase64Encoded=True), 400, "bad_request")


def test_50000_nested_brackets_get_400_not_a_recursion_error(aws):
    body = error(login("[" * 50_000), 400, "too_deeply_nested")
    assert str(MAX_JSON_DEPTH) in body["message"]


def test_nesting_is_refused_just_past_the_limit_and_brackets_in_strings_do_not_count(aws):
    def nested(depth: int) -> str:
        return '{"email": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"

    error(login(nested(MAX_JSON_DEPTH + 1)), 400, "too_deeply_nested")
    error(login(nested(MAX_JSON_DEPTH)), 422, "validation_error")
    in_a_string = json.dumps({"email": "a@example.com", "password": "[{" * 1000 + '\\"' + "]}" * 1000})
    assert json_depth(in_a_string) == 1
    status, _ = login(in_a_string)
    assert status != 400


@pytest.mark.parametrize("text, depth", [
    ("", 0), ("1", 0), ("[]", 1), ('{"a": [1, {"b": []}]}', 4), ('["[[[", "\\"]]"]', 1),
    ("[" * 100, MAX_JSON_DEPTH + 1),
])
def test_json_depth(text, depth):
    assert json_depth(text) == depth


def test_a_422_names_at_most_20_fields_and_stays_small(aws):
    flood = json.dumps({f"k{n}": 1 for n in range(5_000)}, separators=(",", ":"))
    assert len(flood) < MAX_BODY_BYTES
    started = time.perf_counter()
    status, body = login(flood)
    response_bytes = len(json.dumps(body))
    assert status == 422 and len(body["details"]) == MAX_DETAILS
    assert body["message"].endswith("and 4982 more")  # 5,000 unknown keys, plus email and password missing
    assert response_bytes < 4_000 and time.perf_counter() - started < 5
    ErrorBody.model_validate(body)


def test_a_field_name_of_60_kb_is_shortened_in_the_details(aws):
    status, body = login(json.dumps({"k" * 60_000: 1}))
    assert status == 422 and len(json.dumps(body)) < 2_000


@pytest.mark.parametrize("raw", [
    '{"email": "a@example.com", "password": ' + "1" * 5_000 + "}",  # more digits than Python converts
    '{"email": "a@example.com", "password": "\\ud800"}',  # a lone surrogate: no UTF-8 for Cognito
    '{"email": "a@example.com", "password": 1e999}',
])
def test_json_python_cannot_use_is_a_422(aws, raw):
    error(login(raw), 422, "validation_error")


def test_a_recursion_error_in_a_route_is_a_400(aws):
    app = create_app()

    @app.get("/v1/deep")
    def deep():
        raise RecursionError("maximum recursion depth exceeded")

    event = api_event("platform/health")
    event["rawPath"] = event["requestContext"]["http"]["path"] = "/v1/deep"
    response = app.resolve(event, LambdaContext())
    assert response["statusCode"] == 400 and json.loads(response["body"])["code"] == "too_deeply_nested"


# ---------------------------------------------------------------- path ids

PATH_ROUTES = sorted(
    (Path(f["Properties"]["CodeUri"]).name, f["Properties"]["Handler"].split(".")[0],
     "(admin)" in f["Properties"].get("Description", ""))
    for f in resources("AWS::Serverless::Function").values()
    if "{" in json.loads((Path(__file__).parents[2] / "events" / Path(f["Properties"]["CodeUri"]).name
                          / f"{f['Properties']['Handler'].split('.')[0]}.json").read_text()).get("routeKey", "")
)


def test_every_route_with_a_path_parameter_is_checked():
    assert len(PATH_ROUTES) >= 14


@pytest.mark.parametrize("service, module, admin", PATH_ROUTES)
@pytest.mark.parametrize("bad_id", ["x" * 3_000, "RESERVATION#1", "a b", "ä", "..", ""])
def test_a_path_parameter_that_cannot_be_an_id_is_404_before_any_table_is_read(aws, service, module, admin, bad_id):
    event = api_event(f"{service}/{module}", claims=ADMIN if admin else CUSTOMER)
    event["pathParameters"] = dict.fromkeys(event["pathParameters"], bad_id)
    body = error(call(handler_module(service, module), event), 404, "not_found")
    assert len(body["message"]) < 100  # never the id echoed back


# ---------------------------------------------------------------- cursors and queries


@pytest.mark.parametrize("key", [
    {"id": {"S": ""}, "sort_name": {"S": ""}, "listing": {"S": "PRODUCT"}},
    {"id": {"S": "p1"}, "sort_name": {"S": "a" * 1025}, "listing": {"S": "PRODUCT"}},
    {"id": {"S": "p1"}, "sort_name": {"S": "ΐ" * 600}, "listing": {"S": "PRODUCT"}},
    {"id": {"S": "p1"}, "sort_name": {"S": "a"}, "listing": {"S": "PRODUCT"}, "extra": {"S": "x"}},
    {"id": {"S": "p1"}, "sort_name": {"N": "1"}, "listing": {"S": "PRODUCT"}},
    {"id": {"S": "p1"}, "sort_name": {"S": "a", "N": "1"}, "listing": {"S": "PRODUCT"}},
])
def test_a_forged_cursor_dynamodb_would_refuse_is_400(key):
    with pytest.raises(BadRequest) as refused:
        decode_cursor(encode_cursor(key), {"id", "sort_name", "listing"}, ("listing", "PRODUCT"))
    assert refused.value.code == "invalid_cursor"


@pytest.mark.parametrize("cursor", [
    base64.urlsafe_b64encode(b"[" * 1_500).decode(),  # deeper than json.loads can go
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    "W" * 2_000, "=", "a",
])
def test_a_cursor_that_is_not_json_is_400(products_table, cursor):
    event = api_event("products/list_products", query={"cursor": cursor})
    error(call(list_products, event), 400, "invalid_cursor")


def test_a_query_of_only_spaces_lists_everything(products_table):
    call(create_product, api_event("products/create_product", body=KNIFE, claims=ADMIN))
    status, page = call(list_products, api_event("products/list_products", query={"q": "   "}))
    assert status == 200 and [item["name"] for item in page["items"]] == ["Chef's Knife"]


# ---------------------------------------------------------------- names and numbers


def worst_names() -> list[str]:
    """Names of 200 characters (the limit) of the characters that grow most in bytes when case-folded."""
    return ["ΐ" * 200, "\U0001f600" * 200, "ß" * 200, "ﬃ" * 200, "İ" * 200, "Ω" * 200, "a" * 200]


@pytest.mark.parametrize("name", worst_names())
def test_every_name_a_product_may_have_makes_a_sort_key_well_within_1024_bytes(name):
    try:
        accepted = catalog.NewProduct(**{**KNIFE, "name": name}).name
    except ValueError:
        accepted = None
    if accepted is not None:
        assert len(catalog.sort_name(accepted, str(uuid.uuid4())).encode()) <= 900
    longest = name[:len(name)]
    while accepted is None:  # the longest prefix that is accepted still fits
        longest = longest[:-1]
        try:
            accepted = catalog.NewProduct(**{**KNIFE, "name": longest}).name
        except ValueError:
            continue
    assert len(catalog.sort_name(accepted, str(uuid.uuid4())).encode()) <= 900


def test_a_name_too_long_once_case_folded_is_a_422(products_table):
    body = error(call(create_product, api_event("products/create_product", body={**KNIFE, "name": "ΐ" * 200},
                                                claims=ADMIN)), 422, "validation_error")
    assert body["details"][0]["field"] == "name"


def test_a_version_beyond_what_dynamodb_stores_is_a_422(products_table):
    _, product = call(create_product, api_event("products/create_product", body=KNIFE, claims=ADMIN))
    event = api_event("products/update_product", body={"version": 10 ** 40, "stock": 1}, claims=ADMIN,
                      path_params={"product_id": product["id"]})
    assert error(call(update_product, event), 422, "validation_error")["details"][0]["field"] == "version"
