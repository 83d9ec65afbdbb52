/** Errors thrown by the embedded NLU, each with a stable machine-readable `code`. */
export type NluErrorCode =
  | 'TELLER_ERR_NLU_NOT_TRAINED'
  | 'TELLER_ERR_NLU_NO_EXAMPLES'
  | 'TELLER_ERR_NLU_BAD_MODEL'
  | 'TELLER_ERR_NLU_BAD_OPTIONS';

export class NluError extends Error {
  readonly code: NluErrorCode;

  constructor(code: NluErrorCode, message: string) {
    super(message);
    this.name = 'NluError';
    this.code = code;
  }
}
