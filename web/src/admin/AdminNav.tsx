import { Link, useLocation } from "../app/router";

export function AdminNav() {
  const { path } = useLocation();
  const current = (prefix: string) => (path.startsWith(prefix) ? "page" : undefined);
  return (
    <nav aria-label="Admin sections" className="subnav">
      <Link to="/admin/products" aria-current={current("/admin/products")}>
        Products
      </Link>
      <Link to="/admin/orders" aria-current={current("/admin/orders")}>
        Orders
      </Link>
    </nav>
  );
}
