import type { OpenQuestion } from './contract-types';

/** What Telnyx leaves undocumented or contradicts, and what the service does about each. */
export const openQuestions: readonly OpenQuestion[] = [
  {
    question: 'Does Telnyx render Mustache in TeXML fetched from our URL, or only in TeXML Bins?',
    whatTelnyxSays:
      'texml-bin-dynamic-content.md documents Mustache for TeXML Bins (request parameters and {{#secret}}NAME{{/secret}}). No page says whether TeXML fetched from an application\'s own voice URL is rendered the same way.',
    decision:
      'Assume it may be, either way safely: every value that came from a request is neutralised so it can never form {{ or }} (a caller cannot make Telnyx read a secret), and secret.NAME compiles to the {{#secret}} placeholder, never to the value. A flow that uses secret.NAME relies on Telnyx substituting it; if Telnyx does not outside Bins, the placeholder is spoken as text, which is visible in the simulator\'s transcript.',
    where: 'src/templates/neutralise.ts, src/templates/compiled-template.ts; docs/flows.md (secrets)',
  },
  {
    question: 'What does the signature cover on a GET?',
    whatTelnyxSays:
      'Telnyx signs `${telnyx-timestamp}|${raw body}` (Ed25519). The URL, its query string and the method are not covered. A GET has no body, so only the timestamp is signed; GET is the application\'s default voice_method (texml-instruction-fetching.md).',
    decision:
      'Recommend POST for voice_method. On a GET, nothing Telnyx sent is authenticated: the service reads back only values it sealed itself into the URLs it emitted, never an unsealed query value (docs/security.md).',
    where: 'src/telnyx/webhook-signature-verifier.ts, src/http (signed-webhook-reader, shared by the voice webhook and callback receivers); docs/security.md',
  },
  {
    question: 'What parameters does the Enqueue action request carry?',
    whatTelnyxSays:
      'enqueue.md documents the waitUrl request (texml-queue: QueueSid, QueuePosition, CurrentQueueSize, QueueTime, AvgQueueTime) but nothing for the action URL beyond its existence. QueueResult is TwiML\'s and appears in no Telnyx page.',
    decision:
      'The contract takes only the instruction-fetch parameters as certain for the Enqueue action. QueueResult, QueueSid and QueueTime are tolerated when present (documented: false) and never required: what happens after a queue is derived from what the service knows (it issued the <Leave>, the call was bridged, the caller hung up). The emulator must not send them.',
    where: 'src/telnyx/contract/webhook-contract.ts (enqueue-action); src/flows/voice-responder.ts',
  },
  {
    question: 'How long does Telnyx wait for a TeXML answer?',
    whatTelnyxSays: 'Not documented. texml-instruction-fetching.md only says to keep response times low; a non-200 answer sends Telnyx to the fallback URL.',
    decision:
      'Answer fast and never depend on Redis on the webhook path (sealed state in the URL). Every webhook answers 200 with valid TeXML, a fallback document included. The emulator gives up on a request after 10 s (its WebhookSender timeout) and then fetches the fallback URL, as Telnyx does for a non-200.',
    where: 'src/flows/voice-responder.ts, src/emulator/webhook-sender.ts; docs/architecture.md',
  },
  {
    question: 'Which AnsweredBy values, and on which request?',
    whatTelnyxSays:
      'TexmlCallAmdWebhookSchema: human, machine_start, machine_end_beep, machine_end_silence, machine_end_other, fax, unknown. The AMD guide: human, machine, fax, unknown, posted to StatusCallback (synchronous) or AsyncAmdStatusCallback. The instruction fetch lists no AnsweredBy.',
    decision: 'Both vocabularies are accepted everywhere; machine and every machine_* value mean a machine. The AMD webhook is accepted on the status-callback endpoint without a CallStatus.',
    where: 'src/events/normalise-callback.ts; src/telnyx/contract/webhook-contract.ts (answeredByValues)',
  },
  {
    question: 'What does a transcription callback look like?',
    whatTelnyxSays:
      'transcription.md points at texml-transcription (TranscriptionSid, TranscriptionStatus, TranscriptionText, RecordingSid): the recording shape. The older <Transcription> verb page documents real-time results as Transcript, IsFinal and Confidence, without a TranscriptionSid.',
    decision:
      'Both shapes are accepted on /callbacks/transcription and stored: with a TranscriptionSid as transcription.completed (or its status); without one and with a Transcript as transcription.partial or transcription.final, on the call\'s timeline.',
    where: 'src/events/normalise-callback.ts',
  },
  {
    question: 'Does Telnyx send a Direction parameter?',
    whatTelnyxSays: 'No webhook schema and not the instruction-fetching page lists one. The REST Call resource has direction (inbound, outbound).',
    decision: 'The service reads no Direction and offers no call.direction to templates; the emulator sends none. A flow knows an outbound call by the campaign or job that placed it.',
    where: 'src/templates/call-context.ts; docs/flows.md',
  },
  {
    question: 'What Content-Type must the TeXML answer have?',
    whatTelnyxSays: 'Not documented; texml-instruction-fetching.md asks for valid XML with a <Response> root and 200 OK.',
    decision: 'application/xml; charset=utf-8, Cache-Control: no-store.',
    where: 'src/http/voice-webhook-receiver.ts',
  },
];
