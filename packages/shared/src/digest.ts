// Without dependencies, so the preview runtime imports it alone (`@live/shared/digest`).

/**
 * A short digest of a codeSpace's code that names which code a render came from (rule U3). Synchronous (the
 * preview may run where `crypto.subtle` is not offered) and not cryptographic: it tells versions of one
 * codeSpace's code apart, it does not protect anything. cyrb53 over UTF-16 code units, 14 hex characters.
 */
export function codeDigest(code: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}
