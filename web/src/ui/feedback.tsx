import { useEffect, useRef } from "react";
import { toApiError } from "../api/errors";

export function Spinner({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="spinner" role="status">
      <span className="spinner-wheel" aria-hidden="true" />
      {label}
    </p>
  );
}

/** An error as the API worded it; moved into view and announced when it appears. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const apiError = error ? toApiError(error) : null;
  useEffect(() => {
    if (apiError) ref.current?.scrollIntoView({ block: "nearest" });
  }, [apiError?.message]);
  if (!apiError) return null;
  return (
    <div className="error" role="alert" ref={ref}>
      <p>{apiError.message}</p>
      {onRetry && (
        <button type="button" className="secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function SkeletonGrid({ count = 6 }: { count?: number }) {
  return (
    <div className="grid">
      <p className="visually-hidden">Loading products…</p>
      {Array.from({ length: count }, (_, index) => (
        <div key={index} className="card skeleton" aria-hidden="true" />
      ))}
    </div>
  );
}
