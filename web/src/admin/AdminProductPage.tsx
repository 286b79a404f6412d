import { useState } from "react";
import { ApiError, fieldErrorsOf } from "../api/errors";
import { navigate } from "../app/router";
import { type Product, useProduct } from "../catalog/queries";
import { ErrorMessage, Spinner } from "../ui/feedback";
import { Money } from "../ui/Money";
import { Page } from "../ui/Page";
import { AdminNav } from "./AdminNav";
import { ProductForm } from "./ProductForm";
import { draftOf, EMPTY_PRODUCT } from "./productDraft";
import { useCreateProduct, useDeleteProduct, useUpdateProduct } from "./queries";

export function NewProductPage() {
  const create = useCreateProduct();
  return (
    <Page title="New product">
      <AdminNav />
      <ProductForm
        initial={EMPTY_PRODUCT}
        apiErrors={fieldErrorsOf(create.error)}
        busy={create.isPending}
        onSave={(product) => create.mutate(product, { onSuccess: (created) => navigate(`/admin/products/${created.id}`, { replace: true }) })}
      >
        <ErrorMessage error={create.error} />
      </ProductForm>
    </Page>
  );
}

export function EditProductPage({ productId }: { productId: string }) {
  const product = useProduct(productId);
  if (product.isPending) return <Spinner />;
  if (product.error) return <ErrorMessage error={product.error} onRetry={() => product.refetch()} />;
  return (
    <Page title={`Edit ${product.data.name}`}>
      <AdminNav />
      <EditProduct product={product.data} />
    </Page>
  );
}

/**
 * Saves carry the version the form was loaded from. When someone else saved meanwhile (409
 * version_conflict) the current values are shown, and saving again overwrites them knowingly.
 */
function EditProduct({ product }: { product: Product }) {
  const update = useUpdateProduct(product.id);
  const remove = useDeleteProduct(product.id);
  const [baseVersion, setBaseVersion] = useState(product.version);
  const [saved, setSaved] = useState(false);
  const conflict = update.error instanceof ApiError && update.error.code === "version_conflict";

  return (
    <>
      {conflict && product.version !== baseVersion && (
        <div className="notice" role="alert">
          <p>Someone else changed this product while you were editing. Its current values:</p>
          <p>
            {product.name}, {product.category}, <Money amount={product.price} currency={product.currency} />, stock {product.stock}
          </p>
          <button type="button" className="secondary" onClick={() => setBaseVersion(product.version)}>
            Keep my changes and retry
          </button>
        </div>
      )}
      <ProductForm
        initial={draftOf(product)}
        apiErrors={fieldErrorsOf(update.error)}
        busy={update.isPending}
        onSave={(changes) => {
          setSaved(false);
          update.mutate(
            { ...changes, version: baseVersion },
            {
              onSuccess: (updated) => {
                setBaseVersion(updated.version);
                setSaved(true);
              },
            },
          );
        }}
      >
        {!conflict && <ErrorMessage error={update.error} />}
        {saved && <p className="success">Saved.</p>}
      </ProductForm>
      <DeleteProduct busy={remove.isPending} onDelete={() => remove.mutate(undefined, { onSuccess: () => navigate("/admin/products", { replace: true }) })} />
      <ErrorMessage error={remove.error} />
    </>
  );
}

/** Two steps, in the page: a dialog box would not be reachable by every assistive technology alike. */
function DeleteProduct({ busy, onDelete }: { busy: boolean; onDelete: () => void }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="actions">
      {confirming ? (
        <>
          <button type="button" className="danger" disabled={busy} onClick={onDelete}>
            Yes, delete this product
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete product
        </button>
      )}
    </div>
  );
}
