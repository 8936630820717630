import type { CompiledCalendar } from './compile-calendar';

export interface CompiledRoute {
  name: string;
  flow: string;
  vars: Record<string, string | number | boolean>;
  matches(call: RouteCall, now: Date): boolean;
}

/** The request fields routing looks at. */
export interface RouteCall {
  to?: string;
  from?: string;
  connectionId?: string;
}

export interface RouteMatch {
  route: string;
  flow: string;
  vars: Record<string, string | number | boolean>;
}

/** Inbound routes in order; the first match wins, else the default. */
export class RouteTable {
  constructor(
    private readonly routes: readonly CompiledRoute[],
    private readonly fallbackRoute: { flow: string; vars: Record<string, string | number | boolean> },
  ) {}

  resolve(call: RouteCall, now: Date): RouteMatch {
    for (const route of this.routes) {
      if (route.matches(call, now)) return { route: route.name, flow: route.flow, vars: route.vars };
    }
    return { route: 'default', flow: this.fallbackRoute.flow, vars: this.fallbackRoute.vars };
  }

  get size(): number {
    return this.routes.length;
  }

  /** The routes in order, then the default: which flow each sends calls to (the studio lists them). */
  list(): Array<{ route: string; flow: string }> {
    return [...this.routes.map((route) => ({ route: route.name, flow: route.flow })), { route: 'default', flow: this.fallbackRoute.flow }];
  }
}

export interface RouteRule {
  name: string;
  flow: string;
  vars?: Record<string, string | number | boolean>;
  to?: string[];
  from?: string[];
  fromPrefix?: string[];
  connectionId?: string[];
  calendar?: { calendar: CompiledCalendar; open: boolean };
}

/** Compiles one rule; every condition present must hold. */
export function compileRoute(rule: RouteRule): CompiledRoute {
  const to = rule.to ? new Set(rule.to) : undefined;
  const from = rule.from ? new Set(rule.from) : undefined;
  const connection = rule.connectionId ? new Set(rule.connectionId) : undefined;
  const prefixes = rule.fromPrefix;
  const calendar = rule.calendar;
  return {
    name: rule.name,
    flow: rule.flow,
    vars: rule.vars ?? {},
    matches(call, now) {
      if (to && !(call.to !== undefined && to.has(call.to))) return false;
      if (from && !(call.from !== undefined && from.has(call.from))) return false;
      if (prefixes && !(call.from !== undefined && prefixes.some((p) => call.from!.startsWith(p)))) return false;
      if (connection && !(call.connectionId !== undefined && connection.has(call.connectionId))) return false;
      if (calendar && calendar.calendar.isOpen(now) !== calendar.open) return false;
      return true;
    },
  };
}
