import { navigate, useLocation } from "../app/router";
import { MoreOrders, OrderList } from "../orders/OrderList";
import { statusWord } from "../orders/status";
import { ErrorMessage, Spinner } from "../ui/feedback";
import { Page } from "../ui/Page";
import { AdminNav } from "./AdminNav";
import { ORDER_STATUSES, type OrderStatusFilter, useAllOrders } from "./queries";

function statusFilterOf(query: URLSearchParams): OrderStatusFilter {
  const status = query.get("status") ?? "";
  return (ORDER_STATUSES as readonly string[]).includes(status) ? (status as OrderStatusFilter) : "";
}

export function AdminOrdersPage() {
  const status = statusFilterOf(useLocation().query);
  const pages = useAllOrders(status);
  const orders = pages.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Page title="Orders">
      <AdminNav />
      <div className="field inline">
        <label htmlFor="status-filter">Status</label>
        <select id="status-filter" value={status} onChange={(e) => navigate(e.target.value ? `/admin/orders?status=${e.target.value}` : "/admin/orders")}>
          <option value="">Every status</option>
          {ORDER_STATUSES.map((value) => (
            <option key={value} value={value}>
              {statusWord(value)}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage error={pages.error} onRetry={() => pages.refetch()} />
      {pages.isPending ? (
        <Spinner />
      ) : orders.length === 0 ? (
        <p>No orders {status && `with status ${statusWord(status)}`}.</p>
      ) : (
        <OrderList
          orders={orders}
          href={(order) => `/admin/orders/${order.id}`}
          detail={(order) => ` for ${String(order.shipping_address.recipient ?? "")}`}
        />
      )}
      <MoreOrders pages={pages} />
    </Page>
  );
}
