"""Each queue consumer's sample event (events/<service>/<module>.json, what `sam local invoke -e`
takes) holds what its queue really receives: a table's change record, as the pipe publishes it,
that the consumer's subscription lets through and that is an event the consumer accepts."""

import json
from pathlib import Path

import pytest

from shop.contracts import parse_data
from shop.events import arrived, publisher_events_for
from tests.template import template
from tests.unit.conftest import ROOT
from tests.unit.test_subscriptions import CONSUMERS, _matches


def _sample(consumer: str) -> Path:
    function = template()["Resources"][f"{consumer}Function"]["Properties"]
    module = function["Handler"].split(".")[0]
    return ROOT / "events" / Path(function["CodeUri"]).name / f"{module}.json"


@pytest.mark.parametrize("consumer", sorted(CONSUMERS))
def test_a_consumers_sample_is_a_change_its_subscription_lets_through_and_it_accepts(consumer):
    accepted = set(CONSUMERS[consumer]["Types"])
    records = json.loads(_sample(consumer).read_text())["Records"]
    assert records
    for record in records:
        change = json.loads(record["body"])
        assert {"eventID", "eventName", "dynamodb"} <= set(change), "the body is a change record, not an envelope"
        assert _matches(consumer, change), f"{consumer}'s subscription would not deliver its own sample"
        events = [e for e in arrived(record["body"], publisher_events_for(accepted)) if e.type in accepted]
        assert events, f"the sample is no event {consumer} accepts ({', '.join(sorted(accepted))})"
        for event in events:
            parse_data(event.type, event.version, event.data)  # whole, as its contract says
            assert event.id.startswith(change["eventID"]) and event.correlation_id and event.occurred_at


def test_no_sample_but_the_payment_services_carries_a_payment_token():
    carriers = {consumer for consumer in CONSUMERS if "payment_token" in _sample(consumer).read_text()}
    assert carriers == {"PaymentsOnPaymentRequested"}
