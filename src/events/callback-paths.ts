import { callbackKinds, type CallbackKind } from './call-event';

/** Where each kind of callback is posted. Every callback URL the service emits comes from here. */
export const callbackPaths: Readonly<Record<CallbackKind, string>> = Object.fromEntries(
  callbackKinds.map((kind) => [kind, `/callbacks/${kind}`]),
) as Record<CallbackKind, string>;
