import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateSigningSecret, isValidSigningSecret, signatureHeaders } from "./signing";

describe("Standard Webhooks signing", () => {
  it("matches the specification's published example", () => {
    // The example from the Standard Webhooks specification / reference libraries.
    const headers = signatureHeaders(
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "msg_p5jXN8AQM9LWM0D4loKWxJek",
      '{"test": 2432232314}',
      new Date(1614265330 * 1000),
    );
    assert.deepEqual(headers, {
      "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
      "webhook-timestamp": "1614265330",
      "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    });
  });

  it("generates secrets that validate, and rejects malformed ones", () => {
    assert.equal(isValidSigningSecret(generateSigningSecret()), true);
    assert.equal(isValidSigningSecret("whsec_short"), false);
    assert.equal(isValidSigningSecret("secret_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), false);
    assert.equal(isValidSigningSecret("whsec_not base64!!"), false);
  });
});
