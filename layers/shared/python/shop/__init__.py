"""Code shared by every function of the shop: HTTP plumbing, errors, auth claims, events,
observability."""

from shop import aws_calls  # noqa: F401  (first: it must see every AWS client the function creates)
