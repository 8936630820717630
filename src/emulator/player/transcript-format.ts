import type { CallTranscriptSnapshot } from './call-transcript';
import { parseTexmlDocument, type TexmlElement } from './texml-document';
import type { TranscriptEvent } from './transcript-event';

/** `<Say> <Gather>(Say) <Redirect>`: the verbs of a TeXML answer, for a one-line summary. */
export function abbreviateTexml(texml: string): string {
  try {
    const root = parseTexmlDocument(texml);
    if (root.children.length === 0) return '(empty <Response>)';
    const describe = (element: TexmlElement): string => {
      const inner = element.children.map((c) => c.name);
      return `<${element.name}>${inner.length ? `(${inner.join(' ')})` : ''}`;
    };
    return root.children.map(describe).join(' ');
  } catch (error) {
    return `(not TeXML: ${(error as Error).message})`;
  }
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    const query = parsed.search.length > 48 ? `${parsed.search.slice(0, 45)}...` : parsed.search;
    return `${parsed.origin}${parsed.pathname}${query}`;
  } catch {
    return url;
  }
}

/** One readable line for an event (without its time). */
export function describeTranscriptEvent(event: TranscriptEvent): string {
  switch (event.kind) {
    case 'status':
      return `status: ${event.status}${event.answeredBy ? ` (answered by ${event.answeredBy})` : ''}`;
    case 'webhook': {
      const answer = event.error ? `failed: ${event.error}` : `${event.status ?? '?'}${event.texml !== undefined ? ` ${abbreviateTexml(event.texml)}` : ''}`;
      const input = ['Digits', 'SpeechResult', 'DialCallStatus', 'RecordingSid', 'QueueResult', 'AnsweredBy']
        .filter((k) => event.params[k] !== undefined && event.params[k] !== '')
        .map((k) => `${k}=${event.params[k]}`)
        .join(' ');
      return `${event.purpose} ${event.method} ${pathOf(event.url)}${input ? ` [${input}]` : ''} -> ${answer}`;
    }
    case 'callback': {
      const what = event.params.CallStatus ?? event.params.StatusCallbackEvent ?? event.params.RecordingStatus ?? event.params.TranscriptionStatus ?? event.params.AnsweredBy ?? '';
      return `callback ${event.purpose}${what ? ` (${what})` : ''} ${event.method} ${pathOf(event.url)} -> ${event.error ? `failed: ${event.error}` : (event.status ?? '?')}`;
    }
    case 'heard':
      if (event.verb === 'Say') return `hears: "${event.text ?? ''}" (${event.seconds} s${event.voice ? `, ${event.voice}` : ''})`;
      if (event.verb === 'Play') return `hears: ${event.url ?? `DTMF ${event.digits ?? ''}`} (${event.seconds} s)`;
      if (event.verb === 'Pause') return `hears: silence (${event.seconds} s)`;
      if (event.verb === 'beep') return 'hears: beep';
      return `hears: music ${event.url ?? ''}`;
    case 'caller':
      return `caller ${event.detail}`;
    case 'verb':
      return `${event.verb}: ${event.detail}`;
    case 'note':
      return `note: ${event.message}`;
    case 'error':
      return `ERROR: ${event.message}`;
    case 'ended':
      return `call ended by ${event.by} (${event.status}, ${event.durationSeconds} s talk${event.cause && event.cause !== 'normal_clearing' ? `; ${event.cause}` : ''})`;
  }
}

/** The whole transcript as text, one event per line with the call's clock. */
export function formatTranscript(transcript: CallTranscriptSnapshot): string {
  const lines = [`call ${transcript.callSid} ${transcript.direction} ${transcript.from} -> ${transcript.to}`];
  for (const event of transcript.events) lines.push(`${event.elapsedSeconds.toFixed(1).padStart(7)}s  ${describeTranscriptEvent(event)}`);
  return `${lines.join('\n')}\n`;
}

/** One event of a live call as a log line: `[v3:AbC12345] 12.3s hears: "..."` (callbacks left out unless asked). */
export function liveTranscriptLine(callSid: string, event: TranscriptEvent, options: { callbacks?: boolean } = {}): string | undefined {
  if (event.kind === 'callback' && !options.callbacks) return undefined;
  return `[${callSid.slice(0, 11)}] ${event.elapsedSeconds.toFixed(1).padStart(6)}s  ${describeTranscriptEvent(event)}`;
}
