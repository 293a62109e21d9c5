// DATA_DIR/server.json: where operator tools (token, bench) find the service `npm start` runs.
import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from './process-lock';

export interface ServerInfo {
  pid: number;
  url: string;
  temporal: { address: string; namespace: string; uiUrl?: string };
}

export function serverInfoPath(dataDir: string): string {
  return path.join(dataDir, 'server.json');
}

export function writeServerInfo(dataDir: string, info: ServerInfo): void {
  const file = serverInfoPath(dataDir);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(info, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

export function removeServerInfo(dataDir: string): void {
  fs.rmSync(serverInfoPath(dataDir), { force: true });
}

/** The running service on this DATA_DIR, or null when none runs. */
export function readServerInfo(dataDir: string): ServerInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(serverInfoPath(dataDir), 'utf8')) as ServerInfo;
    return isProcessAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
}
