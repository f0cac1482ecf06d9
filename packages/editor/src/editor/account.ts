// Accounts in the editor (SPEC.md A): sign in or up, the user menu, Claim on an open codeSpace, the owner and
// members (the owner removes editors, makes invite links and revokes those not used yet), a read-only banner
// with "Fork to edit" for viewers, and invite links (`/live/{cs}#invite=...`: the token is in the fragment,
// which no request carries). Rights change on the server at once (open sockets turn read-only or writable); the
// page reloads after a change of who you are, so its preview's render ticket matches.
import "./account.css";
import type { AccessInfo, Member, PendingInvite, PublicUser, Viewer } from "@live/shared";
import { api, el } from "./dom.ts";
import { toast } from "./toolbar.ts";

interface ReadOnlyTarget {
  updateOptions(o: { readOnly: boolean }): void;
}

/** What this module needs of the y-websocket provider: its socket, and when it (re)connects. */
interface LiveProvider {
  ws: WebSocket | null;
  on(event: "status", f: (e: { status: string }) => void): void;
}

/** y-websocket's auth message type: the server sends `permission-denied` on it when it drops our writes (A9). */
const MESSAGE_AUTH = 2;

/**
 * A21: the passkey ceremonies. The browser library is loaded on first use only; the server keeps the challenge.
 * `handle` set: create the account with this passkey; otherwise sign in with one this device offers.
 */
async function passkey(handle?: string): Promise<PublicUser> {
  const { startAuthentication, startRegistration } = await import("@simplewebauthn/browser");
  const kind = handle ? "register" : "login";
  const { flow, options } = await api<{ flow: string; options: never }>(
    `/api/auth/passkey/${kind}/options`,
    "POST",
    handle ? { handle } : {},
  );
  const response = handle
    ? await startRegistration({ optionsJSON: options })
    : await startAuthentication({ optionsJSON: options });
  return (await api<{ user: PublicUser }>(`/api/auth/passkey/${kind}/verify`, "POST", { flow, response })).user;
}

/** The sign-in / sign-up dialog, passkey first; resolves when signed in. */
export function signInDialog(why = ""): Promise<PublicUser> {
  return new Promise((resolve) => {
    const handle = el("input", {
      name: "handle",
      placeholder: "handle (a-z 0-9 _ -)",
      autocomplete: "username",
      required: true,
    });
    const password = el("input", {
      name: "password",
      type: "password",
      placeholder: "password (10+ characters)",
      autocomplete: "current-password",
      required: true,
    });
    const error = el("div", { className: "why" }, why);
    const submit = async (kind: "login" | "signup" | "passkey-login" | "passkey-signup") => {
      try {
        if (kind === "passkey-signup" && !handle.value) throw new Error("choose a handle for the new account");
        const user =
          kind === "passkey-login"
            ? await passkey()
            : kind === "passkey-signup"
              ? await passkey(handle.value)
              : (
                  await api<{ user: PublicUser }>(`/api/auth/${kind}`, "POST", {
                    handle: handle.value,
                    password: password.value,
                  })
                ).user;
        dialog.close();
        dialog.remove();
        resolve(user);
      } catch (err) {
        error.textContent = (err as Error).message;
      }
    };
    const signIn = el("button", { type: "submit", className: "primary", id: "account-login" }, "Sign in");
    const signUp = el("button", { type: "button", id: "account-signup" }, "Create account");
    const cancel = el("button", { type: "button" }, "Cancel");
    const pkLogin = el(
      "button",
      { type: "button", className: "primary", id: "passkey-login" },
      "Sign in with a passkey",
    );
    const pkSignup = el("button", { type: "button", id: "passkey-signup" }, "New account with a passkey");
    pkLogin.onclick = () => submit("passkey-login");
    pkSignup.onclick = () => submit("passkey-signup");
    const form = el(
      "form",
      {},
      el("h2", {}, "Sign in to live"),
      el("div", { className: "row" }, pkLogin),
      handle,
      el("div", { className: "row" }, pkSignup),
      el("p", { className: "hint" }, "Or with a password:"),
      password,
      error,
      el("div", { className: "row" }, cancel, signUp, signIn),
    );
    const dialog = el("dialog", { className: "account-dialog", id: "account-dialog" }, form);
    form.onsubmit = (e) => {
      e.preventDefault();
      submit("login");
    };
    signUp.onclick = () => submit("signup");
    cancel.onclick = () => dialog.close();
    document.body.append(dialog);
    dialog.showModal();
  });
}

