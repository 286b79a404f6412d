"""The shared layer: group claims, cursors, the error shape."""

import pytest

from shop.auth import parse_groups
from shop.cursor import decode_cursor, encode_cursor
from shop.errors import BadRequest, Conflict


@pytest.mark.parametrize("raw, groups", [
    ("[admin]", {"admin"}), ("[admin support]", {"admin", "support"}), ('["admin","x"]', {"admin", "x"}),
    (["admin"], {"admin"}), ("", set()), (None, set()),
])
def test_group_claims_in_every_shape_api_gateway_sends(raw, groups):
    assert parse_groups(raw) == groups


def test_a_cursor_round_trips_and_is_checked_against_its_query():
    key = {"id": {"S": "p1"}, "listing": {"S": "PRODUCT"}, "sort_name": {"S": "a#p1"}}
    cursor = encode_cursor(key)
    assert decode_cursor(cursor, set(key)) == key
    with pytest.raises(BadRequest, match="does not belong"):
        decode_cursor(cursor, {"id", "category", "sort_name"})
    with pytest.raises(BadRequest, match="not valid"):
        decode_cursor("!!not-base64!!", set(key))
    assert encode_cursor(None) is None and decode_cursor(None, set(key)) is None


def test_errors_share_one_shape():
    assert Conflict("stale", code="version_conflict").body() == {"message": "stale", "code": "version_conflict"}
    assert BadRequest("bad", details=[{"field": "x"}]).body() == {
        "message": "bad", "code": "bad_request", "details": [{"field": "x"}]
    }


def test_a_cursor_must_come_from_the_partition_being_read_and_hold_plain_strings():
    key = {"id": {"S": "p1"}, "category": {"S": "books"}, "sort_name": {"S": "a#p1"}}
    cursor = encode_cursor(key)
    assert decode_cursor(cursor, set(key), ("category", "books")) == key
    with pytest.raises(BadRequest, match="does not belong"):
        decode_cursor(cursor, set(key), ("category", "kitchen"))
    forged = encode_cursor({"id": {"S": "p1"}, "category": "books", "sort_name": {"N": "1"}})
    with pytest.raises(BadRequest, match="does not belong"):
        decode_cursor(forged, set(key))


@pytest.mark.parametrize("disabled, imported", [("true", False), ("false", True)])
def test_tracing_that_is_off_costs_nothing_not_even_the_import_of_the_xray_sdk(disabled, imported):
    import os
    import subprocess
    import sys
    from pathlib import Path

    layer = Path(__file__).resolve().parents[2] / "layers" / "shared" / "python"
    probe = "import sys, shop.observability as o; print('aws_xray_sdk.core' in sys.modules)"
    env = {**os.environ, "POWERTOOLS_TRACE_DISABLED": disabled, "POWERTOOLS_SERVICE_NAME": "test",
           "LAMBDA_TASK_ROOT": str(layer), "AWS_DEFAULT_REGION": "us-east-1", "PYTHONPATH": str(layer)}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(imported)


def test_tracing_patches_requests_only_once_something_imports_it():
    import os
    import subprocess
    import sys
    from pathlib import Path

    layer = Path(__file__).resolve().parents[2] / "layers" / "shared" / "python"
    probe = ("import sys, shop.observability\n"
             "print('requests' in sys.modules)\n"
             "import requests\n"
             "from aws_xray_sdk.core.patcher import _PATCHED_MODULES\n"
             "print(sorted(_PATCHED_MODULES))")
    env = {**os.environ, "POWERTOOLS_TRACE_DISABLED": "false", "POWERTOOLS_SERVICE_NAME": "test",
           "LAMBDA_TASK_ROOT": str(layer), "AWS_DEFAULT_REGION": "us-east-1", "PYTHONPATH": str(layer)}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    before, patched = out.stdout.strip().splitlines()
    assert before == "False"
    assert patched == str(["botocore", "httplib", "requests"])


def test_every_handler_resumes_garbage_collection_once_its_init_is_over():
    """shop.startup pauses the collector for a cold start; a handler module that never calls
    init_done (the layer's entry points do) would run without it, growing until Lambda kills it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.template import resources

    root = Path(__file__).resolve().parents[2]
    by_folder: dict[str, dict] = {}
    for function in resources("AWS::Serverless::Function").values():
        properties = function["Properties"]
        folder = by_folder.setdefault(properties["CodeUri"], {"modules": [], "env": {}})
        folder["modules"].append(properties["Handler"].split(".")[0])
        for name, value in properties.get("Environment", {}).get("Variables", {}).items():
            folder["env"][name] = value if isinstance(value, str) else f"test-{name.lower()}"
    assert len(by_folder) > 1
    for code_uri, folder in by_folder.items():
        probe = ("import gc, importlib, sys\n"
                 f"sys.path[:0] = [{str(root / code_uri)!r}, {str(root / 'layers/shared/python')!r}]\n"
                 f"for module in {sorted(folder['modules'])!r}:\n"
                 "    gc.disable()  # as shop.startup.begin() did for the first one\n"
                 "    importlib.import_module(module)\n"
                 "    print(module, gc.isenabled())\n")
        env = {**os.environ, **folder["env"], "POWERTOOLS_TRACE_DISABLED": "true", "AWS_DEFAULT_REGION": "us-east-1"}
        out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, cwd=root)
        assert out.returncode == 0, out.stderr[-2000:]
        lines = out.stdout.split("\n")[:-1]
        assert lines == [f"{module} True" for module in sorted(folder["modules"])], code_uri


@pytest.mark.parametrize("function_name, collecting", [("shop-local-GetOrder", False), ("", True)])
def test_the_collector_is_paused_for_a_lambda_init_only(function_name, collecting):
    import os
    import subprocess
    import sys
    from pathlib import Path

    layer = Path(__file__).resolve().parents[2] / "layers" / "shared" / "python"
    env = {**os.environ, "AWS_LAMBDA_FUNCTION_NAME": function_name, "POWERTOOLS_TRACE_DISABLED": "true",
           "AWS_DEFAULT_REGION": "us-east-1", "PYTHONPATH": str(layer)}
    out = subprocess.run([sys.executable, "-c", "import gc, shop; print(gc.isenabled())"], env=env,
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(collecting)
