"""GET /v1/openapi.json: the API description. `make openapi` generates openapi.json beside this
module from the handlers' routes and pydantic models; a test fails if it is stale."""

from functools import cache
from pathlib import Path

from aws_lambda_powertools.event_handler import Response, content_types

from shop.api import create_app, http_handler

app = create_app()


@cache
def document() -> str:
    return (Path(__file__).parent / "openapi.json").read_text()


@app.get("/v1/openapi.json", summary="This API's OpenAPI document", tags=["platform"])
def openapi_document():
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=document())


handler = http_handler(app)
