"""Powertools objects shared by every function. Service name, namespace, log level and whether
tracing is on come from POWERTOOLS_* variables set in template.yaml."""

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
tracer = Tracer()
metrics = Metrics()
