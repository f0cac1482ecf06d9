import { describe, expect, it } from "vitest";
import { HotRoot, hookSignature } from "./hot.ts";

const useState = (v: unknown) => [v, () => {}];
const useEffect = (_f: () => void, _deps: unknown[]) => {};

describe("hookSignature", () => {
  it("is the same when only the rendering changes, and differs when a hook call does", () => {
    const a = () => {
      const [n] = useState(0);
      useEffect(() => console.log(")"), []);
      return `a ${n}`;
    };
    const b = () => {
      const [n] = useState(0);
      useEffect(() => console.log(")"), []);
      return `b ${n} (other text)`;
    };
    const c = () => {
      const [n] = useState(1);
      useEffect(() => console.log(")"), []);
      return `a ${n}`;
    };
    expect(hookSignature(a)).toBe(hookSignature(b));
    expect(hookSignature(a)).not.toBe(hookSignature(c));
    expect(hookSignature(a)).toContain(`useEffect(() => console.log(")"), [])`);
  });
});

// What React.Component's subclasses carry on their prototype.
function Legacy() {}
Legacy.prototype.isReactComponent = {};

describe("HotRoot", () => {
  it("keeps the key for the same hooks, and a class component always remounts", () => {
    const hot = new HotRoot();
    const first = hot.next(() => useState(0));
    const second = hot.next(() => useState(0) && "changed");
    expect(second).toMatchObject({ key: first.key, kept: true, type: first.type });
    expect(hot.next(() => useState(2)).kept).toBe(false);
    const legacy = hot.next(Legacy);
    expect(legacy).toMatchObject({ kept: false, type: Legacy });
  });
});
