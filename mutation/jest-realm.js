/**
 * Jest runs tests in a vm context whose `fetch` is the host's: `response.json()` builds its
 * objects in the host realm, and node:assert's strict deepEqual (which the generated tests
 * use) compares prototypes, so `{ ok: true }` from a response would not equal `{ ok: true }`
 * written in the test. Parse in the test's own realm instead, as `node --test` effectively does.
 */
Response.prototype.json = async function json() {
  return JSON.parse(await this.text());
};
