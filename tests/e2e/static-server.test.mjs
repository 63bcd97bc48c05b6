// The static server's precompressed path (no browser): a file's FILE.br is what a
// brotli-accepting client gets, byte for byte, unless the file is newer than its copy.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { startServer } from "../../scripts/static-server.mjs";

/** The raw response (no decoding) to `method` on `url` with `Accept-Encoding: br`. */
function request(url, method = "GET") {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { "Accept-Encoding": "br, gzip" } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("static server: a precompressed copy is served as it is, and a stale one is not", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "memplay-static-"));
  const file = path.join(dir, "app-0123456789abcdef.js");
  fs.writeFileSync(file, "console.log('current');\n".repeat(200));
  // A copy made with other settings than the server's own, so the two can be told apart.
  const copy = zlib.brotliCompressSync(fs.readFileSync(file), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 },
  });
  fs.writeFileSync(`${file}.br`, copy);
  const server = await startServer(dir, 0, "127.0.0.1", { compress: true });
  try {
    const url = `${server.url}${path.basename(file)}`;
    const got = await request(url);
    assert.equal(got.headers["content-encoding"], "br");
    assert.equal(got.headers.vary, "Accept-Encoding");
    assert.equal(Number(got.headers["content-length"]), copy.length);
    assert.ok(got.body.equals(copy), "the body is the precompressed copy, byte for byte");

    const head = await request(url, "HEAD");
    assert.equal(Number(head.headers["content-length"]), copy.length);
    assert.equal(head.body.length, 0);

    // The file changed after its copy was made: the copy is stale and must not be sent.
    fs.writeFileSync(file, "console.log('changed');\n".repeat(200));
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file, later, later);
    const fresh = await request(url);
    assert.equal(fresh.headers["content-encoding"], "br");
    assert.equal(zlib.brotliDecompressSync(fresh.body).toString(), "console.log('changed');\n".repeat(200));
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
