"""How each table's items are told apart by their keys, where other services see it: the change
records the pipes publish carry these keys, the subscriptions filter on them (template.yaml,
Mappings Consumers) and `events_for` in shop.contracts.<service> reads them, so they are part of the
published contract (docs/events.md). Plain strings in a module of their own: a route that writes
such an item need not load every service's event models (shop.contracts, ~12 ms of a cold start).
"""

# orders: ORDER#<id> / ORDER, and the card token's own ORDER#<id> / PAYMENT_REQUEST
ORDER_ITEM, PAYMENT_REQUEST_ITEM = "ORDER", "PAYMENT_REQUEST"
# payments: <order id> / PAYMENT
PAYMENT_ITEM = "PAYMENT"
# products: prefixes of the `id` of what is not a product
RESERVATION_ITEM, IMPORT_ITEM = "RESERVATION#", "IMPORT#"
WORD_ITEM, SKU_ITEM, DIRECTORY_ITEM = "WORD#", "SKU#", "SHARDS#"
# users: <user id> / ADDRESS#<id>
ADDRESS_ITEM = "ADDRESS#"
