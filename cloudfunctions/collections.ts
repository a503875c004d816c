/**
 * The database this project needs: every collection and every index, declared once.
 *
 * The same list serves two purposes. The local cloud creates these collections and indexes when it
 * starts; setting up a real WeChat cloud environment means creating exactly these in the console
 * (云开发控制台 → 数据库), each with the permission 仅管理端可读写 ({"read": false, "write": false}), since
 * every read and write goes through a cloud function (see README, "Deploy").
 *
 * Platform limits the declaration must respect: at most 20 indexes per collection; a unique index
 * treats a missing field as null, so at most one document may lack it.
 */

/** One field of an index, in the order the index sorts by. */
export interface IndexField {
  /** Dot path of the field, e.g. `nodeId` or `happened.year`. */
  readonly field: string
  readonly direction: 1 | -1
}

export interface IndexDeclaration {
  /** Index name as it appears in the console; stable, so renames are deliberate. */
  readonly name: string
  readonly fields: readonly IndexField[]
  readonly unique?: boolean
}

export interface CollectionDeclaration {
  readonly name: string
  /** What the collection holds, for docs/data-model.md and the console. */
  readonly description: string
  readonly indexes: readonly IndexDeclaration[]
}

export const MAX_INDEXES_PER_COLLECTION = 20

/**
 * Every collection. `orgNodes` is the org tree (区 → 街道 → 社区 → 网格); `events` what was logged;
 * `users` who is who (openid → name, grants). Personal data lives apart: `caseParties` holds dispute
 * parties, nothing else does. Later features add theirs here, never elsewhere.
 */
