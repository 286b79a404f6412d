/** Every failure the UI shows, whether the API answered with its error body or never answered. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  /** Messages of a 422 by field name as the API spells it (`price`, `shipping_address.city`). */
  readonly fields: Readonly<Record<string, string>>;

  constructor(status: number, message: string, code?: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  get isOffline(): boolean {
    return this.status === 0;
  }
}

interface ErrorBody {
  message?: unknown;
  code?: unknown;
  details?: unknown;
}

interface ErrorDetail {
  field?: unknown;
  message?: unknown;
}

const FALLBACK_MESSAGES: Record<number, string> = {
  401: "Please sign in again.",
  403: "You are not allowed to do that.",
  404: "Not found.",
  429: "Too many requests: wait a moment and try again.",
  500: "The shop had a problem. Please try again.",
  502: "The shop did not answer in time. Please try again.",
  503: "The shop is unavailable right now. Please try again shortly.",
};

/** An ApiError from a status and whatever body came with it (the API's `{message, code, details}` or not). */
export function errorFromBody(status: number, body: unknown): ApiError {
  const { message, code, details } = (typeof body === "object" && body !== null ? body : {}) as ErrorBody;
  const fields: Record<string, string> = {};
  if (Array.isArray(details)) {
    for (const detail of details as ErrorDetail[]) {
      if (typeof detail.field === "string" && typeof detail.message === "string" && !(detail.field in fields)) {
        fields[detail.field] = detail.message;
      }
    }
  }
  const text = typeof message === "string" && message ? message : (FALLBACK_MESSAGES[status] ?? `Request failed (${status}).`);
  return new ApiError(status, text, typeof code === "string" ? code : undefined, fields);
}

/** The error of a request that never got an answer. */
export function networkError(cause: unknown): ApiError {
  const offline = typeof navigator !== "undefined" && navigator.onLine === false;
  const error = new ApiError(0, offline ? "You are offline. Check your connection and try again." : "The shop could not be reached. Please try again.");
  error.cause = cause;
  return error;
}

/** Anything thrown, as an ApiError (a bug in our code still shows a message rather than a blank page). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TypeError) return networkError(error);
  return new ApiError(-1, error instanceof Error ? error.message : String(error));
}

/**
 * The 422 messages of the fields under `prefix` ("shipping_address"), named without it, so a form
 * can put each next to its input. Without a prefix: every field, by its full name.
 */
export function fieldErrorsOf(error: unknown, prefix = ""): Record<string, string> {
  if (!error) return {};
  const fields = toApiError(error).fields;
  if (!prefix) return { ...fields };
  const nested: Record<string, string> = {};
  for (const [name, message] of Object.entries(fields)) {
    if (name.startsWith(`${prefix}.`)) nested[name.slice(prefix.length + 1)] = message;
  }
  return nested;
}
