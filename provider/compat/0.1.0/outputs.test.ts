import { isExpired, isInRenewalWindow } from "../../core/outputs";
import { isDueForRenewal } from "./outputs";

describe("isDueForRenewal, as the provider code stored by 0.1.0 calls it in read", () => {
  const expiresAt = "2026-01-01T01:00:00.000Z";

  it("is true only once the ticket expired, so that code's read never revokes (a preview must change nothing)", () => {
    const inWindow = Date.parse("2026-01-01T00:55:00.000Z");
    expect(isInRenewalWindow({ expiresAt, renewBeforeSeconds: 600 }, inWindow)).toBe(true);
    expect(isDueForRenewal({ expiresAt, renewBeforeSeconds: 600 }, inWindow)).toBe(false);
    expect(isDueForRenewal({ expiresAt, renewBeforeSeconds: 600 }, Date.parse(expiresAt))).toBe(true);
    expect(isExpired({ expiresAt }, Date.parse(expiresAt) - 1)).toBe(false);
  });
});
