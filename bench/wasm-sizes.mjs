// The code of a wasm with a name section, by crate: each function body's size under the
// crate its (v0-mangled) name starts in. `node bench/wasm-sizes.mjs FILE.wasm [crates]`;
// FUNCTIONS=N also lists the N largest functions.
import fs from "node:fs";

const bytes = fs.readFileSync(process.argv[2]);
const shown = Number(process.argv[3] || 30);
let at = 8; // past the magic number and version
const leb = () => {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return value;
};
const skipLimits = () => {
  const flags = leb();
  leb();
  if (flags & 1) leb();
};

let importedFunctions = 0;
const bodies = [];
const names = new Map();
let dataBytes = 0;
while (at < bytes.length) {
  const id = bytes[at++];
  const size = leb();
  const end = at + size;
  if (id === 2) {
    // Imports: functions among them come first in the index space.
    for (let n = leb(); n > 0; n--) {
      at += leb(); // module
      at += leb(); // field
      const kind = bytes[at++];
      if (kind === 0) { leb(); importedFunctions++; }
      else if (kind === 1) { at++; skipLimits(); }
      else if (kind === 2) skipLimits();
      else if (kind === 3) at += 2;
    }
  } else if (id === 10) {
    for (let n = leb(); n > 0; n--) {
      const body = leb();
      bodies.push(body);
      at += body;
    }
  } else if (id === 11) {
    dataBytes += size;
  } else if (id === 0) {
    const nameLength = leb();
    const section = bytes.subarray(at, at + nameLength).toString();
    at += nameLength;
    while (section === "name" && at < end) {
      const sub = bytes[at++];
      const subSize = leb();
      const subEnd = at + subSize;
      if (sub === 1) {
        for (let n = leb(); n > 0; n--) {
          const index = leb();
          const length = leb();
          names.set(index, bytes.subarray(at, at + length).toString());
          at += length;
        }
      }
      at = subEnd;
    }
  }
  at = end;
}

// v0 mangling names the crate as `C<disambiguator>_<length><name>`; demangled names
// start with it (`<rustpython_vm[hash]::...`).
const crateOf = (name) => {
  if (!name) return "(unnamed)";
  const v0 = name.startsWith("_R") && name.match(/C[0-9a-zA-Z]*_(\d+)([A-Za-z_][A-Za-z0-9_]*)/);
  if (v0) return v0[2].slice(0, Number(v0[1]));
  const plain = name.match(/^<?&?(?:mut )?([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  return plain ? plain[1] : "(other)";
};
const byCrate = new Map();
let code = 0;
bodies.forEach((size, i) => {
  const crate = crateOf(names.get(importedFunctions + i));
  byCrate.set(crate, (byCrate.get(crate) || 0) + size);
  code += size;
});
const mb = (n) => (n / 1e6).toFixed(2);
console.log(`${mb(bytes.length)} MB: code ${mb(code)} MB in ${bodies.length} functions, data ${mb(dataBytes)} MB`);
if (names.size === 0) console.log("no name section: build with CARGO_PROFILE_RELEASE_STRIP=false");
console.log("| crate | code KB |\n|---|---:|");
for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, shown)) {
  console.log(`| ${crate} | ${(size / 1e3).toFixed(1)} |`);
}
const functions = Number(process.env.FUNCTIONS || 0);
if (functions > 0) {
  console.log("\n| function | code KB |\n|---|---:|");
  const largest = bodies.map((size, i) => [names.get(importedFunctions + i) || "(unnamed)", size])
    .sort((a, b) => b[1] - a[1]).slice(0, functions);
  for (const [name, size] of largest) console.log(`| ${name.slice(0, 150)} | ${(size / 1e3).toFixed(1)} |`);
}
