import type { BodyReader } from '../body-reader';
import type { EmulatedApplication } from '../emulator-models';
import type { ApplicationInput } from '../state/application-store';
import { EmulatorValidationError } from '../errors/emulator-validation-error';
import { TelnyxErrorCodes } from '../errors/telnyx-error-codes';
import { flatPage, readFlatPage } from '../pagination';
import { applicationResource } from '../rest-resources';
import { param, type EmulatorEndpoint } from './emulator-endpoint';

const SORT_FIELDS = ['created_at', 'friendly_name', 'active'] as const;

/**
 * Reads a create or update body. On update (PATCH) fields left out keep their current value;
 * friendly_name and voice_url are required on both, as the SDK types them.
 */
function readApplication(body: BodyReader, existing: EmulatedApplication | undefined): ApplicationInput {
  const friendlyName = body.string('friendly_name', { required: true, maxLength: 255 });
  const voiceUrl = body.url('voice_url', { required: true });
  const inbound = body.object('inbound');
  const outbound = body.object('outbound');
  const input: ApplicationInput = {
    friendlyName: friendlyName as string,
    voiceUrl: voiceUrl as string,
    active: body.boolean('active') ?? existing?.active ?? true,
    anchorsiteOverride: body.string('anchorsite_override') ?? existing?.anchorsiteOverride ?? 'Latency',
    callCostInWebhooks: body.boolean('call_cost_in_webhooks') ?? existing?.callCostInWebhooks ?? false,
    dtmfType: body.oneOf('dtmf_type', ['RFC 2833', 'Inband', 'SIP INFO'] as const) ?? existing?.dtmfType ?? 'RFC 2833',
    firstCommandTimeout: body.boolean('first_command_timeout') ?? existing?.firstCommandTimeout ?? false,
    firstCommandTimeoutSecs: body.integer('first_command_timeout_secs', { min: 1 }) ?? existing?.firstCommandTimeoutSecs ?? 30,
    inbound: {
      channelLimit: inbound?.integer('channel_limit', { min: 1 }) ?? existing?.inbound.channelLimit,
      shakenStirEnabled: inbound?.boolean('shaken_stir_enabled') ?? existing?.inbound.shakenStirEnabled ?? false,
      sipSubdomain: inbound?.string('sip_subdomain') ?? existing?.inbound.sipSubdomain,
      sipSubdomainReceiveSettings:
        inbound?.oneOf('sip_subdomain_receive_settings', ['only_my_connections', 'from_anyone'] as const) ??
        existing?.inbound.sipSubdomainReceiveSettings ??
        'from_anyone',
    },
    outbound: {
      channelLimit: outbound?.integer('channel_limit', { min: 1 }) ?? existing?.outbound.channelLimit,
      outboundVoiceProfileId: outbound?.string('outbound_voice_profile_id') ?? existing?.outbound.outboundVoiceProfileId,
    },
    statusCallback: body.url('status_callback') ?? existing?.statusCallback,
    statusCallbackMethod: body.oneOf('status_callback_method', ['get', 'post'] as const) ?? existing?.statusCallbackMethod ?? 'post',
    tags: body.stringArray('tags') ?? existing?.tags ?? [],
    voiceFallbackUrl: body.url('voice_fallback_url') ?? existing?.voiceFallbackUrl,
    voiceMethod: body.oneOf('voice_method', ['get', 'post'] as const) ?? existing?.voiceMethod ?? 'post',
  };
  body.assertValid();
  return input;
}

function sortApplications(applications: EmulatedApplication[], sort: string | null): EmulatedApplication[] {
  if (!sort) return applications.sort((a, b) => b.createdAt - a.createdAt);
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  if (!(SORT_FIELDS as readonly string[]).includes(field)) {
    throw new EmulatorValidationError([
      { ...TelnyxErrorCodes.badRequest, detail: `'sort' must be one of ${SORT_FIELDS.join(', ')}, optionally prefixed with '-'.`, source: { parameter: 'sort' } },
    ]);
  }
  const key = (a: EmulatedApplication): string | number =>
    field === 'friendly_name' ? a.friendlyName.toLowerCase() : field === 'active' ? Number(a.active) : a.createdAt;
  const sorted = applications.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return descending ? sorted.reverse() : sorted;
}

/** The JSON:API-style TeXML application resource (`client.texmlApplications.*`). */
export const applicationEndpoints: readonly EmulatorEndpoint[] = [
  {
    name: 'applications.list',
    method: 'GET',
    path: '/texml_applications',
    handle(request, services) {
      const { query } = request;
      const nameFilter = query.get('filter[friendly_name]');
      if (nameFilter !== null && nameFilter.length < 3) {
        throw new EmulatorValidationError([
          {
            ...TelnyxErrorCodes.badRequest,
            detail: "'filter[friendly_name]' needs at least three characters.",
            source: { parameter: 'filter[friendly_name]' },
          },
        ]);
      }
      const profile = query.get('filter[outbound_voice_profile_id]');
      const page = readFlatPage(query);
      const matching = services.state
        .applications.list()
        .filter(
          (a) =>
            (nameFilter === null || a.friendlyName.toLowerCase().includes(nameFilter.toLowerCase())) &&
            (profile === null || a.outbound.outboundVoiceProfileId === profile),
        );
      const listed = flatPage(sortApplications(matching, query.get('sort')).map(applicationResource), page);
      return { body: listed };
    },
  },
  {
    name: 'applications.create',
    method: 'POST',
    path: '/texml_applications',
    handle(request, services) {
      const application = services.state.applications.create(readApplication(request.body, undefined));
      return { status: 201, body: { data: applicationResource(application) } };
    },
  },
  {
    name: 'applications.fetch',
    method: 'GET',
    path: '/texml_applications/:id',
    handle(request, services) {
      return { body: { data: applicationResource(services.state.applications.require(param(request, 'id'))) } };
    },
  },
  {
    name: 'applications.update',
    method: 'PATCH',
    path: '/texml_applications/:id',
    handle(request, services) {
      const existing = services.state.applications.require(param(request, 'id'));
      const updated = services.state.applications.update(existing.id, readApplication(request.body, existing));
      return { body: { data: applicationResource(updated) } };
    },
  },
  {
    name: 'applications.delete',
    method: 'DELETE',
    path: '/texml_applications/:id',
    handle(request, services) {
      const deleted = services.state.applications.delete(param(request, 'id'));
      return { body: { data: applicationResource(deleted) } };
    },
  },
];
