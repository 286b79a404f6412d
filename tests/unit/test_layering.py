"""Layering: domain and data-access modules raise shop.domain_errors and know nothing of HTTP;
pure domain modules know nothing of AWS either. Imports are followed through the service's own
modules and the shared layer, so a rule cannot be dodged by importing a module that breaks it."""

import ast
import sys
from functools import cache
from pathlib import Path

import pytest

from infra.openapi import load_module, resolvers

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ROOT / "functions"
LAYER = ROOT / "layers" / "shared" / "python"

# Modules that hold rules and no I/O: plain Python (pydantic allowed).
DOMAIN = [FUNCTIONS / "orders" / "pricing.py", FUNCTIONS / "orders" / "order_status.py",
          FUNCTIONS / "products" / "catalog.py", FUNCTIONS / "products" / "catalog_index.py",
          FUNCTIONS / "products" / "catalog_import.py", LAYER / "shop" / "lifecycle.py",
          LAYER / "shop" / "domain_errors.py",
          *sorted((LAYER / "shop" / "contracts").glob("*.py"))]
# Modules that read and write tables or other services: AWS yes, HTTP answers no.
DATA_ACCESS = [*sorted(FUNCTIONS.glob("*/*_table.py")), FUNCTIONS / "auth" / "user_pool.py",
               FUNCTIONS / "orders" / "carts.py", FUNCTIONS / "orders" / "product_prices.py"]
HTTP = ("shop.errors", "shop.api")
AWS = ("boto3", "botocore", "pynamodb")


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}  # from shop import errors
    return names


def _source(name: str, service: Path | None) -> Path | None:
    """The file of a module this repository holds: the service's own, or the layer's."""
    if service is not None and "." not in name and (service / f"{name}.py").exists():
        return service / f"{name}.py"
    if name.split(".")[0] == "shop":
        base = LAYER.joinpath(*name.split("."))
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.exists():
                return candidate
    return None


@cache
def imports(path: Path) -> frozenset[str]:
    """Every module `path` imports, directly or through the service's modules and the layer's."""
    service = path.parent if path.parent.parent == FUNCTIONS else None
    seen: set[str] = set()
    todo = [path]
    visited: set[Path] = set()
    while todo:
        current = todo.pop()
        if current in visited:
            continue
        visited.add(current)
        current_service = current.parent if current.parent.parent == FUNCTIONS else service
        for name in _imported(current):
            seen.add(name)
            if (source := _source(name, current_service)) is not None:
                todo.append(source)
    return frozenset(seen)


def _breaks(path: Path, prefixes: tuple[str, ...]) -> list[str]:
    return sorted(name for name in imports(path) if name.split(".")[0] in prefixes or name.startswith(prefixes))


@pytest.mark.parametrize("path", DOMAIN + DATA_ACCESS, ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_and_data_access_modules_raise_domain_errors_not_http_ones(path):
    assert _breaks(path, HTTP) == [], f"{path.name} reaches HTTP: raise shop.domain_errors instead"


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_modules_know_nothing_of_aws(path):
    assert _breaks(path, AWS) == [], f"{path.name} reaches AWS: keep the rule plain, the I/O in a *_table.py"


def test_the_lists_above_name_existing_files_and_every_table_module():
    assert all(path.exists() for path in DOMAIN + DATA_ACCESS)
    assert len([p for p in DATA_ACCESS if p.name.endswith("_table.py")]) == 5


def test_every_domain_error_has_a_status_and_keeps_its_code():
    from shop import domain_errors
    from shop.api import DOMAIN_STATUSES, domain_error_response

    assert domain_error_response(domain_errors.VersionConflict("stale"))[:2] == (
        409, {"message": "stale", "code": "version_conflict"})
    assert domain_error_response(domain_errors.NotFound("no", code="product_not_found"))[:2] == (
        404, {"message": "no", "code": "product_not_found"})
    assert domain_error_response(domain_errors.Unavailable("later", code="catalog_unavailable")) == (
        503, {"message": "later", "code": "catalog_unavailable"}, {"Retry-After": "1"})
    assert set(DOMAIN_STATUSES) >= {cls for cls in vars(domain_errors).values()
                                    if isinstance(cls, type) and cls.__bases__ == (domain_errors.DomainError,)}


# ---------------------------------------------------------------- no shadowing between services

def test_two_services_may_have_modules_of_the_same_name(tmp_path):
    """Each module sees its own service's `rules`, imported at load or inside a function."""
    for service in ("alpha_svc", "beta_svc"):
        folder = tmp_path / service
        folder.mkdir()
        (folder / "rules.py").write_text(f"OWNER = {service!r}\n")
        (folder / "on_thing.py").write_text(
            "import rules\n\n\ndef owner_now():\n    return rules.OWNER\n\n\n"
            "def owner_later():\n    import rules as late\n\n    return late.OWNER\n")
    alpha = load_module(tmp_path / "alpha_svc" / "on_thing.py")
    beta = load_module(tmp_path / "beta_svc" / "on_thing.py")
    assert (alpha.owner_now(), alpha.owner_later()) == ("alpha_svc", "alpha_svc")
    assert (beta.owner_now(), beta.owner_later()) == ("beta_svc", "beta_svc")
    assert alpha.rules is load_module(tmp_path / "alpha_svc" / "rules.py")  # one module per service and file
    assert "rules" not in sys.modules


def test_no_service_folder_is_on_sys_path_and_no_function_module_is_imported_by_its_bare_name():
    resolvers()  # loads every function module of every service
    assert not [entry for entry in sys.path if Path(entry).resolve().parent == FUNCTIONS]
    bare = {path.stem for path in FUNCTIONS.glob("*/*.py")}
    assert sorted(bare & set(sys.modules)) == []
    assert "orders__order_table" in sys.modules
