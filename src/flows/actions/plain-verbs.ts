import type { ActionBase, CompiledFragment } from '../compiled-parts';
import type { FlowCompileContext } from '../flow-compile-context';
import type { FlowNode } from '../texml-kit';
import { at, fragment } from './action-kit';
import type { ActionSite, InlineBehaviour } from './action-definition';

/*
 * The compiled forms of plain verbs: the step kinds that only add TeXML (say, play, start, ...)
 * compile to `emit`; hangup, leave and reject to `end`; a redirect to a URL to `redirect-url`.
 */

export type EmitAction = ActionBase & { kind: 'emit'; fragment: CompiledFragment };
export type EndAction = ActionBase & { kind: 'end'; ending: 'hangup' | 'reject'; fragment: CompiledFragment };
export type RedirectUrlAction = ActionBase & { kind: 'redirect-url'; fragment: CompiledFragment };
export type PlainVerbAction = EmitAction | EndAction | RedirectUrlAction;

export function emitAction(ctx: FlowCompileContext, site: ActionSite, nodes: FlowNode[]): EmitAction {
  return { kind: 'emit', where: at(ctx, site.path), fragment: fragment(ctx, site.path, nodes) };
}

export function endAction(ctx: FlowCompileContext, site: ActionSite, ending: 'hangup' | 'reject', nodes: FlowNode[]): EndAction {
  return { kind: 'end', ending, where: at(ctx, site.path), fragment: fragment(ctx, site.path, nodes) };
}

/** How the interpreter runs each plain form. */
export const plainVerbs: { [K in PlainVerbAction['kind']]: InlineBehaviour<Extract<PlainVerbAction, { kind: K }>> } = {
  emit: {
    run: (action, scope) => {
      scope.emit(action.fragment);
      return undefined;
    },
  },
  end: {
    run: (action, scope) => {
      scope.emit(action.fragment);
      return { end: action.ending };
    },
    endsStep: () => true,
  },
  'redirect-url': {
    run: (action, scope) => {
      scope.emit(action.fragment);
      return { end: 'redirect' };
    },
    endsStep: () => true,
  },
};
