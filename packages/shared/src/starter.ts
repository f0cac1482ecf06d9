/** The component every codeSpace starts with until someone writes to it (rule S2). */
export const STARTER_CODE = `import { useState } from "react";

export default function App() {
  const [count, setCount] = useState(0);

  return (
    <main className="min-h-screen grid place-items-center bg-gradient-to-br from-indigo-500 via-purple-500 to-pink-500 p-6">
      <div className="w-full max-w-sm rounded-3xl bg-white/90 p-8 text-center shadow-2xl backdrop-blur">
        <p className="text-sm font-semibold uppercase tracking-widest text-indigo-500">Live playground</p>
        <h1 className="mt-2 text-3xl font-bold text-slate-900">Hello, world</h1>
        <p className="mt-3 text-slate-600">
          Edit this component: everyone on this page sees the change as you type.
        </p>
        <button
          type="button"
          onClick={() => setCount((c) => c + 1)}
          className="mt-6 rounded-full bg-indigo-600 px-6 py-3 font-semibold text-white shadow-lg transition hover:bg-indigo-500 active:scale-95"
        >
          Clicked {count} {count === 1 ? "time" : "times"}
        </button>
      </div>
    </main>
  );
}
`;
