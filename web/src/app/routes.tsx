import type { ReactNode } from "react";
import { ProfilePage } from "../account/ProfilePage";
import { SignInPage } from "../account/SignInPage";
import { SignUpPage } from "../account/SignUpPage";
import { AdminOrderPage } from "../admin/AdminOrderPage";
import { AdminOrdersPage } from "../admin/AdminOrdersPage";
import { EditProductPage, NewProductPage } from "../admin/AdminProductPage";
import { AdminProductsPage } from "../admin/AdminProductsPage";
import { CartPage } from "../cart/CartPage";
import { CatalogPage } from "../catalog/CatalogPage";
import { ProductPage } from "../catalog/ProductPage";
import { CheckoutPage } from "../checkout/CheckoutPage";
import { OrderPage } from "../orders/OrderPage";
import { OrdersPage } from "../orders/OrdersPage";

export type Access = "anyone" | "signed-in" | "admin";

interface Route {
  pattern: string;
  access: Access;
  render: (params: Record<string, string>) => ReactNode;
}

/** First match wins. */
export const ROUTES: Route[] = [
  { pattern: "/", access: "anyone", render: () => <CatalogPage /> },
  { pattern: "/products/:productId", access: "anyone", render: (p) => <ProductPage productId={p.productId!} /> },
  { pattern: "/signin", access: "anyone", render: () => <SignInPage /> },
  { pattern: "/signup", access: "anyone", render: () => <SignUpPage /> },
  { pattern: "/cart", access: "signed-in", render: () => <CartPage /> },
  { pattern: "/checkout", access: "signed-in", render: () => <CheckoutPage /> },
  { pattern: "/orders", access: "signed-in", render: () => <OrdersPage /> },
  { pattern: "/orders/:orderId", access: "signed-in", render: (p) => <OrderPage key={p.orderId} orderId={p.orderId!} /> },
  { pattern: "/account", access: "signed-in", render: () => <ProfilePage /> },
  { pattern: "/admin", access: "admin", render: () => <AdminProductsPage /> },
  { pattern: "/admin/products", access: "admin", render: () => <AdminProductsPage /> },
  { pattern: "/admin/products/new", access: "admin", render: () => <NewProductPage /> },
  { pattern: "/admin/products/:productId", access: "admin", render: (p) => <EditProductPage key={p.productId} productId={p.productId!} /> },
  { pattern: "/admin/orders", access: "admin", render: () => <AdminOrdersPage /> },
  { pattern: "/admin/orders/:orderId", access: "admin", render: (p) => <AdminOrderPage key={p.orderId} orderId={p.orderId!} /> },
];
