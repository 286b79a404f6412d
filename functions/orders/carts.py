"""Cart reads and changes shared by the cart routes: lines priced from the catalog copy."""

import order_table
import product_prices
from order_shapes import Cart, CartLine
from pricing import MAX_LINES
from shop.domain_errors import Conflict, NotFound


def render(cart: order_table.CartRecord | None) -> Cart:
    lines = {product_id: int(quantity) for product_id, quantity in (cart.lines.as_dict() if cart else {}).items()}
    prices, _ = order_table.catalog_prices(list(lines))
    items = []
    for product_id, quantity in lines.items():
        price = prices.get(product_id)
        items.append(CartLine(
            product_id=product_id, quantity=quantity, available=price is not None,
            name=price.name if price else None, unit_price=price.price if price else None,
            line_total=price.price * quantity if price else None,
        ))
    currencies = {prices[p].currency for p in lines if p in prices}
    return Cart(items=items, total=sum(item.line_total or 0 for item in items),
                currency=currencies.pop() if len(currencies) == 1 else None,
                updated_at=cart.updated_at if cart else None)


def set_quantity(user_id: str, product_id: str, quantity: int) -> Cart:
    cart = order_table.find_cart(user_id)
    lines = {p: int(q) for p, q in (cart.lines.as_dict() if cart else {}).items()}
    if quantity == 0:
        lines.pop(product_id, None)
    else:
        prices = product_prices.current_prices([*lines, product_id])
        if product_id not in prices:
            raise NotFound(f"product {product_id} does not exist", code="product_not_found")
        other_currencies = {prices[p].currency for p in lines if p in prices and p != product_id}
        if other_currencies - {prices[product_id].currency}:
            raise Conflict(f"the cart is in {other_currencies.pop()}; this product is in "
                           f"{prices[product_id].currency}", code="currency_mismatch")
        if product_id not in lines and len(lines) >= MAX_LINES:
            raise Conflict(f"a cart holds at most {MAX_LINES} different products", code="cart_full")
        lines[product_id] = quantity
    return render(order_table.save_cart(user_id, lines, cart))
