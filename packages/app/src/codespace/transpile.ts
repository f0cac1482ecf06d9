import type { TranspileOutcome } from "@live/shared";

export type { TranspileOutcome };

/** Turns TSX source into the ES module the preview runs. Injected, so the room logic stays runtime-free. */
export type Transpile = (source: string) => Promise<TranspileOutcome>;
