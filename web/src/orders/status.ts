/** The order lifecycle as the UI tells it (functions/orders/order_status.py). */
const STATUS_WORDS: Record<string, string> = {
  PENDING: "Pending",
  PAID: "Paid",
  SHIPPED: "Shipped",
  DELIVERED: "Delivered",
  CANCELLED: "Cancelled",
};

const CANCEL_REASONS: Record<string, string> = {
  out_of_stock: "a product was out of stock",
  payment_declined: "the payment was declined",
  customer: "you cancelled it",
};

/** "Paid" for PAID; a status it does not know (a payment's SUCCEEDED) in the same style. */
export function statusWord(status: string): string {
  return STATUS_WORDS[status] ?? status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ");
}

export function cancelReason(reason: string | null | undefined): string {
  return reason ? (CANCEL_REASONS[reason] ?? reason.replace(/_/g, " ")) : "";
}

/** Nothing will happen to the order any more: stop following it. */
export function isFinal(status: string): boolean {
  return status === "DELIVERED" || status === "CANCELLED";
}

/** What the API lets a customer cancel (a PAID order only until its parcel leaves). */
export function isCancellable(status: string, cancelRequested: boolean): boolean {
  return status === "PENDING" || (status === "PAID" && !cancelRequested);
}

/** How often to ask again: soon while payment is under way, more calmly while the parcel travels. */
export function pollInterval(status: string | undefined): number | false {
  if (status === undefined) return false;
  if (isFinal(status)) return false;
  return status === "PENDING" ? 1000 : 2000;
}
