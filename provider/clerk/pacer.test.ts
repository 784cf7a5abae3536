import { Pacer, sharedPacer } from "./pacer";

describe("Pacer", () => {
  it("lets `limit` requests start in one window and holds the next until the window slides", async () => {
    let now = 0;
    const pacer = new Pacer(3, 1000, () => now);
    for (let i = 0; i < 3; i++) await pacer.acquire();
    let fourth = false;
    const pending = pacer.acquire().then(() => (fourth = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(fourth).toBe(false);
    now = 1000;
    await pending;
    expect(fourth).toBe(true);
  });

  it("holds every start during a pause", async () => {
    let now = 0;
    const pacer = new Pacer(10, 1000, () => now);
    pacer.pause(500);
    let started = false;
    const pending = pacer.acquire().then(() => (started = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toBe(false);
    now = 500;
    await pending;
    expect(started).toBe(true);
  });

  it("is shared per key and limit within the process", () => {
    expect(sharedPacer("k1", 5, 1000)).toBe(sharedPacer("k1", 5, 1000));
    expect(sharedPacer("k1", 5, 1000)).not.toBe(sharedPacer("k2", 5, 1000));
  });
});
