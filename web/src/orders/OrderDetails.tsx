import { Money } from "../ui/Money";
import { OrderStatus } from "./OrderStatus";
import { type Order, usePayment, useShipment } from "./queries";
import { statusWord } from "./status";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatDate(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** An order, its payment and its shipment: what the customer and an admin both see. */
export function OrderDetails({ order }: { order: Order }) {
  const address = order.shipping_address as Record<string, string | undefined>;
  return (
    <div className="order">
      <OrderStatus order={order} />
      <ul className="lines" aria-label="Order lines">
        {order.items.map((line) => (
          <li key={line.product_id} className="line">
            <span className="line-name">{line.name}</span>
            <span>× {line.quantity}</span>
            <span className="line-total">
              <Money amount={line.line_total} currency={order.currency} />
            </span>
          </li>
        ))}
      </ul>
      <p className="total">
        Total <Money amount={order.total} currency={order.currency} />
      </p>
      <div className="order-facts">
        <section aria-labelledby="ship-to">
          <h2 id="ship-to">Ship to</h2>
          <address>
            {address.recipient}
            <br />
            {address.line1}
            {address.line2 && <>, {address.line2}</>}
            <br />
            {address.postal_code} {address.city}, {address.country}
          </address>
        </section>
        <PaymentFacts order={order} />
        <ShipmentFacts order={order} />
        <section aria-labelledby="history">
          <h2 id="history">History</h2>
          <ol className="history">
            {order.history.map((change) => (
              <li key={change.status + change.at}>
                {statusWord(change.status)} <time dateTime={change.at}>{formatDate(change.at)}</time>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </div>
  );
}

function PaymentFacts({ order }: { order: Order }) {
  const payment = usePayment(order).data;
  return (
    <section aria-labelledby="payment">
      <h2 id="payment">Payment</h2>
      {payment ? (
        <p>
          {statusWord(payment.status)}, <Money amount={payment.amount} currency={payment.currency} />
          {payment.decline_reason && <> ({payment.decline_reason.replace(/_/g, " ")})</>}
          {payment.refunded && <>, refunded</>}
        </p>
      ) : (
        <p>Not taken yet</p>
      )}
    </section>
  );
}

function ShipmentFacts({ order }: { order: Order }) {
  const shipment = useShipment(order).data;
  return (
    <section aria-labelledby="shipment">
      <h2 id="shipment">Shipment</h2>
      {shipment ? (
        <p>
          {statusWord(shipment.status)}, {shipment.carrier} {shipment.tracking_number}
        </p>
      ) : (
        <p>Not arranged yet</p>
      )}
    </section>
  );
}
