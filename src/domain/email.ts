/**
 * The key under which an email is unique (docs/compatibility.md#d2: compared case-insensitively). Every
 * Users adapter derives its uniqueness key here, so they all agree on what "the same email" is.
 */
export const emailKey = (email: string) => email.trim().toLowerCase();
