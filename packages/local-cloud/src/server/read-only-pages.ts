/**
 * Pages the endpoint serves to the learner's browser without a SigV4 signature (the live
 * view: src/inspector/live-view.ts). The front door lets through only a GET of exactly one of
 * their paths, after the Host and Origin checks every request passes: a page of another site
 * is still refused, and nothing else becomes unsigned. They only read.
 */
import type { RequestHead } from './aws-request.ts';

/** What a page writes to: Node's HTTP/1.1 and HTTP/2 compatibility responses alike. */
export interface PageResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: string): unknown;
  end(chunk: string): unknown;
  once(event: 'close', listener: () => void): unknown;
  /** Bytes written but not yet sent (a reader that does not keep up). */
  readonly writableLength?: number;
  /** Closes the connection at once, dropping what was not sent. */
  destroy(): unknown;
}

export interface ReadOnlyPages {
  /** Exactly the paths served, without their query. */
  readonly paths: ReadonlySet<string>;
  serve(head: RequestHead, res: PageResponse): void;
}
