// Runs `npm ci` only when node_modules does not match package-lock.json, so repeated Maven
// builds do not reinstall. The lock's hash is recorded inside node_modules after a good install.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const lockHash = createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
const stamp = 'node_modules/.cairn-lock-sha256';
if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === lockHash) {
  console.log('[cairn-ui] node_modules matches package-lock.json; skipping npm ci');
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (result.status !== 0) {
  process.exit(result.status ?? 1);
}
writeFileSync(stamp, lockHash + '\n');
