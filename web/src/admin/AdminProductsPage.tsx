import { Link, navigate } from "../app/router";
import { useProductPages } from "../catalog/queries";
import { ErrorMessage, Spinner } from "../ui/feedback";
import { Money } from "../ui/Money";
import { Page } from "../ui/Page";
import { AdminNav } from "./AdminNav";

export function AdminProductsPage() {
  const pages = useProductPages({});
  const products = pages.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Page
      title="Products"
      actions={
        <button type="button" onClick={() => navigate("/admin/products/new")}>
          New product
        </button>
      }
    >
      <AdminNav />
      <ErrorMessage error={pages.error} onRetry={() => pages.refetch()} />
      {pages.isPending ? (
        <Spinner />
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="wide-only">Category</th>
                <th scope="col">Price</th>
                <th scope="col">Stock</th>
              </tr>
            </thead>
            <tbody>
              {products.map((product) => (
                <tr key={product.id}>
                  <td>
                    <Link to={`/admin/products/${product.id}`}>{product.name}</Link>
                  </td>
                  <td className="wide-only">{product.category}</td>
                  <td>
                    <Money amount={product.price} currency={product.currency} />
                  </td>
                  <td>{product.stock}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages.hasNextPage && (
        <button type="button" className="secondary wide" disabled={pages.isFetchingNextPage} onClick={() => pages.fetchNextPage()}>
          More products
        </button>
      )}
    </Page>
  );
}
