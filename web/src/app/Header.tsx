import { useSignOut } from "../account/useSignIn";
import { itemCount, useCart } from "../cart/queries";
import { Link, navigate } from "./router";
import { useSession } from "./services";

export function Header() {
  const { user } = useSession();
  const signOut = useSignOut();
  const count = itemCount(useCart().data);
  return (
    <header className="header">
      <Link to="/" className="brand">
        Shop
      </Link>
      <nav aria-label="Main" className="nav">
        <Link to="/cart" aria-describedby={count ? "cart-count" : undefined}>
          Cart
          {count > 0 && (
            <span className="count" aria-hidden="true">
              {count}
            </span>
          )}
        </Link>
        <span id="cart-count" hidden>
          {count} {count === 1 ? "item" : "items"}
        </span>
        {user ? (
          <>
            <Link to="/orders">Orders</Link>
            <Link to="/account">Account</Link>
            {user.isAdmin && <Link to="/admin">Admin</Link>}
            <button type="button" className="link" onClick={() => signOut.mutate(undefined, { onSettled: () => navigate("/") })}>
              Sign out
            </button>
          </>
        ) : (
          <>
            <Link to="/signin">Sign in</Link>
            <Link to="/signup">Sign up</Link>
          </>
        )}
      </nav>
    </header>
  );
}
