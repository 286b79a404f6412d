"""Event contracts: one pydantic model per event type and version, for publishers and consumers.

Each service's models are in the module named for it (`shop.contracts.orders` holds what the order
service publishes, and its `events_for`, which turns a change of the service's table into them);
consumers in other services receive them built from the change record and parsed by
`shop.events.queue_consumer`. They live in the shared layer because every service folder is its
own Lambda package: a consumer cannot import the publisher's modules, and a copy of the model per
consumer would drift (docs/decisions.md, "Event contracts").

A model names its `TYPE` and `VERSION`; defining it registers it. `events_for` calls `build`, which
refuses fields the contract does not have and values of the wrong type; consumers get
`parse_data`, which ignores fields they do not know (adding a field is not a breaking change) and
refuses missing or mistyped ones. A breaking change is a new model with `VERSION = 2`, published
alongside version 1 until every consumer has moved (docs/events.md).
"""

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError


class ContractError(ValueError):
    """An event that does not match any contract: unknown type or version, or malformed data."""


class EventData(BaseModel):
    """The `data` of one event type and version."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    TYPE: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("TYPE"):
            key = (cls.TYPE, cls.VERSION)
            if key in _REGISTRY:
                raise TypeError(f"two contracts for {cls.TYPE} v{cls.VERSION}: {_REGISTRY[key]} and {cls}")
            _REGISTRY[key] = cls


class Part(BaseModel):
    """A nested part of an event's data (a line, an address)."""

    model_config = ConfigDict(extra="ignore", frozen=True)


_REGISTRY: dict[tuple[str, int], type[EventData]] = {}


def contracts() -> dict[tuple[str, int], type[EventData]]:
    """Every registered contract, by (type, version)."""
    return dict(_REGISTRY)


def model_for(event_type: str, version: int) -> type[EventData]:
    try:
        return _REGISTRY[(event_type, version)]
    except KeyError:
        known = sorted(v for t, v in _REGISTRY if t == event_type)
        if not known:
            raise ContractError(f"{event_type} v{version}: no such event type") from None
        raise ContractError(f"{event_type} v{version}: no contract for this version (known: "
                            f"{', '.join(map(str, known))})") from None


def _problems(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'data'}: {e['msg']}" for e in error.errors()[:10])


def parse_data(event_type: str, version: int, data: Any) -> EventData:
    """An event's data as its contract's model, or ContractError saying what is wrong."""
    model = model_for(event_type, version)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ContractError(f"{event_type} v{version} does not match its contract: {_problems(error)}") from None


def build(event_type: str, **fields: Any) -> tuple[str, dict[str, Any]]:
    """A publisher's (type, data) pair, the data checked against the newest contract of the type
    and produced by it: exactly the fields given (a field set to None stays null on the wire)."""
    versions = sorted(v for t, v in _REGISTRY if t == event_type)
    if not versions:
        raise ContractError(f"{event_type}: no such event type")
    model = _REGISTRY[(event_type, versions[-1])]
    unknown = set(fields) - set(model.model_fields)
    if unknown:
        raise ContractError(f"{event_type}: not in its contract: {', '.join(sorted(unknown))}")
    try:
        return event_type, model.model_validate(fields).model_dump(mode="json", exclude_unset=True)
    except ValidationError as error:
        raise ContractError(f"{event_type} does not match its contract: {_problems(error)}") from None


# Every service's contracts, registered on import of the package.
from shop.contracts import orders, payments, products, shipping, users  # noqa: E402, F401
