"""Code shared by every function of the shop: HTTP plumbing, errors, auth claims, observability."""
