import { type FormEvent, type ReactNode, useId, useState } from "react";
import { Field } from "../ui/Field";
import { type ProductDraft, productFrom } from "./productDraft";
import type { NewProduct } from "./queries";

interface ProductFormProps {
  initial: ProductDraft;
  /** The API's 422 messages by field. */
  apiErrors: Record<string, string>;
  busy: boolean;
  onSave: (product: NewProduct) => void;
  children?: ReactNode;
}

export function ProductForm({ initial, apiErrors, busy, onSave, children }: ProductFormProps) {
  const [draft, setDraft] = useState(initial);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const descriptionId = useId();
  const errors = { ...apiErrors, ...localErrors };
  const bind = (name: keyof ProductDraft) => ({
    value: draft[name],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }),
    error: errors[name],
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = productFrom(draft);
    setLocalErrors("errors" in result ? result.errors : {});
    if ("product" in result) onSave(result.product);
  }

  return (
    <form onSubmit={submit} className="narrow" noValidate>
      <Field label="Name" required {...bind("name")} />
      <Field label="Category" required hint="Lower case letters, digits and dashes, such as kitchen" {...bind("category")} />
      <div className="row">
        <Field label="Price" inputMode="decimal" required hint="In major units, such as 12.50" {...bind("price")} />
        <Field label="Currency" required maxLength={3} {...bind("currency")} />
      </div>
      <Field label="Stock" type="number" inputMode="numeric" min={0} required {...bind("stock")} />
      <div className="field">
        <label htmlFor={descriptionId}>Description</label>
        <textarea id={descriptionId} rows={4} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
        {errors.description && <p className="field-error">{errors.description}</p>}
      </div>
      {children}
      <button type="submit" className="wide" disabled={busy}>
        Save
      </button>
    </form>
  );
}
