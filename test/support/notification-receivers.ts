// Real receivers for the notification channels, on 127.0.0.1 and a free port: an SMTP server
// that keeps every message it accepts (parsed from its MIME), and an HTTP server for the webhook
// that checks each request's signature and timestamp and answers with the status a test sets.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { SIGNATURE_TOLERANCE_SECONDS } from '../../activities/notification-channels';

export interface ReceivedMail {
  envelopeTo: string[];
  /** The message as it came over the wire. */
  raw: string;
  parsed: ParsedMail;
}

export class SmtpReceiver {
  readonly mails: ReceivedMail[] = [];
  /** Recipients refused with a permanent 550, as a server refuses an unknown mailbox. */
  readonly refusedRecipients = new Set<string>();

  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
  ) {}

  static async start(): Promise<SmtpReceiver> {
    let receiver: SmtpReceiver | undefined;
    const server = new SMTPServer({
      // Plain SMTP on loopback: no TLS certificate to trust, no credentials to send.
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (!receiver!.refusedRecipients.has(address.address)) return callback();
        callback(Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: 550 }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            (parsed) => {
              receiver!.mails.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw: raw.toString('latin1'), parsed });
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    receiver = new SmtpReceiver(server, `smtp://127.0.0.1:${port}`);
    return receiver;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(resolve));
  }
}

export interface WebhookRequest {
  headers: http.IncomingHttpHeaders;
  rawBody: Buffer;
  /** Whether X-Signature-256 is the HMAC-SHA256 of `${X-Signature-Timestamp}.${raw body}` under the receiver's secret, with a timestamp within 5 minutes. */
  signatureValid: boolean;
  json: Record<string, unknown>;
}

export class WebhookReceiver {
  readonly requests: WebhookRequest[] = [];
  /** What the receiver answers every request with. */
  status = 204;
  private held: Promise<void> = Promise.resolve();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    readonly secret: string,
  ) {}

  static async start(secret = crypto.randomBytes(24).toString('base64url')): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks);
        receiver!.requests.push({
          headers: req.headers,
          rawBody,
          signatureValid: signatureMatches({ headers: req.headers, rawBody }, secret),
          json: JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>,
        });
        void receiver!.held.then(() => res.writeHead(receiver!.status).end());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}/hooks/notifications`, secret);
    return receiver;
  }

  /** Requests from now on get no answer until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    return release;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }
}

/**
 * As a receiver should check it: the timestamp within the tolerance (5 minutes) of its own clock, the HMAC
 * recomputed over the timestamp, a dot and the raw bytes, compared in constant time.
 */
export function signatureMatches(request: Pick<WebhookRequest, 'headers' | 'rawBody'>, secret: string, nowSeconds = Date.now() / 1000): boolean {
  const signature = request.headers['x-signature-256'];
  const timestamp = request.headers['x-signature-timestamp'];
  if (typeof signature !== 'string' || !signature.startsWith('sha256=') || typeof timestamp !== 'string' || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${timestamp}.`).update(request.rawBody).digest();
  const given = Buffer.from(signature.slice('sha256='.length), 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