/**
 * The members of the codeSpace, as the server has them now. The owner also removes an editor (A7), makes an invite
 * link, and sees the links not used yet, each revocable (A23).
 */
function membersDialog(codeSpace: string, access: AccessInfo): void {
  const isOwner = access.you === "owner";
  const why = el("div", { className: "why", id: "members-why" });
  const failed = (what: string) => (err: unknown) => {
    why.textContent = `${what}: ${(err as Error).message}`;
  };
  const button = (text: string, onclick: () => void) => el("button", { type: "button", onclick }, text);
  const list = el("ul", { id: "members-list" });
  const showMembers = (members: Member[]) =>
    list.replaceChildren(
      ...members.map((m) => {
        const li = el("li", {}, `${m.handle} (${m.role}) `);
        li.dataset.id = m.id;
        if (isOwner && m.role === "editor") {
          const remove = () =>
            api(`/live/${codeSpace}/api/members/${encodeURIComponent(m.id)}`, "DELETE").then(
              () => li.remove(),
              failed(`Could not remove ${m.handle}`),
            );
          li.append(button("Remove", remove));
        }
        return li;
      }),
    );
  showMembers(access.members);
  // Who is a member may have changed since the page loaded (an invite accepted elsewhere).
  api<AccessInfo>(`/live/${codeSpace}/api/access`).then((now) => showMembers(now.members), failed("Members"));

  const pending = el("ul", { id: "invites-list" });
  const day = (iso: string) => new Date(iso).toLocaleDateString();
  const loadInvites = () =>
    api<{ invites: PendingInvite[] }>(`/live/${codeSpace}/api/invites`).then(({ invites }) => {
      pending.replaceChildren(
        ...invites.map((i) => {
          const revoke = () =>
            api(`/live/${codeSpace}/api/invites/${i.id}`, "DELETE").then(loadInvites, failed("Could not revoke"));
          const li = el("li", {}, `${i.role}, made ${day(i.createdAt)}, until ${day(i.expiresAt)} `);
          li.append(button("Revoke", revoke));
          return li;
        }),
      );
      if (!invites.length) pending.replaceChildren(el("li", { className: "none" }, "none"));
    }, failed("Invites"));

  const link = el("input", { readOnly: true, id: "invite-url", placeholder: "Create an invite link for an editor" });
  const invite = el("button", { type: "button", className: "primary", id: "invite-create" }, "Invite link");
  invite.onclick = async () => {
    try {
      link.value = (await api<{ url: string }>(`/live/${codeSpace}/api/invites`, "POST", { role: "editor" })).url;
      link.select();
      await navigator.clipboard?.writeText(link.value).catch(() => {});
      await loadInvites();
    } catch (err) {
      toast(`Invite failed: ${(err as Error).message}`);
    }
  };
  const close = el("button", { type: "button" }, "Close");
  const parts: Node[] = [el("h2", {}, `Members of ${codeSpace}`), list];
  if (isOwner) {
    parts.push(
      el("p", {}, "An invite link works once, for one signed-in person, for 7 days."),
      link,
      invite,
      el("p", {}, "Invite links not used yet:"),
      pending,
    );
    loadInvites();
  }
  parts.push(why);
  const dialog = el(
    "dialog",
    { className: "account-dialog", id: "members-dialog" },
    el("form", {}, ...parts, el("div", { className: "row" }, close)),
  );
  close.onclick = () => {
    dialog.close();
    dialog.remove();
  };
  document.body.append(dialog);
  dialog.showModal();
}

async function acceptInvite(codeSpace: string, token: string, user: PublicUser | null): Promise<void> {
  history.replaceState(null, "", location.pathname + location.search);
  const signedIn = user ?? (await signInDialog("Sign in or create an account to accept the invite."));
  try {
    await api(`/live/${codeSpace}/api/invites/accept`, "POST", { token });
  } catch (err) {
    // Nothing changed (a used, revoked or expired link): the reason is shown, after the reload if one is due.
    const why = `Invite: ${(err as Error).message}`;
    if (signedIn === user) return toast(why);
    sessionStorage.setItem(AFTER_RELOAD, why);
    return location.reload();
  }
  sessionStorage.setItem(AFTER_RELOAD, `${signedIn.handle}, you can now edit ${codeSpace}`);
  location.reload();
}

