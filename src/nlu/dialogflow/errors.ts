/**
 * Errors thrown by the Dialogflow adapter, each with a stable `code` (the same `TELLER_ERR_*`
 * scheme as the engine's catalogue). Messages name the gRPC status only: never the customer's text,
 * the credentials or the upstream error body (kept in `cause`, which Teller's logger never prints).
 */
export const DIALOGFLOW_ERROR_CODES = {
  TELLER_ERR_NLU_UNAVAILABLE: 'Dialogflow did not answer in time, or failed on its side',
  TELLER_ERR_NLU_AUTH: 'Dialogflow rejected the credentials or the project permissions',
  TELLER_ERR_NLU_REQUEST: 'Dialogflow rejected the request (unknown project or agent, bad language code)',
  TELLER_ERR_NLU_BAD_RESPONSE: 'Dialogflow answered without a usable query result',
  TELLER_ERR_NLU_BAD_OPTIONS: 'The Dialogflow adapter was configured wrongly',
} as const;

export type DialogflowErrorCode = keyof typeof DIALOGFLOW_ERROR_CODES;

export class DialogflowError extends Error {
  readonly code: DialogflowErrorCode;
  /** The gRPC status code, when the error came from a call. */
  readonly grpcCode?: number;

  constructor(code: DialogflowErrorCode, message?: string, options?: { cause?: unknown; grpcCode?: number }) {
    super(message ?? DIALOGFLOW_ERROR_CODES[code], { cause: options?.cause });
    this.name = 'DialogflowError';
    this.code = code;
    if (options?.grpcCode !== undefined) this.grpcCode = options.grpcCode;
  }
}

/** gRPC status codes (google.rpc.Code) by name, for readable mapping. */
const STATUS_NAMES: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
  11: 'OUT_OF_RANGE',
  12: 'UNIMPLEMENTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  15: 'DATA_LOSS',
  16: 'UNAUTHENTICATED',
};

const AUTH = new Set([7, 16]);
const REQUEST = new Set([3, 5, 9, 11, 12]);

/**
 * Maps anything a `detectIntent` call threw onto a DialogflowError: PERMISSION_DENIED and
 * UNAUTHENTICATED → AUTH; INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, OUT_OF_RANGE,
 * UNIMPLEMENTED → REQUEST; everything else (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED,
 * INTERNAL, UNKNOWN, network and auth-library failures) → UNAVAILABLE.
 */
export function toDialogflowError(err: unknown): DialogflowError {
  if (err instanceof DialogflowError) return err;
  const raw = (err as { code?: unknown } | null)?.code;
  const grpcCode = typeof raw === 'number' && STATUS_NAMES[raw] ? raw : undefined;
  const status = grpcCode === undefined ? 'no gRPC status' : `gRPC ${STATUS_NAMES[grpcCode]}`;
  const code: DialogflowErrorCode =
    grpcCode !== undefined && AUTH.has(grpcCode)
      ? 'TELLER_ERR_NLU_AUTH'
      : grpcCode !== undefined && REQUEST.has(grpcCode)
        ? 'TELLER_ERR_NLU_REQUEST'
        : 'TELLER_ERR_NLU_UNAVAILABLE';
  return new DialogflowError(code, `Dialogflow detectIntent failed (${status})`, { cause: err, grpcCode });
}
