import type { Order } from "./queries";
import { cancelReason, statusWord } from "./status";

/** The order's status, announced politely as it changes (the page polls). */
export function OrderStatus({ order }: { order: Order }) {
  return (
    <p role="status" className={`order-status status-${order.status.toLowerCase()}`}>
      <span className="badge">{statusWord(order.status)}</span>
      {order.status === "CANCELLED" && order.cancel_reason && <span> because {cancelReason(order.cancel_reason)}</span>}
      {order.status === "PAID" && order.cancel_requested_at && <span> · cancellation requested</span>}
    </p>
  );
}
