// Restores the files libman.json lists, taken from the npm registry instead of a CDN:
// `npm pack NAME@VERSION` gives the same package/ tree that unpkg serves.
// Usage: node scripts/libman-restore.mjs [--check]   (--check: exit 1 if anything is missing)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const manifest = JSON.parse(readFileSync(join(root, 'libman.json'), 'utf8'));
const checkOnly = process.argv.includes('--check');

// libman keeps the path under the package root, minus nothing: "dist/x.js" lands in destination/dist/x.js
const target = (lib, file) => join(root, lib.destination, file);

let missing = 0;
for (const lib of manifest.libraries) {
  const absent = lib.files.filter(f => !existsSync(target(lib, f)));
  if (absent.length === 0) continue;
  missing += absent.length;
  if (checkOnly) continue;
  const work = mkdtempSync(join(tmpdir(), 'libman-'));
  try {
    const tgz = execFileSync('npm', ['pack', lib.library, '--silent', '--pack-destination', work],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
    execFileSync('tar', ['-xzf', join(work, tgz), '-C', work]);
    for (const f of lib.files) {
      mkdirSync(dirname(target(lib, f)), { recursive: true });
      copyFileSync(join(work, 'package', f), target(lib, f));
    }
    console.log(`restored ${lib.library} (${lib.files.length} files)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
if (checkOnly && missing > 0) { console.log(`${missing} files missing`); process.exit(1); }
