"""Powertools objects shared by every function. Service name, namespace, log level and whether
tracing is on come from POWERTOOLS_* variables set in template.yaml."""

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
tracer = Tracer()
metrics = Metrics()


def correlation_id() -> str | None:
    """The id that ties this request or event to everything it causes; stored on written items so
    the events they produce carry it on (docs/events.md)."""
    return logger.get_correlation_id()
