/** A codeSpace name: 1-64 characters of A-Z a-z 0-9 _ - (rule S1 in SPEC.md). */
export const CODESPACE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const isValidCodeSpace = (name: string): boolean => CODESPACE_PATTERN.test(name);

const ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789";

/** A fresh, unguessable, easy-to-read name such as `k7wq-3mzp-xa2c`. */
export function randomCodeSpaceName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const chars = Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join("")).join("-");
}
