// Runs a command (wrangler dev) tied to the life of the process that started this one.
// Usage: node scripts/lifeline.mjs <command> [args...], started detached (so this process leads a process group
// of its own) with its stdin a pipe from the parent.
//
// Why: a parent cannot forward a SIGKILL, and a closed terminal's SIGHUP reaches only the terminal's process
// group, so a server started in a group of its own outlives `npm start` and keeps the port. The pipe is the
// parent's life: the kernel closes it when the parent dies, however it dies, and its EOF here stops the whole
// group (wrangler, workerd, esbuild): SIGTERM first, SIGKILL for whatever is left once the command has exited or
// after a grace period. The group is stopped the same way when this process gets SIGTERM, SIGINT or SIGHUP, or
// when the command exits by itself (workerd would otherwise be left holding the port).
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const GRACE_MS = 5000;
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/lifeline.mjs <command> [args...]");
  process.exit(2);
}

const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"] });
let stopping = false;
/** Stopped from outside (a signal, the parent gone), not by the command ending on its own. */
let requested = false;
let exit = { code: 1 };

/** Every process of this group but this one gets `signal` (this one ignores it while stopping). */
function signalGroup(signal) {
  try {
    process.kill(-process.pid, signal);
  } catch {}
}

function stop() {
  if (stopping) return;
  stopping = true;
  if (child.exitCode === null && child.signalCode === null) signalGroup("SIGTERM");
  else finish();
  setTimeout(finish, GRACE_MS).unref();
}

/** Whether a process other than this one is still in this group (always true where /proc cannot tell). */
function othersInGroup() {
  try {
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
      try {
        // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(fields[2]) === process.pid && fields[0] !== "Z") return true;
      } catch {}
    }
    return false;
  } catch {
    return true;
  }
}

/** Nothing of the group may stay: SIGKILL whatever is left, then end as the command ended. */
function finish() {
  if (othersInGroup()) signalGroup("SIGKILL");
  process.exit(requested ? 0 : (exit.code ?? 1));
}

const request = () => {
  requested ||= !stopping;
  stop();
};
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, request);
child.on("exit", (code, signal) => {
  exit = { code: code ?? (signal ? 1 : 0) };
  if (stopping) finish();
  else stop();
});
child.on("error", (err) => {
  console.error(`lifeline: ${command}: ${err.message}`);
  stop();
});
// The parent's pipe: EOF or an error means the parent is gone.
process.stdin.on("end", request);
process.stdin.on("error", request);
process.stdin.on("close", request);
process.stdin.resume();
