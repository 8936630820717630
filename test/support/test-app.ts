import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { loadConfig, type Config, type Environment } from '../../src/config';
import { ErrorHandler } from '../../src/errors';
import { FlowSetHolder } from '../../src/flows/flow-set-holder';
import { createApp } from '../../src/http/create-app';
import type { AppDependencies } from '../../src/http/app-dependencies';
import { ServiceMetrics } from '../../src/http/metrics/service-metrics';
import type { OperationProducer } from '../../src/jobs/operation-producer';
import { createLogger } from '../../src/logging';
import type { CallbackKind } from '../../src/events/call-event';
import type { OutboundRequester } from '../../src/events/outbound-request';
import { ServiceUrls } from '../../src/urls/service-urls';
import { LogCapture } from './log-capture';
import { exampleDirs } from './examples';
import { SigningKey } from './signing-key';

export const repoRoot = join(__dirname, '..', '..');

export interface TestAppOptions {
  flowsDir?: string;
  routesDir?: string;
  env?: Environment;
  producer?: OperationProducer;
  now?: () => Date;
  /** Sign requests and verify signatures (default true). */
  signed?: boolean;
  /** Performs flows' `request` actions (default: createApp's, which refuses loopback). */
  requester?: OutboundRequester;
  /** Callback ingestion and timelines, built over the app's own flow holder. */
  events?: (flows: FlowSetHolder) => AppDependencies['events'];
}

export interface TestApp {
  app: Express;
  config: Config;
  key: SigningKey;
  logs: LogCapture;
  metrics: ServiceMetrics;
  flows: FlowSetHolder;
  /** Builds (and reads) the service's sealed URLs, as the service does: tests never write them by hand. */
  urls: ServiceUrls;
  /** POST a form-encoded webhook, signed like Telnyx signs it. */
  post(path: string, form: Record<string, string | string[]>, headers?: Record<string, string>): request.Test;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const key = new SigningKey();
  const signed = options.signed ?? true;
  const config = loadConfig(
    {
      FLOW_STATE_SECRET: 'test-state-secret-0123456789abcdefghij',
      PUBLIC_BASE_URL: 'https://router.test',
      ...(signed ? { TELNYX_PUBLIC_KEY: key.publicKeyBase64 } : {}),
      ...options.env,
    },
    false,
  );
  const logs = new LogCapture();
  const logger = createLogger({ level: 'debug', pretty: false, secretValues: config.secretValues, destination: logs });
  const flows = new FlowSetHolder(
    // Default: the examples as shipped (their copy; users edit flows/ and routes/).
    { flowsDir: options.flowsDir ?? exampleDirs.flowsDir, routesDir: options.routesDir ?? exampleDirs.routesDir, baseDir: repoRoot },
    { readEnv: () => undefined },
    logger,
  );
  await flows.load();
  const metrics = new ServiceMetrics({ defaultMetrics: false });
  const app = createApp({
    config,
    logger,
    errorHandler: new ErrorHandler(logger),
    flows,
    metrics,
    ...(options.producer ? { producer: options.producer } : {}),
    ...(options.events ? { events: options.events(flows) } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.requester ? { requester: options.requester } : {}),
  });
  const post = (path: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    const text = body.toString();
    return request(app)
      .post(path)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set(signed ? key.headers(text) : {})
      .set(headers)
      .send(text);
  };
  const urls = ServiceUrls.fromConfig(config, options.now ? () => options.now!().getTime() : undefined);
  return { app, config, key, logs, metrics, flows, urls, post };
}

/** The action URL of the document's first waiting verb, as a path Telnyx would call back. */
export function actionPath(texml: string, which: 'action' | 'redirect' = 'action'): string {
  const match = which === 'action' ? /action="([^"]+)"/.exec(texml) : /<Redirect[^>]*>([^<]+)<\/Redirect>/.exec(texml);
  if (!match) throw new Error(`no ${which} URL in ${texml}`);
  const url = new URL(match[1]!.replace(/&amp;/g, '&'));
  return url.pathname + url.search;
}

/**
 * The document with each sealed callback link shown as the flow it carries
 * (`/callbacks/KIND?link=TOKEN` -> `/callbacks/KIND?flow=NAME`), so tests can compare documents
 * whose tokens differ on every render. Only for reading: the service never accepts `?flow=` there.
 */
export function readableLinks(texml: string, urls: ServiceUrls): string {
  return texml.replace(/\/callbacks\/([a-z-]+)\?link=([\w-]+)/g, (_match, kind: string, token: string) => {
    const link = urls.readCallback(kind as CallbackKind, { link: token }, {});
    return `/callbacks/${kind}${link.flow ? `?flow=${link.flow}` : ''}${link.problem ? `?problem=${link.problem}` : ''}`;
  });
}
