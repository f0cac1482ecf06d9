import { z } from "zod";

/**
 * Accounts, keys and access on the wire (rules A1-A21 in SPEC.md): request schemas and the shapes the API answers,
 * shared by the Worker and the editor.
 */
export const HANDLE_PATTERN = /^[a-z0-9_-]{3,32}$/;
export const MIN_PASSWORD_LENGTH = 10;
/** A password longer than this is refused before hashing: PBKDF2 of a huge input is a cheap way to burn CPU. */
export const MAX_PASSWORD_LENGTH = 256;

const Handle = z.string().regex(HANDLE_PATTERN, "a handle is 3-32 characters of a-z 0-9 _ -");
export const SignupSchema = z
  .object({
    handle: Handle,
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(MAX_PASSWORD_LENGTH),
  })
  .strict();
/** Login does not check the handle's pattern: an impossible handle is just an unknown one (A4). */
export const LoginSchema = z
  .object({ handle: z.string().max(64), password: z.string().max(MAX_PASSWORD_LENGTH) })
  .strict();
export const CreateKeySchema = z
  .object({ name: z.string().min(1).max(64), codeSpace: z.string().min(1).max(64).optional() })
  .strict();
export const InviteSchema = z.object({ role: z.literal("editor") }).strict();
export const AcceptInviteSchema = z.object({ token: z.string().min(16).max(128) }).strict();

export interface PublicUser {
  id: string;
  handle: string;
}

export type MemberRole = "owner" | "editor";
export interface Member extends PublicUser {
  role: MemberRole;
}

/** Who opened the editor page and their standing, embedded in it (no request, no 401 for a visitor). */
export interface Viewer {
  user: PublicUser | null;
  access: AccessInfo;
}

/** What `GET /live/{cs}/api/access` answers; `you` is the asker's standing (A10). */
export interface AccessInfo {
  mode: "open" | "owned";
  owner?: PublicUser;
  members: Member[];
  you: "owner" | "editor" | "viewer" | "anyone";
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  codeSpace: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

/** A22: a passkey as its owner sees it in the settings; nothing in it can sign in. */
export interface PasskeyInfo {
  id: string;
  /** How the authenticator can be reached (`internal`, `hybrid`, `usb`, ...), as it said when registered. */
  transports: string[];
  createdAt: string;
  lastUsedAt: string | null;
}

/** A23: an invite not yet used, as the owner sees it; its token is in no response after the one that made it. */
export interface PendingInvite {
  /** The SHA-256 of the token: it names the invite, it cannot be used as one. */
  id: string;
  role: MemberRole;
  createdBy: PublicUser;
  createdAt: string;
  expiresAt: string;
}

export interface CodeSpaceListing {
  codeSpace: string;
  role: MemberRole;
  owner: PublicUser;
  createdAt: string;
  editedAt: string;
  forkedFrom: string | null;
  /** P10: from the codeSpace's metadata. */
  title: string | null;
  description: string | null;
  publishedVersion: number | null;
}

/** The API key format: a fixed prefix (so secret scanners and people recognise it) and 32 random bytes. */
export const API_KEY_PREFIX = "live_";
