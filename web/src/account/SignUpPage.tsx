import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { call } from "../api/client";
import { ApiError, fieldErrorsOf } from "../api/errors";
import { navigate, useLocation } from "../app/router";
import { useServices } from "../app/services";
import { ErrorMessage } from "../ui/feedback";
import { Field } from "../ui/Field";
import { Page } from "../ui/Page";
import { nextPath } from "./SignInPage";
import { useSignIn } from "./useSignIn";

export function SignUpPage() {
  const { publicApi } = useServices();
  const { query } = useLocation();
  const signIn = useSignIn();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const credentials = { email: email.trim(), password };
  const enter = () => signIn.mutate(credentials, { onSuccess: () => navigate(nextPath(query), { replace: true }) });

  const signUp = useMutation({
    mutationFn: () => call(publicApi.POST("/v1/auth/signup", { body: { ...credentials, name: name.trim() } })),
    onSuccess: (account) => {
      if (account.confirmed) enter(); // else a code was emailed: the form asks for it
    },
  });
  const confirm = useMutation({
    mutationFn: () => call(publicApi.POST("/v1/auth/confirm", { body: { email: credentials.email, code: code.trim() } })),
    onSuccess: enter,
  });
  const fields = fieldErrorsOf(signUp.error);
  // Cognito's password rules come back as a 400 weak_password, not a 422: show them at the password.
  const weakPassword = signUp.error instanceof ApiError && signUp.error.code === "weak_password" ? signUp.error.message : null;
  if (weakPassword) fields.password = weakPassword;
  const awaitingCode = signUp.data && !signUp.data.confirmed;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (awaitingCode) confirm.mutate();
    else signUp.mutate();
  }

  return (
    <Page title="Sign up">
      <form onSubmit={submit} className="narrow">
        {awaitingCode ? (
          <>
            <p className="notice">We sent a code to {credentials.email}. Enter it to confirm your account.</p>
            <Field label="Confirmation code" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
            <ErrorMessage error={confirm.error ?? signIn.error} />
            <button type="submit" className="wide" disabled={confirm.isPending}>
              Confirm
            </button>
          </>
        ) : (
          <>
            <Field label="Name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} error={fields.name} />
            <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fields.email} />
            <Field
              label="Password"
              type="password"
              autoComplete="new-password"
              required
              hint="At least 10 characters, with upper and lower case letters and a number."
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={fields.password}
            />
            {!weakPassword && <ErrorMessage error={signUp.error ?? signIn.error} />}
            <button type="submit" className="wide" disabled={signUp.isPending || signIn.isPending}>
              Sign up
            </button>
          </>
        )}
      </form>
    </Page>
  );
}
