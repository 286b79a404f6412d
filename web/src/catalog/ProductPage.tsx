import { type FormEvent, useState } from "react";
import { fieldErrorsOf } from "../api/errors";
import { Link, navigate } from "../app/router";
import { useSession } from "../app/services";
import { useCart, useSetQuantity } from "../cart/queries";
import { ErrorMessage, Spinner } from "../ui/feedback";
import { Field } from "../ui/Field";
import { Money } from "../ui/Money";
import { Page } from "../ui/Page";
import { availability, type Product, useProduct } from "./queries";

export function ProductPage({ productId }: { productId: string }) {
  const product = useProduct(productId);
  if (product.isPending) return <Spinner />;
  if (product.error) return <ErrorMessage error={product.error} onRetry={() => product.refetch()} />;
  return (
    <Page title={product.data.name}>
      <div className="product-detail">
        <p className="category">{product.data.category}</p>
        <p className="price-large">
          <Money amount={product.data.price} currency={product.data.currency} />
        </p>
        <p className={product.data.stock > 0 ? "stock" : "stock out"}>{availability(product.data.stock)}</p>
        <p className="description">{product.data.description}</p>
        <AddToCart product={product.data} />
      </div>
    </Page>
  );
}

function AddToCart({ product }: { product: Product }) {
  const { user } = useSession();
  const cart = useCart();
  const setQuantity = useSetQuantity();
  const [quantity, setQuantityText] = useState("1");
  const inCart = cart.data?.items.find((line) => line.product_id === product.id)?.quantity ?? 0;

  function add(event: FormEvent) {
    event.preventDefault();
    if (!user) return navigate(`/signin?next=${encodeURIComponent(`/products/${product.id}`)}`);
    setQuantity.mutate({ productId: product.id, quantity: inCart + Number(quantity) });
  }

  return (
    <form className="add-to-cart" onSubmit={add}>
      <Field
        label="Quantity"
        type="number"
        inputMode="numeric"
        min={1}
        max={99}
        required
        value={quantity}
        onChange={(e) => setQuantityText(e.target.value)}
        error={fieldErrorsOf(setQuantity.error).quantity}
      />
      <button type="submit" disabled={product.stock <= 0 || setQuantity.isPending}>
        {setQuantity.isPending ? "Adding…" : "Add to cart"}
      </button>
      <ErrorMessage error={setQuantity.error} />
      {setQuantity.isSuccess && (
        <p role="status" className="success">
          Added. {inCart} in your <Link to="/cart">cart</Link>.
        </p>
      )}
    </form>
  );
}
