import type {
  AIGatherAttributes,
  ConnectAttributes,
  DialAttributes,
  EnqueueAttributes,
  GatherAttributes,
  HttpRequestAttributes,
  PauseAttributes,
  PayAttributes,
  PlayAttributes,
  RecordAttributes,
  RedirectAttributes,
  ReferAttributes,
  RejectAttributes,
  SayAttributes,
} from './texml-attribute-types';
import { buildTexml, buildTexmlFragment } from './build-texml';
import type {
  AIGatherChildren,
  ConnectChildren,
  DialChildren,
  GatherChildren,
  HttpRequestChildren,
  PayChildren,
  ReferChildren,
  StartChildren,
  StopChildren,
} from './texml-children';
import type { TexmlFragment } from './texml-fragment';
import type { ElementName, TexmlNode } from './texml-node';
import { element, NodeListBuilder } from './texml-node-list-builder';

/**
 * The typed fluent layer: one method per verb, nested builders exposing only legal children.
 * `toString()` runs the same registry validation as buildTexml (it is buildTexml).
 *
 *   new TexmlResponse().say('Hi', { voice: 'alice' })
 *     .gather({ input: 'dtmf speech' }, (g) => g.say('Press 1'))
 *     .dial({ timeout: 20 }, (d) => d.number('+13125550001'))
 *     .toString();
 */
export class TexmlResponse {
  private readonly nodes: TexmlNode[] = [];

  private add(verb: ElementName, attributes?: object, text?: string, children?: TexmlNode[]): this {
    this.nodes.push(element(verb, attributes, text, children));
    return this;
  }

  say(text: string, attributes?: SayAttributes): this {
    return this.add('Say', attributes, text);
  }

  /** `url` may be undefined when `digits` is given. */
  play(url: string | undefined, attributes?: PlayAttributes): this {
    return this.add('Play', attributes, url);
  }

  pause(attributes?: PauseAttributes): this {
    return this.add('Pause', attributes);
  }

  gather(attributes?: GatherAttributes, children?: (gather: GatherChildren) => void): this {
    return this.add('Gather', attributes, undefined, NodeListBuilder.collect(children));
  }

  dial(attributes: DialAttributes | undefined, children: (dial: DialChildren) => void): this {
    return this.add('Dial', attributes, undefined, NodeListBuilder.collect(children));
  }

  record(attributes?: RecordAttributes): this {
    return this.add('Record', attributes);
  }

  enqueue(queueName: string, attributes?: EnqueueAttributes): this {
    return this.add('Enqueue', attributes, queueName);
  }

  hangup(): this {
    return this.add('Hangup');
  }

  leave(): this {
    return this.add('Leave');
  }

  redirect(url: string, attributes?: RedirectAttributes): this {
    return this.add('Redirect', attributes, url);
  }

  /** First verb of an inbound call: the call is never answered. Elsewhere: the call hangs up. */
  reject(attributes?: RejectAttributes): this {
    return this.add('Reject', attributes);
  }

  refer(attributes: ReferAttributes | undefined, children: (refer: ReferChildren) => void): this {
    return this.add('Refer', attributes, undefined, NodeListBuilder.collect(children));
  }

  start(children: (start: StartChildren) => void): this {
    return this.add('Start', undefined, undefined, NodeListBuilder.collect(children));
  }

  stop(children: (stop: StopChildren) => void): this {
    return this.add('Stop', undefined, undefined, NodeListBuilder.collect(children));
  }

  connect(children: (connect: ConnectChildren) => void, attributes?: ConnectAttributes): this {
    return this.add('Connect', attributes, undefined, NodeListBuilder.collect(children));
  }

  pay(attributes?: PayAttributes, children?: (pay: PayChildren) => void): this {
    return this.add('Pay', attributes, undefined, NodeListBuilder.collect(children));
  }

  httpRequest(attributes: HttpRequestAttributes | undefined, children: (http: HttpRequestChildren) => void): this {
    return this.add('HttpRequest', attributes, undefined, NodeListBuilder.collect(children));
  }

  aiGather(attributes: AIGatherAttributes | undefined, children: (ai: AIGatherChildren) => void): this {
    return this.add('AIGather', attributes, undefined, NodeListBuilder.collect(children));
  }

  /** The data-layer nodes, e.g. to compile into a template. */
  toNodes(): readonly TexmlNode[] {
    return this.nodes;
  }

  toFragment(): TexmlFragment {
    return buildTexmlFragment(this.nodes);
  }

  /** The validated document; throws TexmlError. */
  toString(): string {
    return buildTexml(this.nodes);
  }
}
