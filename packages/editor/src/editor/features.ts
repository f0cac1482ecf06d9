// Monaco's editing features (suggest, hover, quick fixes, rename, find, folding, the command palette, ...) come
// in their own bundle, loaded with the TypeScript worker after the preview's first paint, so the page's first
// load holds only the editor itself. Monaco reads its registries once, when the first editor is created; this
// module attaches what registered later to that editor: services, editor features, contributions, actions.
// It knows Monaco's internals and is pinned with monaco-editor (exact version in package.json); the Chromium
// tests use these features and fail on any "unknown service" error.
import * as extensions from "monaco-internal/editor/browser/editorExtensions.js";
import * as actions from "monaco-internal/editor/common/editorAction.js";
import * as features from "monaco-internal/editor/common/editorFeatures.js";
import * as services from "monaco-internal/editor/standalone/browser/standaloneServices.js";
import * as singletons from "monaco-internal/platform/instantiation/common/extensions.js";
import * as instantiation from "monaco-internal/platform/instantiation/common/instantiation.js";
import type { Monaco } from "./monaco-setup.ts";

type Editor = ReturnType<Monaco["editor"]["create"]>;
interface Contribution {
  id: string;
}
interface Action {
  id: string;
  label: string;
  alias: string;
  metadata: unknown;
  precondition?: unknown;
  runEditorCommand(accessor: unknown, editor: Editor, args: unknown): unknown;
}
interface Instantiation {
  _services: { set(id: unknown, descriptor: unknown): void };
  createInstance(ctor: unknown, ...args: unknown[]): unknown;
  invokeFunction<T>(f: (accessor: unknown) => T): T;
}
/** The editor widget's private parts that its constructor fills from the registries. */
interface EditorInternals {
  _contributions: { _pending: Map<string, Contribution>; _instantiateById(id: string): void };
  _actions: Map<string, unknown>;
  _instantiationService: Instantiation;
  _contextKeyService: unknown;
}

const registry = (
  extensions as {
    EditorExtensionsRegistry: { getEditorContributions(): Contribution[]; getEditorActions(): Action[] };
  }
).EditorExtensionsRegistry;
const InternalEditorAction = (actions as { InternalEditorAction: new (...args: unknown[]) => unknown })
  .InternalEditorAction;
const editorFeatures = (features as { getEditorFeatures: () => unknown[] }).getEditorFeatures;
const singletonServices = (singletons as { getSingletonServiceDescriptors: () => [unknown, unknown][] })
  .getSingletonServiceDescriptors;
const standalone = (services as { StandaloneServices: { get(id: unknown): unknown } }).StandaloneServices;
const { IInstantiationService } = instantiation as { IInstantiationService: unknown };

/** How far each registry had filled when Monaco read it. */
export type RegistryMark = ReturnType<typeof markRegistries>;

/**
 * Call right after the first editor is created: Monaco has read its registries then, and whatever registers
 * afterwards (the features bundle, or a chunk it shares with the lazily loaded TypeScript mode, whichever
 * loads first) is attached by `loadFeatures`.
 */
export const markRegistries = () => ({
  services: singletonServices().length,
  features: editorFeatures().length,
  contributions: registry.getEditorContributions().length,
  actions: registry.getEditorActions().length,
});

/** Loads the features bundle (and its stylesheet) and attaches it to `editor`. */
export async function loadFeatures(
  monaco: Monaco,
  editor: Editor,
  before: RegistryMark,
  url: string,
  css: string | undefined,
): Promise<void> {
  if (css) {
    const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href: css });
    document.head.append(link);
  }
  await import(/* @vite-ignore */ url);
  // The registries are append-only: whatever is past the mark is new to the editor.
  const root = standalone.get(IInstantiationService) as Instantiation;
  for (const [id, descriptor] of singletonServices().slice(before.services)) root._services.set(id, descriptor);
  for (const feature of editorFeatures().slice(before.features)) root.createInstance(feature);
  const ed = editor as unknown as EditorInternals;
  const fresh = registry.getEditorContributions().slice(before.contributions);
  for (const c of fresh) ed._contributions._pending.set(c.id, c);
  // The editor has rendered long ago: every kind of contribution is due now.
  for (const c of fresh) ed._contributions._instantiateById(c.id);
  for (const a of registry.getEditorActions().slice(before.actions)) {
    const run = (args: unknown) =>
      ed._instantiationService.invokeFunction((accessor) =>
        Promise.resolve(a.runEditorCommand(accessor, editor, args)),
      );
    ed._actions.set(
      a.id,
      new InternalEditorAction(
        a.id,
        a.label,
        a.alias,
        a.metadata,
        a.precondition ?? undefined,
        run,
        ed._contextKeyService,
      ),
    );
  }
  // The keybinding service caches its table: adding (no) rules makes it read the new defaults.
  monaco.editor.addKeybindingRules([]);
}
