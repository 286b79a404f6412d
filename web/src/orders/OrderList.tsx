import type { ReactNode } from "react";
import type { Schemas } from "../api/client";
import { Link } from "../app/router";
import { Money } from "../ui/Money";
import { formatDate } from "./OrderDetails";
import { statusWord } from "./status";

type Order = Schemas["Order"];

/** A list of orders, each a link with its status and total; the shopper's and the admin's pages. */
export function OrderList({ orders, href, detail }: {
  orders: Order[];
  href: (order: Order) => string;
  detail?: (order: Order) => ReactNode;
}) {
  return (
    <ul className="lines" aria-label="Orders">
      {orders.map((order) => (
        <li key={order.id} className="line">
          <Link to={href(order)} className="line-name">
            Order {order.id.slice(0, 8)} of {formatDate(order.created_at)}{detail?.(order)}
          </Link>
          <span className="badge">{statusWord(order.status)}</span>
          <Money amount={order.total} currency={order.currency} />
        </li>
      ))}
    </ul>
  );
}

/** "More orders", while there are more pages to fetch. */
export function MoreOrders({ pages }: {
  pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  if (!pages.hasNextPage) return null;
  return (
    <button type="button" className="secondary wide" disabled={pages.isFetchingNextPage} onClick={() => pages.fetchNextPage()}>
      More orders
    </button>
  );
}