/** A message for the page that the reload brings (a toast would go with the page that shows it). */
const AFTER_RELOAD = "live:after-reload";

/** Mounts the account controls in the header bar and applies the codeSpace's access to the editor. */
export async function setupAccount(
  codeSpace: string,
  editor: ReadOnlyTarget,
  { user, access }: Viewer,
  provider?: LiveProvider,
): Promise<void> {
  const said = sessionStorage.getItem(AFTER_RELOAD);
  if (said) {
    sessionStorage.removeItem(AFTER_RELOAD);
    toast(said);
  }
  // The share dialog's Close button (no inline handlers: the page's CSP allows none).
  for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-close]")) {
    b.addEventListener("click", () => b.closest("dialog")?.close());
  }
  const bar = document.querySelector("header.bar");
  const box = el("div", { className: "account", id: "account" });
  bar?.insertBefore(box, document.getElementById("btn-share")?.nextSibling ?? null);
  const banner = el("div", { className: "readonly-banner", id: "readonly-banner", hidden: true });
  bar?.after(banner);

  const invite = /^#invite=([A-Za-z0-9_-]{16,128})$/.exec(location.hash)?.[1];
  if (invite) return acceptInvite(codeSpace, invite, user);

  if (access.mode === "owned") {
    const owner = el("span", { className: "owner", id: "owner" }, `by ${access.owner?.handle}`);
    const members = el("button", { id: "btn-members" }, `Members (${access.members.length})`);
    members.onclick = () => membersDialog(codeSpace, access);
    box.append(owner, members);
  } else if (user) {
    const claim = el(
      "button",
      {
        id: "btn-claim",
        title: "Make this codeSpace yours: others can read and fork it, only you and your editors write",
      },
      "Claim",
    );
    claim.onclick = async () => {
      try {
        await api(`/live/${codeSpace}/api/claim`, "POST");
        location.reload();
      } catch (err) {
        toast(`Claim failed: ${(err as Error).message}`);
      }
    };
    box.append(claim);
  }

  let readOnly = false;
  const showReadOnly = (why: string) => {
    if (readOnly) return;
    readOnly = true;
    editor.updateOptions({ readOnly: true });
    const fork = el("button", { className: "primary", id: "btn-fork-to-edit" }, "Fork to edit");
    fork.onclick = () => document.getElementById("btn-fork")?.click();
    banner.replaceChildren(why, fork);
    banner.hidden = false;
  };
  if (access.you === "viewer") showReadOnly(`Read-only: ${codeSpace} belongs to ${access.owner?.handle}.`);
  // A9: rights can go while the page is open (the owner removed this editor): the server then says so on the Yjs
  // socket, and the editor turns read-only at once instead of letting typing pile up unsaved.
  const watch = (ws: WebSocket | null) =>
    ws?.addEventListener("message", (e) => {
      if (e.data instanceof ArrayBuffer && new Uint8Array(e.data)[0] === MESSAGE_AUTH) {
        showReadOnly(`Read-only: you can no longer edit ${codeSpace}.`);
      }
    });
  watch(provider?.ws ?? null);
  provider?.on("status", (e) => {
    if (e.status === "connected") watch(provider.ws);
  });

  if (user) {
    const menu = el("select", { id: "user-menu", title: "Your account" });
    menu.append(
      el("option", { value: "", selected: true }, user.handle),
      el("option", { value: "/" }, "My codeSpaces"),
      el("option", { value: "/settings" }, "API keys and passkeys"),
      el("option", { value: "logout" }, "Sign out"),
    );
    menu.onchange = async () => {
      if (menu.value === "logout") {
        await api("/api/auth/logout", "POST").catch(() => {});
        location.reload();
      } else if (menu.value) location.href = menu.value;
    };
    box.append(menu);
  } else {
    const signIn = el("button", { id: "btn-signin" }, "Sign in");
    signIn.onclick = () => signInDialog().then(() => location.reload());
    box.append(signIn);
  }
}
