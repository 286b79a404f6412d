import { Link } from "../app/router";
import { ErrorMessage, Spinner } from "../ui/feedback";
import { Page } from "../ui/Page";
import { MoreOrders, OrderList } from "./OrderList";
import { useMyOrders } from "./queries";

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
        <OrderList orders={orders} href={(order) => `/orders/${order.id}`} />
      )}
      <MoreOrders pages={pages} />
    </Page>
  );
}
