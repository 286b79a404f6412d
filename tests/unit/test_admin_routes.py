"""Every admin route refuses non-admins first, whatever the body: 401 without a token, 403 for a
customer. The admin routes are read from template.yaml (their Description says "(admin)")."""

from pathlib import Path

import pytest

from tests.template import resources
from tests.unit.conftest import CUSTOMER, api_event, call, handler_module

ADMIN_FUNCTIONS = sorted(
    (Path(f["Properties"]["CodeUri"]).name, f["Properties"]["Handler"].split(".")[0])
    for f in resources("AWS::Serverless::Function").values()
    if "(admin)" in f["Properties"].get("Description", "")
)


def test_the_template_marks_admin_routes():
    assert len(ADMIN_FUNCTIONS) >= 6


@pytest.mark.parametrize("service, module", ADMIN_FUNCTIONS)
@pytest.mark.parametrize("claims, status", [(CUSTOMER, 403), ({}, 401)])
def test_non_admins_are_refused_before_validation(aws, service, module, claims, status):
    handler = handler_module(service, module)
    response_status, body = call(handler, api_event(f"{service}/{module}", raw_body="{not even json", claims=claims))
    assert response_status == status and body["code"] in ("forbidden", "unauthorized")
