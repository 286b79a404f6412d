import { Link } from "../app/router";
import { Money } from "../ui/Money";
import { availability, type Product } from "./queries";

export function ProductCard({ product }: { product: Product }) {
  return (
    <li className="card product-card">
      <Link to={`/products/${product.id}`} className="card-link">
        <span className="product-name">{product.name}</span>
      </Link>
      <span className="category">{product.category}</span>
      <Money amount={product.price} currency={product.currency} />
      <span className={product.stock > 0 ? "stock" : "stock out"}>{availability(product.stock)}</span>
    </li>
  );
}
