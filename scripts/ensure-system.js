#!/usr/bin/env node
'use strict';
/**
 * Runs before the test suite: makes sure the system pieces the tests need exist on this machine.
 * Where one is missing it installs it with apt-get when running as root on Debian/Ubuntu, or
 * stops with the exact command to run. Nothing here is needed at run time.
 */
const { spawnSync } = require('node:child_process');

const needs = [];
if (!process.env.REDIS_URL)
  needs.push({ bin: 'redis-server', pkg: 'redis-server', why: 'tests run against a real Redis' });

function has(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

const missing = needs.filter((n) => !has(n.bin));
if (missing.length === 0) process.exit(0);

const pkgs = [...new Set(missing.map((m) => m.pkg))].join(' ');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && has('apt-get')) {
  console.log(`[teller] installing ${pkgs} (${missing.map((m) => m.why).join('; ')})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync(
    'apt-get',
    ['install', '-y', '-qq', '--no-install-recommends', ...pkgs.split(' ')],
    {
      stdio: 'inherit',
      env,
    },
  );
  if (update.status === 0 && install.status === 0 && missing.every((m) => has(m.bin))) process.exit(0);
}
console.error(
  `[teller] missing: ${missing.map((m) => `${m.bin} (${m.why})`).join(', ')}.\n` +
    `Install with:\n\n    sudo apt-get update && sudo apt-get install -y ${pkgs}\n\n` +
    'or point the tests at an existing Redis with REDIS_URL=redis://host:port.',
);
process.exit(1);
