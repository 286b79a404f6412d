import { type FormEvent, useState } from "react";
import { fieldErrorsOf } from "../api/errors";
import { Link, navigate, useLocation } from "../app/router";
import { useSession } from "../app/services";
import { ErrorMessage } from "../ui/feedback";
import { Field } from "../ui/Field";
import { Page } from "../ui/Page";
import { useSignIn } from "./useSignIn";

/** Where to go after signing in: a path of this app only (never another site). */
export function nextPath(query: URLSearchParams): string {
  const next = query.get("next") ?? "/";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function SignInPage() {
  const { query } = useLocation();
  const { expired } = useSession();
  const signIn = useSignIn();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const fields = fieldErrorsOf(signIn.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate({ email: email.trim(), password }, { onSuccess: () => navigate(nextPath(query), { replace: true }) });
  }

  return (
    <Page title="Sign in">
      {expired && <p className="notice">Your session has expired. Please sign in again.</p>}
      <form onSubmit={submit} className="narrow">
        <Field label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} error={fields.email} />
        <Field label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={fields.password} />
        <ErrorMessage error={signIn.error} />
        <button type="submit" className="wide" disabled={signIn.isPending}>
          Sign in
        </button>
      </form>
      <p>
        New here? <Link to={`/signup${query.size ? `?${query}` : ""}`}>Create an account</Link>
      </p>
    </Page>
  );
}
