import { type FormEvent, useState } from "react";
import { fieldErrorsOf } from "../api/errors";
import { type Address, useAddresses } from "../account/queries";
import { AddressFields, type AddressDraft, addressBody, EMPTY_ADDRESS } from "../account/AddressFields";
import { Link } from "../app/router";
import { useCart } from "../cart/queries";
import { ErrorMessage, Spinner } from "../ui/feedback";
import { Money } from "../ui/Money";
import { useOnline } from "../ui/online";
import { Page } from "../ui/Page";
import { TEST_CARDS } from "./paymentChoices";
import { type PlaceOrderBody, usePlaceOrder } from "./usePlaceOrder";

const NEW_ADDRESS = "new";

export function CheckoutPage() {
  const cart = useCart();
  const addresses = useAddresses();
  const online = useOnline();

  if (!online) {
    return (
      <Page title="Checkout">
        <p className="notice" role="status">
          Checkout needs the network. You are offline: your cart is kept, come back when you are connected.
        </p>
      </Page>
    );
  }
  if (cart.isPending || addresses.isPending) return <Spinner />;
  if (cart.error || addresses.error) {
    const retry = () => void Promise.all([cart.refetch(), addresses.refetch()]);
    return <ErrorMessage error={cart.error ?? addresses.error} onRetry={retry} />;
  }
  if (cart.data.items.length === 0) {
    return (
      <Page title="Checkout">
        <p>
          Your cart is empty. <Link to="/">Browse the products</Link>.
        </p>
      </Page>
    );
  }
  return (
    <Page title="Checkout">
      <p className="total">
        {cart.data.items.length} {cart.data.items.length === 1 ? "product" : "products"}, total{" "}
        <Money amount={cart.data.total} currency={cart.data.currency ?? "EUR"} />
      </p>
      <CheckoutForm savedAddresses={addresses.data.items} cartLines={cart.data.items.map((l) => [l.product_id, l.quantity])} />
    </Page>
  );
}

function defaultChoice(addresses: Address[]): string {
  return (addresses.find((address) => address.is_default) ?? addresses[0])?.id ?? NEW_ADDRESS;
}

function CheckoutForm({ savedAddresses, cartLines }: { savedAddresses: Address[]; cartLines: unknown }) {
  const placeOrder = usePlaceOrder();
  const [addressChoice, setAddressChoice] = useState(() => defaultChoice(savedAddresses));
  const [draft, setDraft] = useState<AddressDraft>(EMPTY_ADDRESS);
  const [paymentToken, setPaymentToken] = useState<string>(TEST_CARDS[0].token);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (placeOrder.isPending) return;
    const body: PlaceOrderBody =
      addressChoice === NEW_ADDRESS
        ? { shipping_address: addressBody(draft), payment_token: paymentToken }
        : { address_id: addressChoice, payment_token: paymentToken };
    placeOrder.mutate({ body, cartLines, savedAddress: savedAddresses.find((address) => address.id === addressChoice) });
  }

  return (
    <form onSubmit={submit} className="checkout" noValidate>
      <fieldset>
        <legend>Ship to</legend>
        {savedAddresses.map((address) => (
          <label key={address.id} className="choice">
            <input type="radio" name="address" value={address.id} checked={addressChoice === address.id} onChange={() => setAddressChoice(address.id)} />
            <span>
              {address.recipient}, {address.line1}, {address.postal_code} {address.city}, {address.country}
              {address.is_default && " (default)"}
            </span>
          </label>
        ))}
        {savedAddresses.length > 0 && (
          <label className="choice">
            <input type="radio" name="address" value={NEW_ADDRESS} checked={addressChoice === NEW_ADDRESS} onChange={() => setAddressChoice(NEW_ADDRESS)} />
            <span>A new address</span>
          </label>
        )}
        {addressChoice === NEW_ADDRESS && (
          <AddressFields value={draft} onChange={setDraft} errors={fieldErrorsOf(placeOrder.error, "shipping_address")} />
        )}
      </fieldset>
      <fieldset>
        <legend>Payment</legend>
        {TEST_CARDS.map((card) => (
          <label key={card.token} className="choice">
            <input type="radio" name="payment" value={card.token} checked={paymentToken === card.token} onChange={() => setPaymentToken(card.token)} />
            <span>{card.label}</span>
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={placeOrder.error} />
      {/* Not disabled while pending: the submit handler ignores the second click, and focus stays put. */}
      <button type="submit" className="wide" aria-disabled={placeOrder.isPending}>
        Place order
      </button>
      {placeOrder.isPending && <Spinner label="Placing your order…" />}
    </form>
  );
}
