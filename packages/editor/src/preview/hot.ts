// State kept across edits (rule U1), in the spirit of React Fast Refresh, for the component on screen: the
// default export is rendered through one stable component that calls it as a function, so its hooks live in
// the stable component's fiber and a new version of the code finds them there. That holds only while the hook
// calls are the same code; when they change (or the export is a class, memo or forwardRef) the app remounts.
// Other components of the module are new functions on every edit: their subtrees remount, as on a reload.
import type { ReactNode } from "react";

type Render = (props: object) => ReactNode;

const HOOK_CALL = /\buse(?:[A-Z0-9_$][\w$]*)?\s*\(/g;

/** The end of the call whose "(" is at `open`: strings and template literals are skipped. */
function closing(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "'" || c === "`") {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === "\\") i++;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i + 1;
  }
  return src.length;
}

/** Every hook call in a function's source, arguments included: equal strings mean the same hooks. */
export function hookSignature(fn: (...args: never[]) => unknown): string {
  const src = Function.prototype.toString.call(fn);
  const calls: string[] = [];
  for (const m of src.matchAll(HOOK_CALL)) {
    const start = m.index as number;
    calls.push(src.slice(start, closing(src, start + m[0].length - 1)));
  }
  return calls.join("\n");
}

const isFunctionComponent = (c: unknown): c is Render =>
  typeof c === "function" && !(c as { prototype?: { isReactComponent?: unknown } }).prototype?.isReactComponent;

export interface Mount {
  /** The key of the boundary around the app: the same key keeps the state, a new one remounts. */
  key: string;
  type: unknown;
  kept: boolean;
}

export class HotRoot {
  private impl: Render | null = null;
  private signature: string | null = null;
  private generation = 0;
  /** The stable component: the current implementation's hooks are its hooks. */
  private readonly Hot: Render = (props) => (this.impl as Render)(props);

  /** How to show `component`: in place of the last one (state kept) when its hooks are the same code. */
  next(component: unknown): Mount {
    const signature = isFunctionComponent(component) ? hookSignature(component) : null;
    if (signature !== null && this.impl && signature === this.signature) {
      this.impl = component as Render;
      return { key: `app-${this.generation}`, type: this.Hot, kept: true };
    }
    return this.remount(component, signature);
  }

  /** `component` from scratch, under a new key (`signature`: its hooks, when already known). */
  remount(component: unknown, signature = isFunctionComponent(component) ? hookSignature(component) : null): Mount {
    this.generation++;
    const key = `app-${this.generation}`;
    this.signature = signature;
    if (signature === null) {
      this.impl = null;
      return { key, type: component, kept: false };
    }
    this.impl = component as Render;
    return { key, type: this.Hot, kept: false };
  }
}
