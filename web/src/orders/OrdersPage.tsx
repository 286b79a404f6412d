import { Link } from "../app/router";
import { ErrorMessage, Spinner } from "../ui/feedback";
import { Money } from "../ui/Money";
import { Page } from "../ui/Page";
import { formatDate } from "./OrderDetails";
import { useMyOrders } from "./queries";
import { statusWord } from "./status";

export function OrdersPage() {
  const pages = useMyOrders();
  const orders = pages.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Page title="Your orders">
      <ErrorMessage error={pages.error} onRetry={() => pages.refetch()} />
      {pages.isPending ? (
        <Spinner />
      ) : orders.length === 0 && !pages.error ? (
        <p>
          No orders yet. <Link to="/">Browse the products</Link>.
        </p>
      ) : (
        <ul className="lines" aria-label="Orders">
          {orders.map((order) => (
            <li key={order.id} className="line">
              <Link to={`/orders/${order.id}`} className="line-name">
                Order {order.id.slice(0, 8)} of {formatDate(order.created_at)}
              </Link>
              <span className="badge">{statusWord(order.status)}</span>
              <Money amount={order.total} currency={order.currency} />
            </li>
          ))}
        </ul>
      )}
      {pages.hasNextPage && (
        <button type="button" className="secondary wide" disabled={pages.isFetchingNextPage} onClick={() => pages.fetchNextPage()}>
          More orders
        </button>
      )}
    </Page>
  );
}
