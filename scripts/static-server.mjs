// A small static file server for dist/ that behaves like a static host: the right MIME
// types (application/wasm, which streaming compilation requires), exact Content-Length
// (the engine loader reports download progress against it), content-hashed files cached
// for good and the rest revalidated (ETag, 304), and with `compress`, gzip or brotli as
// the browser accepts (a file's precompressed FILE.br when there is one, else compressed
// once per file and kept in memory).
// Used by `scripts/serve.sh`, the end-to-end tests and the browser benchmark.
//
//   node scripts/static-server.mjs DIR [PORT]     (PORT 0 picks a free one; compresses)
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { pathToFileURL } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".py": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

// Trunk's names and scripts/hash-engine.mjs's end in -<16 hex digits>.
const HASHED = /-[0-9a-f]{1,16}(_bg)?\.[a-z]+$/;
export const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".wasm", ".json", ".py", ".svg", ".txt"]);

const compressedCache = new Map();

/** The file's body in `encoding`: its precompressed copy (`FILE.br`, written at build time
 *  by scripts/precompress.mjs) when there is one, as hosts set up for precompressed
 *  files serve it; else compressed now, at the effort a host spends on the fly. */
function compressed(file, stat, encoding) {
  const key = `${file}:${stat.mtimeMs}:${encoding}`;
  const precompressed = `${file}.br`;
  if (!compressedCache.has(key) && encoding === "br" && fs.existsSync(precompressed)
      && fs.statSync(precompressed).mtimeMs >= stat.mtimeMs) {
    compressedCache.set(key, fs.readFileSync(precompressed));
  }
  if (!compressedCache.has(key)) {
    const data = fs.readFileSync(file);
    compressedCache.set(
      key,
      encoding === "br"
        ? zlib.brotliCompressSync(data, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            },
          })
        : zlib.gzipSync(data, { level: 9 }),
    );
  }
  return compressedCache.get(key);
}

function pickEncoding(req, file) {
  if (!COMPRESSIBLE.has(path.extname(file))) return null;
  const accepted = String(req.headers["accept-encoding"] || "");
  if (/\bbr\b/.test(accepted)) return "br";
  if (/\bgzip\b/.test(accepted)) return "gzip";
  return null;
}

// Sends `body` at `network.bytesPerSecond` after `network.latencyMs`: a slow link, for the
// benchmark's cold visits.
function sendPaced(res, body, network) {
  const chunk = 16 * 1024;
  const interval = (chunk / network.bytesPerSecond) * 1000;
  let offset = 0;
  const next = () => {
    if (offset >= body.length) return res.end();
    res.write(body.subarray(offset, offset + chunk));
    offset += chunk;
    setTimeout(next, interval);
  };
  setTimeout(next, network.latencyMs);
}

/** Serves `root`; `compress` as a static host would; `network` ({bytesPerSecond,
 *  latencyMs}) paces every response like a slower link. */
export function startServer(root, port = 0, host = "127.0.0.1", { compress = false, network = null } = {}) {
  const base = path.resolve(root);
  let bodyBytesSent = 0;
  const server = http.createServer((req, res) => {
    // Body bytes sent, for the benchmark's transfer figures (workers' requests included).
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    res.write = (chunk, ...rest) => {
      if (chunk) bodyBytesSent += chunk.length;
      return write(chunk, ...rest);
    };
    res.end = (chunk, ...rest) => {
      if (chunk && typeof chunk !== "function") bodyBytesSent += chunk.length;
      return end(chunk, ...rest);
    };
    const url = new URL(req.url, "http://localhost");
    let file = path.normalize(path.join(base, decodeURIComponent(url.pathname)));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.stat(file, (err, stat) => {
      if (err || !stat.isFile()) {
        res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
        return;
      }
      const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
      const headers = {
        "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
        "Cache-Control": HASHED.test(file) ? "public, max-age=31536000, immutable" : "no-cache",
        ETag: etag,
        Vary: "Accept-Encoding",
      };
      if (req.headers["if-none-match"] === etag) {
        setTimeout(() => res.writeHead(304, headers).end(), network?.latencyMs ?? 0);
        return;
      }
      const encoding = compress ? pickEncoding(req, file) : null;
      if (encoding) {
        const body = compressed(file, stat, encoding);
        res.writeHead(200, { ...headers, "Content-Encoding": encoding, "Content-Length": body.length });
        if (req.method === "HEAD") return res.end();
        return network ? sendPaced(res, body, network) : res.end(body);
      }
      res.writeHead(200, { ...headers, "Content-Length": stat.size });
      if (req.method === "HEAD") return res.end();
      if (network) return sendPaced(res, fs.readFileSync(file), network);
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        server,
        url: `http://${host}:${actual}/`,
        close: () => server.close(),
        takeBytesSent: () => {
          const sent = bodyBytesSent;
          bodyBytesSent = 0;
          return sent;
        },
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [root = "dist", port = "8080"] = process.argv.slice(2);
  const { url } = await startServer(root, Number(port), "127.0.0.1", { compress: true });
  console.log(`Memplay is served at ${url}`);
}
