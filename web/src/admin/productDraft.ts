import type { Product } from "../catalog/queries";
import { moneyInputValue, parseMoney } from "../ui/money";
import type { NewProduct } from "./queries";

/** A product form's inputs, as typed. */
export interface ProductDraft {
  name: string;
  category: string;
  price: string;
  currency: string;
  stock: string;
  description: string;
}

export const EMPTY_PRODUCT: ProductDraft = { name: "", category: "", price: "", currency: "EUR", stock: "0", description: "" };

export function draftOf(product: Product): ProductDraft {
  return {
    name: product.name,
    category: product.category,
    price: moneyInputValue(product.price, product.currency),
    currency: product.currency,
    stock: String(product.stock),
    description: product.description,
  };
}

/** The product to send, or the messages of the inputs that cannot become one (the API checks the rest). */
export function productFrom(draft: ProductDraft): { product: NewProduct } | { errors: Record<string, string> } {
  const currency = draft.currency.trim().toUpperCase();
  const price = /^[A-Z]{3}$/.test(currency) ? parseMoney(draft.price, currency) : null;
  const stock = /^\d+$/.test(draft.stock.trim()) ? Number(draft.stock) : null;
  const errors: Record<string, string> = {};
  if (price === null) errors.price = "Enter an amount such as 12.50";
  if (stock === null) errors.stock = "Enter a whole number";
  if (price === null || stock === null) return { errors };
  return {
    product: { name: draft.name.trim(), category: draft.category.trim(), price, currency, stock, description: draft.description },
  };
}
