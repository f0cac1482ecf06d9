// The editor bound to the codeSpace's Y.Text over /yjs (rules U6, C1): remote cursors in each person's
// colour and name, presence avatars, and a connection indicator.

import { KeyCode, KeyMod } from "monaco-slim";
import { MonacoBinding } from "y-monaco";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { Monaco } from "./monaco-setup.ts";
import { undoSteps } from "./undo-steps.ts";

type Editor = ReturnType<Monaco["editor"]["create"]>;

const COLOURS = ["#f43f5e", "#f97316", "#eab308", "#22c55e", "#14b8a6", "#3b82f6", "#8b5cf6", "#ec4899"];
const ANIMALS = ["Otter", "Fox", "Lynx", "Heron", "Panda", "Koala", "Falcon", "Badger", "Orca", "Ibex"];

export interface Me {
  name: string;
  color: string;
}

export function whoAmI(): Me {
  const saved = localStorage.getItem("live:me");
  if (saved) return JSON.parse(saved) as Me;
  const pick = <T>(a: T[]) => a[Math.floor(Math.random() * a.length)] as T;
  const me = { name: `${pick(ANIMALS)} ${Math.floor(Math.random() * 90 + 10)}`, color: pick(COLOURS) };
  localStorage.setItem("live:me", JSON.stringify(me));
  return me;
}

/**
 * Undo and redo of this person's own edits only (rule U9). Monaco's own undo stack replays recorded offsets, so
 * after someone else's edit it would revert their text or the wrong range; a Y.UndoManager that tracks only
 * this binding's transactions undoes exactly what was typed here, wherever it has moved since. Its steps are
 * words, as in VS Code, never a timer (which splits a word on a busy machine): see `undoSteps`.
 */
function ownUndo(editor: Editor, text: Y.Text, binding: MonacoBinding): void {
  const undo = new Y.UndoManager(text, { trackedOrigins: new Set([binding]), captureTimeout: Number.MAX_VALUE });
  const steps = undoSteps();
  // Text observers run before the UndoManager sees the transaction: a boundary found here starts a new step.
  text.observe((event, tr) => {
    if (tr.origin === binding && steps.startsStep(event.delta)) undo.stopCapturing();
  });
  // The cursor goes back to where the undone (or redone) edit was.
  const mark = ({ stackItem }: { stackItem: { meta: Map<string, unknown> } }) => {
    const model = editor.getModel();
    const at = editor.getPosition();
    if (model && at) stackItem.meta.set("at", Y.createRelativePositionFromTypeIndex(text, model.getOffsetAt(at)));
  };
  undo.on("stack-item-added", mark);
  undo.on("stack-item-updated", mark);
  undo.on("stack-item-popped", ({ stackItem }) => {
    steps.reset();
    const rel = stackItem.meta.get("at") as Y.RelativePosition | undefined;
    const abs = rel && Y.createAbsolutePositionFromRelativePosition(rel, text.doc as Y.Doc);
    const model = editor.getModel();
    if (abs && model) editor.setPosition(model.getPositionAt(abs.index));
  });
  editor.addCommand(KeyMod.CtrlCmd | KeyCode.KeyZ, () => undo.undo());
  editor.addCommand(KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.KeyZ, () => undo.redo());
  editor.addCommand(KeyMod.CtrlCmd | KeyCode.KeyY, () => undo.redo());
}

/** Binds the editor to `doc` (the page's state, rule U10) and keeps it in sync with the codeSpace over /yjs. */
export function connect(
  editor: Editor,
  codeSpace: string,
  doc: Y.Doc,
  ui: { status: HTMLElement; people: HTMLElement },
): { doc: Y.Doc; provider: WebsocketProvider } {
  const wsBase = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/live/${codeSpace}`;
  const provider = new WebsocketProvider(wsBase, "yjs", doc);
  const model = editor.getModel() as NonNullable<ReturnType<typeof editor.getModel>>;
  const text = doc.getText("code");
  const binding = new MonacoBinding(text, model, new Set([editor]), provider.awareness);
  ownUndo(editor, text, binding);
  const me = whoAmI();
  provider.awareness.setLocalStateField("user", me);

  let wasLive = false;
  const setStatus = (state: "connected" | "connecting" | "offline") => {
    wasLive ||= state === "connected";
    ui.status.dataset.state = state;
    const connecting = wasLive ? "Reconnecting…" : "Connecting…";
    ui.status.textContent = state === "connected" ? "Live" : state === "connecting" ? connecting : "Offline";
    ui.status.title =
      state === "connected"
        ? "Connected: everyone sees your edits"
        : "Edits are kept and merge when the connection is back";
  };
  setStatus("connecting");
  // Live only once the server and this page have exchanged what each was missing: before that, an open socket
  // does not mean that anyone sees these edits yet.
  const update = () =>
    setStatus(provider.wsconnected && provider.synced ? "connected" : navigator.onLine ? "connecting" : "offline");
  provider.on("status", update);
  provider.on("sync", update);
  window.addEventListener("offline", () => setStatus("offline"));
  // The socket may have lived through the outage (the provider then says nothing): the network is back.
  window.addEventListener("online", update);

  // Remote cursors: one CSS rule per remote client, in its colour, with its name (editor.css: shown when the
  // cursor moves, then faded, so it does not keep hiding the line above).
  const style = document.createElement("style");
  document.head.append(style);
  // Awareness changes with every cursor move; the avatars and the cursor styles only when people come, go or
  // rename. Rewriting a stylesheet restyles the whole page, so it is done only then.
  let shown = "";
  const renderPeople = () => {
    const states = [...provider.awareness.getStates().entries()].filter(([, s]) => s.user);
    const key = JSON.stringify(states.map(([id, s]) => [id, s.user.name, s.user.color]));
    if (key === shown) return;
    shown = key;
    ui.people.replaceChildren(
      ...states.map(([id, s]) => {
        const el = document.createElement("span");
        el.className = "avatar";
        el.style.background = s.user.color;
        el.textContent = String(s.user.name)
          .split(" ")
          .map((w: string) => w[0])
          .join("")
          .slice(0, 2);
        el.title = id === doc.clientID ? `${s.user.name} (you)` : s.user.name;
        return el;
      }),
    );
    style.textContent = states
      .filter(([id]) => id !== doc.clientID)
      .map(
        ([id, s]) => `.yRemoteSelection-${id}{background:${s.user.color}33}
.yRemoteSelectionHead-${id}{position:absolute;border-left:2px solid ${s.user.color};height:100%;box-sizing:border-box}
.yRemoteSelectionHead-${id}::after{content:${JSON.stringify(s.user.name)};background:${s.user.color}}`,
      )
      .join("\n");
  };
  provider.awareness.on("change", renderPeople);
  renderPeople();
  return { doc, provider };
}
