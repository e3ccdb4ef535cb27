/**
 * The ops routes — `/metrics`, `/healthz`, `/readyz` — as an ordinary controller, so they go
 * through the same route table, 405 handling and HEAD support as the app's own routes.
 * Paths are options, so the controller class is made per app and decorated here.
 */
import { Controller } from '../core/decorators/controller';
import { Header } from '../core/decorators/response';
import { Get } from '../core/decorators/route';
import { ServiceUnavailableException } from '../core/exceptions/http-exception';

export interface OpsRoutes {
  /** e.g. '/metrics'; undefined: not served. */
  metricsPath?: string;
  livenessPath?: string;
  readinessPath?: string;
}

export interface OpsState {
  /** the Prometheus text (in workers mode: every worker's counts summed). */
  renderMetrics(): string | Promise<string>;
  /** false before the app is built and once shutdown began. */
  isReady(): boolean | Promise<boolean>;
}

/** Prometheus text exposition format 0.0.4. */
const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NOT_READY_FIELDS = { headers: { 'Cache-Control': 'no-store' } };

export function createOpsController(routes: OpsRoutes, state: OpsState): { controller: Function; instance: object } {
  class OpsController {
    metrics(): string | Promise<string> {
      return state.renderMetrics();
    }

    liveness(): { status: string } {
      return { status: 'ok' };
    }

    async readiness(): Promise<{ status: string }> {
      // RFC 9110 §15.6.4: 503 tells a load balancer to send traffic elsewhere for now.
      // @Header decorates successes only: the refusal must not be cached either, or a probe
      // through a cache would keep the instance out of rotation once it is ready again.
      if (!(await state.isReady())) throw new ServiceUnavailableException('Shutting down or not ready', NOT_READY_FIELDS);
      return { status: 'ready' };
    }
  }
  Controller()(OpsController);
  const proto = OpsController.prototype;
  const decorate = (name: keyof OpsController, ...decorators: MethodDecorator[]): void => {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
    for (const decorator of decorators) decorator(proto, name, descriptor);
  };
  if (routes.metricsPath !== undefined) decorate('metrics', Get(routes.metricsPath), Header('Content-Type', METRICS_CONTENT_TYPE), Header('Cache-Control', 'no-store'));
  if (routes.livenessPath !== undefined) decorate('liveness', Get(routes.livenessPath), Header('Cache-Control', 'no-store'));
  if (routes.readinessPath !== undefined) decorate('readiness', Get(routes.readinessPath), Header('Cache-Control', 'no-store'));
  return { controller: OpsController, instance: new OpsController() };
}
