/**
 * Redis keys of campaigns, all under `${QUEUE_PREFIX}:campaigns` (so a hash-tagged prefix such as
 * `{texml}` keeps a campaign's keys, and the do-not-call set its scripts read, in one cluster slot).
 */
export interface CampaignKeySet {
  /** HASH: state, counters, pacing bucket, retry policy (JSON), import figures. */
  meta: string;
  /** STRING: the CampaignDefinition as JSON. */
  def: string;
  /** ZSET contact -> when it is due (ms): contacts waiting for their first or next attempt. */
  due: string;
  /** ZSET contact -> when its attempt was claimed (ms): calls holding a slot. */
  live: string;
  /** ZSET contact -> when it was last checked (ms): live attempts no callback has named a call sid for yet. */
  unconfirmed: string;
  /** HASH E.164 -> contact: duplicates are dropped on import. */
  phones: string;
  /** SET: this campaign's own do-not-call numbers. */
  dnc: string;
  /** ZSET `contact:attempt` -> when it was claimed: the current dial rate (last 60 s). */
  rate: string;
  /** LIST of JSON {line, message}: rows the import refused (capped). */
  invalid: string;
  /** Prefix of the per-contact HASHes (`contactPrefix + n`). */
  contactPrefix: string;
}

export interface CampaignKeys {
  /** ZSET id -> created at (ms). */
  index: string;
  /** SET of campaign ids a dispatcher must look at (running, paused, cancelling). */
  active: string;
  /** SET: numbers no campaign may call. */
  globalDnc: string;
  campaign(id: string): CampaignKeySet;
}

export function campaignKeys(queuePrefix: string): CampaignKeys {
  const root = `${queuePrefix}:campaigns`;
  return {
    index: `${root}:index`,
    active: `${root}:active`,
    globalDnc: `${root}:dnc`,
    campaign: (id) => {
      const base = `${root}:c:${id}`;
      return {
        meta: `${base}:meta`,
        def: `${base}:def`,
        due: `${base}:due`,
        live: `${base}:live`,
        unconfirmed: `${base}:unconfirmed`,
        phones: `${base}:phones`,
        dnc: `${base}:dnc`,
        rate: `${base}:rate`,
        invalid: `${base}:invalid`,
        contactPrefix: `${base}:contact:`,
      };
    },
  };
}