export const COLLECTIONS: readonly CollectionDeclaration[] = [
  {
    name: 'orgNodes',
    description: '组织树 org tree: district → street → community → grid; nodes are retired, never deleted',
    indexes: [
      { name: 'by_parent', fields: [{ field: 'parentId', direction: 1 }] },
      { name: 'by_street', fields: [{ field: 'streetId', direction: 1 }] },
      { name: 'by_kind', fields: [{ field: 'kind', direction: 1 }] },
    ],
  },
  {
    name: 'events',
    description:
      '事件 everything logged (法律讲座, 矛盾纠纷 …), counted by the year it happened in China time',
    indexes: [
      {
        name: 'by_street_year_type',
        fields: [
          { field: 'streetId', direction: 1 },
          { field: 'year', direction: 1 },
          { field: 'type', direction: 1 },
        ],
      },
      {
        // A possible duplicate: the same node, date and type.
        name: 'by_node_happened',
        fields: [
          { field: 'nodeId', direction: 1 },
          { field: 'happenedOn', direction: -1 },
        ],
      },
      {
        // 我的记录: one person's events, newest first, filtered by type, month or status.
        name: 'by_creator_happened',
        fields: [
          { field: 'createdBy', direction: 1 },
          { field: 'happenedOn', direction: -1 },
        ],
      },
      {
        name: 'by_creator_month',
        fields: [
          { field: 'createdBy', direction: 1 },
          { field: 'month', direction: 1 },
        ],
      },
      {
        name: 'by_creator_type',
        fields: [
          { field: 'createdBy', direction: 1 },
          { field: 'type', direction: 1 },
        ],
      },
      {
        name: 'by_creator_status',
        fields: [
          { field: 'createdBy', direction: 1 },
          { field: 'listStatus', direction: 1 },
        ],
      },
      {
        // The events behind a figure (drill-down), newest first: exact in the index when the figure
        // filters on type only, so a page and its total cost the same whatever the street's size.
        name: 'by_street_type_voided_year_happened',
        fields: [
          { field: 'streetId', direction: 1 },
          { field: 'type', direction: 1 },
          { field: 'voided', direction: 1 },
          { field: 'year', direction: 1 },
          { field: 'happenedOn', direction: -1 },
        ],
      },
      {
        // A district's events of a year (drill-down, exports and closes above a street).
        name: 'by_ancestors_year',
        fields: [
          { field: 'ancestors', direction: 1 },
          { field: 'year', direction: 1 },
        ],
      },
      {
        // Open cases of a street, oldest first.
        name: 'by_street_open',
        fields: [
          { field: 'streetId', direction: 1 },
          { field: 'open', direction: 1 },
          { field: 'happenedOn', direction: 1 },
        ],
      },
    ],
  },
  {
    name: 'users',
    description: '用户 staff known to the product, keyed by their WeChat OPENID: name, grants, grant history',
    indexes: [{ name: 'by_street', fields: [{ field: 'streetId', direction: 1 }] }],
  },
  {
    name: 'invitations',
    description:
      '邀请 single-use invitations, keyed by the SHA-256 of the code (the code itself is never stored)',
    indexes: [
      {
        name: 'by_street_created',
        fields: [
          { field: 'streetId', direction: 1 },
          { field: 'createdAt', direction: -1 },
        ],
      },
    ],
  },
  {
    name: 'caseParties',
    description: '当事人信息 dispute parties (personal data), keyed by the case id; purged after retention',
    indexes: [
      {
        // Purging asks for the street's not-yet-purged cases closed before a date: exact in the index.
        name: 'by_street_purged_closed',
        fields: [
          { field: 'streetId', direction: 1 },
          { field: 'purged', direction: 1 },
          { field: 'closedOn', direction: 1 },
        ],
      },
    ],
  },
  {
    name: 'auditLog',
    description:
      "操作日志 every write, refusal, reading of unmasked personal data and export; an event's entries are its version history",
    indexes: [
      {
        // An event's version history: its entries in order.
        name: 'by_target_at',
        fields: [
          { field: 'target.id', direction: 1 },
          { field: 'at', direction: 1 },
        ],
      },
      {
        name: 'by_street_at',
        fields: [
          { field: 'streetId', direction: 1 },
          { field: 'at', direction: -1 },
        ],
      },
    ],
  },
  {
    name: 'consents',
    description: '隐私同意 the privacy-notice version each OPENID consented to, and when',
    indexes: [],
  },
  {
    name: 'settings',
    description:
      "设置 per-street settings: `street:<id>` the street's own event types, extra measures, figures, report template, closed years and late corrections; `retention:<id>`",
    indexes: [],
  },
  {
    name: 'rollups',
    description:
      '统计汇总 running totals per (org node, month, event type), written in the same transaction as each event: cells per (facet, day) with counts and sums of measures',
    indexes: [
      {
        // A street's months: a year's totals are one or two pages of this index.
        name: 'by_street_month',
        fields: [
          { field: 'streetId', direction: 1 },
          { field: 'month', direction: 1 },
        ],
      },
      {
        // A district's months (the streets below it).
        name: 'by_ancestors_month',
        fields: [
          { field: 'ancestors', direction: 1 },
          { field: 'month', direction: 1 },
        ],
      },
    ],
  },
  {
    name: 'yearCloses',
    description:
      '年度结账 `<streetId>:<year>`: the snapshot of every figure at the close, the definitions used, reopenings and exceptions',
    indexes: [
      {
        name: 'by_street_year',
        fields: [
          { field: 'streetId', direction: 1 },
          { field: 'year', direction: -1 },
        ],
      },
    ],
  },
  {
    name: 'yearCloseEvents',
    description:
      '结账明细 `<streetId>:<year>:<figure>:<n>`: the ids of the events behind each figure at the close, 2000 per document',
    indexes: [
      {
        name: 'by_street_year_figure',
        fields: [
          { field: 'streetId', direction: 1 },
          { field: 'year', direction: 1 },
          { field: 'figure', direction: 1 },
        ],
      },
    ],
  },
  {
    name: 'publications',
    description:
      '公开活动 the public face of an activity-type event (same _id): public fields only, checked by WeChat content security; residents read only these',
    indexes: [
      {
        // The residents' list: shown activities by start, upcoming ascending, past descending.
        name: 'by_visible_starts',
        fields: [
          { field: 'visible', direction: 1 },
          { field: 'startsAt', direction: 1 },
        ],
      },
      {
        name: 'by_visible_type_starts',
        fields: [
          { field: 'visible', direction: 1 },
          { field: 'type', direction: 1 },
          { field: 'startsAt', direction: 1 },
        ],
      },
      {
        name: 'by_visible_community_starts',
        fields: [
          { field: 'visible', direction: 1 },
          { field: 'communityId', direction: 1 },
          { field: 'startsAt', direction: 1 },
        ],
      },
      {
        // Staff: a street's publications, newest first.
        name: 'by_street_starts',
        fields: [
          { field: 'streetId', direction: 1 },
          { field: 'startsAt', direction: -1 },
        ],
      },
    ],
  },
  {
    name: 'mediaChecks',
    description:
      '图片检测 one asynchronous WeChat image check per trace_id: which publication image it is, and its verdict once pushed',
    indexes: [],
  },
  {
    name: 'reminders',
    description:
      '活动提醒 `<publication>|<openid>`: a resident asked (one-time subscription) to be reminded before an activity',
    indexes: [
      {
        // The timer: reminders waiting and due.
        name: 'by_status_due',
        fields: [
          { field: 'status', direction: 1 },
          { field: 'dueAt', direction: 1 },
        ],
      },
      {
        name: 'by_publication_status',
        fields: [
          { field: 'publicationId', direction: 1 },
          { field: 'status', direction: 1 },
        ],
      },
    ],
  },
  {
    name: 'rateLimits',
    description: '限流 failed invitation attempts per OPENID in the current window',
    indexes: [],
  },
]
