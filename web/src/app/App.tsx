import { useEffect } from "react";
import { ErrorMessage } from "../ui/feedback";
import { useOnline } from "../ui/online";
import { Page } from "../ui/Page";
import { Header } from "./Header";
import { type Access, ROUTES } from "./routes";
import { matchPath, navigate, useLocation } from "./router";
import { useSession } from "./services";

export function App() {
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header />
      <OfflineBanner />
      <main id="main" tabIndex={-1}>
        <CurrentPage />
      </main>
    </>
  );
}

function OfflineBanner() {
  const online = useOnline();
  if (online) return null;
  return (
    <p className="offline-banner" role="alert">
      You are offline. Products you have seen stay available; signing in, the cart and checkout need the network.
    </p>
  );
}

function CurrentPage() {
  const { path, href } = useLocation();
  const { user } = useSession();
  const match = ROUTES.map((route) => ({ route, params: matchPath(route.pattern, path) })).find((m) => m.params);
  const allowed = match ? mayEnter(match.route.access, user) : true;

  useEffect(() => {
    if (!allowed && !user) navigate(`/signin?next=${encodeURIComponent(href)}`, { replace: true });
  }, [allowed, user, href]);

  if (!match) {
    return (
      <Page title="Page not found">
        <p>There is nothing at this address.</p>
      </Page>
    );
  }
  if (!allowed) return user ? <ErrorMessage error={new Error("This page is for admins only.")} /> : null;
  return <>{match.route.render(match.params!)}</>;
}

function mayEnter(access: Access, user: { isAdmin: boolean } | null): boolean {
  if (access === "anyone") return true;
  if (access === "signed-in") return user !== null;
  return user?.isAdmin === true;
}
