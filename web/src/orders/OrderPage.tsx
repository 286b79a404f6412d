import { ErrorMessage, Spinner } from "../ui/feedback";
import { Page } from "../ui/Page";
import { OrderDetails } from "./OrderDetails";
import { type Order, useCancelOrder, useOrder } from "./queries";
import { isCancellable } from "./status";

export function OrderPage({ orderId }: { orderId: string }) {
  const order = useOrder(orderId);
  if (order.isPending) return <Spinner label="Loading the order…" />;
  if (order.error && !order.data) return <ErrorMessage error={order.error} onRetry={() => order.refetch()} />;
  return (
    <Page title={`Order ${orderId.slice(0, 8)}`}>
      <OrderDetails order={order.data} />
      <CancelOrder order={order.data} />
    </Page>
  );
}

function CancelOrder({ order }: { order: Order }) {
  const cancel = useCancelOrder(order.id);
  if (!isCancellable(order.status, Boolean(order.cancel_requested_at))) return null;
  return (
    <div className="actions">
      <ErrorMessage error={cancel.error} />
      <button type="button" className="danger" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
        Cancel order
      </button>
      {order.status === "PAID" && <p className="hint">A paid order is cancelled unless its parcel has already left.</p>}
    </div>
  );
}
