"""Publishes the users table's address changes (DynamoDB stream) on the users topic:
address.saved, address.deleted."""

from shop.events import stream_publisher
from shop.settings import required
from user_events import events_for

handler = stream_publisher(lambda: required("USERS_TOPIC_ARN"), events_for)
