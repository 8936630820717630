import { z } from 'zod';
import { languageSchema, nameSchema, templateSchema } from '../schema/common-schemas';
import { runtimeSlot, type FlowNode } from '../texml-kit';
import { defineAction } from './action-definition';
import { parameterChildren, parameterMap } from './action-kit';
import { emitAction } from './plain-verbs';

export const mediaTrack = z.enum(['inbound_track', 'outbound_track', 'both_tracks']);

const startSchema = () => {
  const streamParams = z.strictObject({
    url: templateSchema,
    name: nameSchema.optional(),
    track: mediaTrack.optional(),
    bidirectional: z.boolean().optional(),
    enable_reconnect: z.boolean().optional(),
    parameters: parameterMap.optional(),
  });
  const siprecParams = z.strictObject({ connector: z.string().min(1), name: nameSchema.optional(), track: mediaTrack.optional() });
  const transcriptionParams = z.strictObject({ language: languageSchema.optional(), engine: z.enum(['Google', 'Telnyx', 'Deepgram', 'Azure', 'A', 'B']).optional(), tracks: z.enum(['inbound', 'outbound', 'both']).optional(), interim_results: z.boolean().optional() });
  const recordingParams = z.strictObject({ channels: z.enum(['single', 'dual']).optional(), format: z.enum(['mp3', 'wav']).optional(), track: z.enum(['inbound', 'outbound', 'both']).optional() });
  return z.union([
    z.strictObject({ stream: streamParams }),
    z.strictObject({ siprec: siprecParams }),
    z.strictObject({ transcription: transcriptionParams }),
    z.strictObject({ recording: recordingParams }),
    z.strictObject({ suppression: z.strictObject({ direction: z.enum(['inbound', 'outbound', 'both']).optional() }) }),
  ]);
};

/** Start: a media stream, SIPREC, a transcription, a recording or noise suppression, while the call goes on. */
export const startAction = defineAction({
  name: 'start',
  schema: startSchema,
  compile: (value, site, ctx) => {
    const [kind, params] = Object.entries(value)[0] as [string, Record<string, unknown>];
    const path = [...site.path, kind];
    const nodes: Record<string, () => FlowNode> = {
      stream: () => ({
        verb: 'Stream',
        attributes: {
          url: ctx.value(String(params.url), [...path, 'url']),
          name: params.name as string | undefined,
          track: params.track as string | undefined,
          bidirectionalMode: params.bidirectional ? 'rtp' : undefined,
          enableReconnect: params.enable_reconnect as boolean | undefined,
          statusCallback: runtimeSlot('streamCallbackUrl'),
        },
        ...parameterChildren(params.parameters as Record<string, string> | undefined, [...path, 'parameters'], ctx),
      }),
      siprec: () => ({ verb: 'Siprec', attributes: { connectorName: params.connector as string, name: params.name as string | undefined, track: params.track as string | undefined, statusCallback: runtimeSlot('siprecCallbackUrl') } }),
      transcription: () => ({ verb: 'Transcription', attributes: { language: params.language as string | undefined, transcriptionEngine: params.engine as string | undefined, transcriptionTracks: params.tracks as string | undefined, interimResults: params.interim_results as boolean | undefined, transcriptionCallback: runtimeSlot('transcriptionCallbackUrl') } }),
      recording: () => ({ verb: 'Recording', attributes: { channels: params.channels as string | undefined, format: params.format as string | undefined, track: params.track as string | undefined, recordingStatusCallback: runtimeSlot('recordingCallbackUrl') } }),
      suppression: () => ({ verb: 'Suppression', attributes: { direction: params.direction as string | undefined } }),
    };
    return emitAction(ctx, site, [{ verb: 'Start', children: [nodes[kind]!()] }]);
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    start: typeof startAction;
  }
}
