// A validator's session keys, generated as its operator does (docs/operating-a-validator.md,
// "Rotating session keys"): `stledger-node session-keys` with the node stopped, into the
// keystore of its base path, bound to the validator account that will sign `session.setKeys`.
// Validators serve no unsafe RPC method, so `author_rotateKeysWithOwner` is not available.

import { spawn } from 'node:child_process';

/**
 * Run `nodeBin session-keys --chain chainSpec --base-path basePath --owner owner` (`owner`:
 * an SS58 address; `newNode`: the base path holds no database yet, `--new-node`) and resolve
 * to what it prints, `{ keys, proof }` (hex), for `session.setKeys(keys, proof)`. The node on
 * `basePath` must be stopped (ParityDB's lock). A child process, so the caller's event loop
 * (its subscriptions' timestamps) goes on meanwhile.
 */
export function generateSessionKeys(nodeBin, { chainSpec, basePath, owner, newNode = false, timeoutMs = 120_000 }) {
  const args = ['session-keys', '--chain', chainSpec, '--base-path', basePath, '--owner', owner, ...(newNode ? ['--new-node'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`stledger-node ${args.join(' ')} exited with ${code ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
        return;
      }
      try {
        const generated = JSON.parse(stdout.trim().split('\n').pop());
        if (!/^0x[0-9a-f]+$/.test(generated.keys) || !/^0x[0-9a-f]+$/.test(generated.proof)) throw new Error('not hex');
        resolve(generated);
      } catch (error) {
        reject(new Error(`stledger-node session-keys printed ${JSON.stringify(stdout)}: ${error.message}`));
      }
    });
  });
}
