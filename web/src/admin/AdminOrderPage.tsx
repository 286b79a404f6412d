import { OrderDetails } from "../orders/OrderDetails";
import { type Order, useOrder, useShipment } from "../orders/queries";
import { ErrorMessage, Spinner } from "../ui/feedback";
import { Page } from "../ui/Page";
import { AdminNav } from "./AdminNav";
import { useAdvanceShipment } from "./queries";

export function AdminOrderPage({ orderId }: { orderId: string }) {
  const order = useOrder(orderId);
  if (order.isPending) return <Spinner label="Loading the order…" />;
  if (order.error && !order.data) return <ErrorMessage error={order.error} onRetry={() => order.refetch()} />;
  return (
    <Page title={`Order ${orderId.slice(0, 8)}`}>
      <AdminNav />
      <p className="hint">Customer {order.data.user_id}</p>
      <OrderDetails order={order.data} />
      <ShipmentActions order={order.data} />
    </Page>
  );
}

/** Advance the parcel: the order follows through the shipping service's events. */
function ShipmentActions({ order }: { order: Order }) {
  const shipment = useShipment(order).data;
  const advance = useAdvanceShipment(order.id);
  if (!shipment) return null;
  const mark = (status: "SHIPPED" | "DELIVERED") => advance.mutate({ shipmentId: shipment.id, status });
  return (
    <div className="actions">
      <ErrorMessage error={advance.error} />
      <button type="button" disabled={shipment.status !== "PENDING" || advance.isPending} onClick={() => mark("SHIPPED")}>
        Mark shipped
      </button>
      <button type="button" disabled={shipment.status !== "SHIPPED" || advance.isPending} onClick={() => mark("DELIVERED")}>
        Mark delivered
      </button>
    </div>
  );
}
