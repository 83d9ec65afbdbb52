/** Account numbers show only their last 4 digits, everywhere. */
export function maskAccountNumber(value: string): string {
  const digits = value.replace(/[^0-9A-Za-z]/g, '');
  return `••${digits.slice(-4)}`;
}

/** The last 4 characters an account's mask holds, whatever the source gave us. */
export function last4(value: string): string {
  return value.replace(/[^0-9A-Za-z]/g, '').slice(-4);
}
