"""Code shared by every function of the shop: HTTP plumbing, errors, auth claims, events,
observability."""

from shop import startup

startup.begin()  # before anything heavy is imported: see shop.startup

from shop import aws_calls  # noqa: E402, F401  (first: it must see every AWS client the function creates)
