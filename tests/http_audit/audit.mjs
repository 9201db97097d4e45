// GraphQL-over-HTTP conformance of a running gateway, checked by a real JavaScript client.
//
//   node tests/http_audit/audit.mjs <graphql-url> <bearer-token>
//
// Runs graphql-http's server audits (the spec's MUST, SHOULD and MAY checks) against the
// URL, one after the other, each request carrying `Authorization: Bearer <token>` (every
// request to /graphql needs one). Prints one JSON object on stdout:
//
//   {"url", "counts": {"MUST": {"ok": n, "error": n}, "SHOULD": {...}, "MAY": {...}},
//    "results": [{"id", "name", "level", "status", "reason"?, "httpStatus"?, "body"?}]}
//
// status is graphql-http's: "ok", or for a failed audit "error" (MUST), "warn" (SHOULD),
// "notice" (MAY). Exit code: 0 when no MUST failed, 1 when one did, 2 on a usage error or
// when the audit itself could not run (gateway unreachable...).
// tests/gateway/test_http_audit.py runs it against the gateway on the sandbox.

import { serverAudits } from 'graphql-http';

const BODY_CHARS = 400; // enough of a failing answer to see why, not a whole page

function usage(message) {
  process.stderr.write(`${message}\nusage: node audit.mjs <graphql-url> <bearer-token>\n`);
  process.exit(2);
}

// fetch with the bearer token added to whatever headers the audit sets (a plain object,
// a Headers instance or none), so that the audit's own Accept/Content-Type stay as sent.
function authorizedFetch(token) {
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
}

async function bodyOf(response) {
  if (!response || response.bodyUsed) return undefined; // the audit read it already
  try {
    return (await response.text()).slice(0, BODY_CHARS);
  } catch {
    return undefined;
  }
}

async function main() {
  const [url, token] = process.argv.slice(2);
  if (!url || !token) usage('missing argument');
  try {
    new URL(url);
  } catch {
    usage(`not a URL: ${url}`);
  }
  const audits = serverAudits({ url, fetchFn: authorizedFetch(token) });
  const counts = { MUST: {}, SHOULD: {}, MAY: {} };
  const results = [];
  // One at a time: the order of the output is the spec's, and the gateway sees a client's
  // pace rather than some sixty requests at once.
  for (const audit of audits) {
    const result = await audit.fn();
    const level = result.name.split(' ', 1)[0];
    const entry = { id: result.id, name: result.name, level, status: result.status };
    if (result.status !== 'ok') {
      entry.reason = result.reason;
      entry.httpStatus = result.response?.status;
      entry.contentType = result.response?.headers?.get('content-type') ?? undefined;
      entry.body = await bodyOf(result.response);
    }
    counts[level][result.status] = (counts[level][result.status] ?? 0) + 1;
    results.push(entry);
  }
  process.stdout.write(`${JSON.stringify({ url, counts, results }, null, 2)}\n`);
  return results.some((r) => r.status === 'error') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`audit could not run: ${error?.stack ?? error}\n`);
    process.exit(2);
  },
);
