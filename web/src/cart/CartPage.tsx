import { Link } from "../app/router";
import { ErrorMessage, Spinner } from "../ui/feedback";
import { Money } from "../ui/Money";
import { Page } from "../ui/Page";
import { type Cart, useCart, useSetQuantity } from "./queries";

export function CartPage() {
  const cart = useCart();
  return (
    <Page title="Your cart">
      {cart.isPending ? (
        <Spinner />
      ) : cart.error ? (
        <ErrorMessage error={cart.error} onRetry={() => cart.refetch()} />
      ) : cart.data.items.length === 0 ? (
        <p>
          Your cart is empty. <Link to="/">Browse the products</Link>.
        </p>
      ) : (
        <CartLines cart={cart.data} />
      )}
    </Page>
  );
}

function CartLines({ cart }: { cart: Cart }) {
  const setQuantity = useSetQuantity();
  const currency = cart.currency ?? "EUR";
  return (
    <>
      <ErrorMessage error={setQuantity.error} />
      <ul className="lines" aria-label="Cart lines">
        {cart.items.map((line) => (
          <li key={line.product_id} className="line">
            <Link to={`/products/${line.product_id}`} className="line-name">
              {line.name ?? "A product no longer sold"}
            </Link>
            {!line.available && <span className="stock out">Not available</span>}
            <label className="line-quantity">
              <span className="visually-hidden">Quantity of {line.name}</span>
              <select
                value={line.quantity}
                disabled={setQuantity.isPending}
                onChange={(e) => setQuantity.mutate({ productId: line.product_id, quantity: Number(e.target.value) })}
              >
                {Array.from({ length: Math.max(10, line.quantity) }, (_, index) => index + 1).map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <span className="line-total">{line.line_total != null && <Money amount={line.line_total} currency={currency} />}</span>
            <button
              type="button"
              className="secondary"
              aria-label={`Remove ${line.name ?? line.product_id}`}
              disabled={setQuantity.isPending}
              onClick={() => setQuantity.mutate({ productId: line.product_id, quantity: 0 })}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <p className="total">
        Total <Money amount={cart.total} currency={currency} />
      </p>
      <Link to="/checkout" className="button">
        Checkout
      </Link>
    </>
  );
}
