// Clients of the assistant's HTTP endpoints, as the editor panel calls them.

let next = 0;

/** `POST /live/{cs}/chat` with one user text message. */
export const postChat = (base: string, codeSpace: string, text: string, author = "ada"): Promise<Response> =>
  fetch(`${base}/live/${codeSpace}/chat`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      message: { id: `msg-${Date.now()}-${++next}`, role: "user", parts: [{ type: "text", text }] },
      author,
    }),
  });

export type Chunk = Record<string, unknown> & { type: string };

/** Reads an AI SDK UI message stream (SSE) to its end: its chunks, and whether it ended with [DONE]. */
export async function readSse(res: Response): Promise<{ chunks: Chunk[]; done: boolean }> {
  const text = await res.text();
  const datas = text
    .split("\n\n")
    .filter((f) => f.startsWith("data: "))
    .map((f) => f.slice(6));
  return {
    done: datas[datas.length - 1] === "[DONE]",
    chunks: datas.filter((d) => d !== "[DONE]").map((d) => JSON.parse(d) as Chunk),
  };
}

export const chatState = async (base: string, codeSpace: string) =>
  (await (await fetch(`${base}/live/${codeSpace}/chat`)).json()) as {
    config: { enabled: boolean; provider: string | null; model: string | null; reason?: string };
    messages: { id: string; role: string; parts: Chunk[]; metadata: Record<string, unknown> }[];
    turns: { id: string; status: string; versionBefore: number; versionAfter: number | null }[];
    activeTurn?: { id: string };
  };
